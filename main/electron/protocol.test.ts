import { describe, expect, it } from 'vitest'
import { LinkInbox, findPlanetLink, parsePlanetLink } from './protocol'

const CODE = 'yry7x3b5kq9w1d8e'

describe('parsePlanetLink', () => {
  it.each([
    [`planet://invite/${CODE}`, CODE],
    [`planet://invite/${CODE}/`, CODE],
    [`PLANET://INVITE/${CODE}`, CODE],
    ['planet://invite/AbC-_0123456789xyz', 'AbC-_0123456789xyz'],
    // The shape invites.create makes: groups of five, joined by dashes.
    ['planet://invite/075J8-55DHG-0B1GX-4W0MN-67NQ7-C1RBV-HWGNR-0YXVA-NQZBX-BG4SW-5BWTX-8ZVEB-6G', '075J8-55DHG-0B1GX-4W0MN-67NQ7-C1RBV-HWGNR-0YXVA-NQZBX-BG4SW-5BWTX-8ZVEB-6G'],
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

describe('LinkInbox', () => {
  it('keeps only the newest valid link that arrives before the core, and hands it over on attach', () => {
    const inbox = new LinkInbox()
    expect(inbox.offer(parsePlanetLink(`planet://invite/${CODE}`))).toBe(true)
    expect(inbox.offer(parsePlanetLink('planet://invite/bad'))).toBe(false)
    expect(inbox.offer(parsePlanetLink('planet://invite/zzzzzzzzzz'))).toBe(true)
    const delivered: unknown[] = []
    inbox.attach((link) => delivered.push(link))
    expect(delivered).toEqual([{ kind: 'invite', code: 'zzzzzzzzzz' }])
  })

  it('passes later links straight through, and nothing when none came early', () => {
    const inbox = new LinkInbox()
    const delivered: unknown[] = []
    inbox.attach((link) => delivered.push(link))
    expect(delivered).toEqual([])
    inbox.offer(findPlanetLink(['planet', `planet://invite/${CODE}`]))
    inbox.offer(findPlanetLink(['planet', '--no-link']))
    inbox.offer(parsePlanetLink('planet://invite/yyyyyyyyyy'))
    expect(delivered).toEqual([
      { kind: 'invite', code: CODE },
      { kind: 'invite', code: 'yyyyyyyyyy' },
    ])
  })

  it('drops links after detach', () => {
    const inbox = new LinkInbox()
    const delivered: unknown[] = []
    inbox.attach((link) => delivered.push(link))
    inbox.detach()
    expect(inbox.offer(parsePlanetLink(`planet://invite/${CODE}`))).toBe(true)
    expect(delivered).toEqual([])
    inbox.attach((link) => delivered.push(link))
    expect(delivered).toEqual([])
  })
})
