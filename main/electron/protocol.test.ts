import { describe, expect, it } from 'vitest'
import { PendingLink, findPlanetLink, parsePlanetLink } from './protocol'

const CODE = 'yry7x3b5kq9w1d8e'

describe('parsePlanetLink', () => {
  it.each([
    [`planet://invite/${CODE}`, CODE],
    [`planet://invite/${CODE}/`, CODE],
    [`PLANET://INVITE/${CODE}`, CODE],
    ['planet://invite/AbC-_0123456789xyz', 'AbC-_0123456789xyz'],
  ])('reads an invite from %s', (url, code) => {
    expect(parsePlanetLink(url)).toEqual({ kind: 'invite', code })
  })

  it.each([
    'planet://invite/',
    'planet://invite',
    'planet://invite/short',
    `planet://invite/${CODE}/extra`,
    `planet://invite/${CODE}?next=https://evil.example`,
    `planet://invite/${CODE}#frag`,
    `planet://user:pw@invite/${CODE}`,
    `planet://invite:8080/${CODE}`,
    `planet://contact/${CODE}`,
    `planet:invite/${CODE}`,
    `planet:///invite/${CODE}`,
    `https://invite/${CODE}`,
    `planet://invite/${CODE}%2F..`,
    `planet://invite/${CODE}%00`,
    'planet://invite/has space in it',
    `planet://invite/${'a'.repeat(3000)}`,
    'javascript:alert(1)',
    '',
    'not a url',
  ])('refuses %s', (url) => {
    expect(parsePlanetLink(url)).toBeNull()
  })

  it('refuses non-strings', () => {
    expect(parsePlanetLink(undefined)).toBeNull()
    expect(parsePlanetLink({ href: `planet://invite/${CODE}` })).toBeNull()
  })
})

describe('findPlanetLink', () => {
  it('finds the link among the arguments a second instance was started with', () => {
    const argv = ['/opt/PLANET/planet', '--no-sandbox', '--allow-file-access-from-files', `planet://invite/${CODE}`]
    expect(findPlanetLink(argv)).toEqual({ kind: 'invite', code: CODE })
  })

  it('skips malformed links and returns the first good one', () => {
    expect(findPlanetLink(['app', 'planet://invite/bad', `planet://invite/${CODE}`])).toEqual({ kind: 'invite', code: CODE })
  })

  it('returns null when there is no link', () => {
    expect(findPlanetLink(['app', '--flag', 'https://example.com'])).toBeNull()
    expect(findPlanetLink([])).toBeNull()
  })
})

describe('PendingLink', () => {
  it('keeps the latest valid link until it is taken, once', () => {
    const pending = new PendingLink()
    expect(pending.take()).toBeNull()
    expect(pending.offer(parsePlanetLink(`planet://invite/${CODE}`))).toBe(true)
    expect(pending.offer(parsePlanetLink('planet://invite/bad'))).toBe(false)
    expect(pending.offer(parsePlanetLink('planet://invite/zzzzzzzzzz'))).toBe(true)
    expect(pending.take()).toEqual({ kind: 'invite', code: 'zzzzzzzzzz' })
    expect(pending.take()).toBeNull()
  })
})
