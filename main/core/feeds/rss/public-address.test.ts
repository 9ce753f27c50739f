import { describe, expect, it } from 'vitest'
import { fetchFeed } from './feed-fetcher'
import { isPublicAddress, requirePublicAddress } from './public-address'

describe('public addresses', () => {
  it.each([
    '10.0.0.1',
    '127.0.0.1',
    '0.0.0.0',
    '100.64.1.1',
    '169.254.169.254',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '192.0.2.1',
    '198.18.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fc00::1',
    'fd12:3456::1',
    'fe80::1',
    'ff02::1',
    '::ffff:192.168.1.1',
    '::ffff:7f00:1',
    '64:ff9b::10.0.0.1',
    '2001:db8::1',
    'not an address',
  ])('%s is not public', (address) => {
    expect(isPublicAddress(address)).toBe(false)
  })

  it.each(['93.184.215.14', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])('%s is public', (address) => {
    expect(isPublicAddress(address)).toBe(true)
  })

  it('refuses literal private hosts, local names, and names that resolve to any private address', async () => {
    const resolve = async (host: string) =>
      host === 'intranet.example' ? [{ address: '93.184.215.14' }, { address: '10.1.2.3' }] : host === 'example.org' ? [{ address: '93.184.215.14' }] : []
    await expect(requirePublicAddress(new URL('http://192.168.1.1/feed'), resolve)).rejects.toMatchObject({ code: 'FEED_BAD_URL' })
    await expect(requirePublicAddress(new URL('http://[::1]:8080/feed'), resolve)).rejects.toMatchObject({ code: 'FEED_BAD_URL' })
    await expect(requirePublicAddress(new URL('http://printer.local/feed'), resolve)).rejects.toMatchObject({ code: 'FEED_BAD_URL' })
    await expect(requirePublicAddress(new URL('http://localhost/feed'), resolve)).rejects.toMatchObject({ code: 'FEED_BAD_URL' })
    await expect(requirePublicAddress(new URL('https://intranet.example/feed'), resolve)).rejects.toMatchObject({ code: 'FEED_BAD_URL' })
    await expect(requirePublicAddress(new URL('https://nowhere.example/feed'), resolve)).rejects.toMatchObject({ code: 'FEED_BAD_URL' })
    await expect(requirePublicAddress(new URL('https://example.org/feed'), resolve)).resolves.toBeUndefined()
  })

  it('are checked again on every redirect: a public feed cannot redirect the fetch into the local network', async () => {
    const requested: string[] = []
    const fakeFetch = (async (url: string) => {
      requested.push(url)
      return new Response(null, { status: 302, headers: { location: 'http://10.0.0.1/admin' } })
    }) as typeof fetch
    const checkAddress = (url: URL) => requirePublicAddress(url, async () => [{ address: '93.184.215.14' }])
    await expect(fetchFeed('https://example.org/feed', { fetch: fakeFetch, checkAddress })).rejects.toMatchObject({ code: 'FEED_BAD_URL' })
    expect(requested).toEqual(['https://example.org/feed'])
  })
})
