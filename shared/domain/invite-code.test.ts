import { sha256 } from '@noble/hashes/sha2.js'
import { base32crockford } from '@scure/base'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { InviteCodeProblem } from './invite-code'
import { INVITE_CODE_VERSION, INVITE_LINK_PREFIX, InviteCodeError, encodeGroupLinkCode, encodeInviteCode, inviteLink, parseAnyCode, parseGroupLinkCode, parseInviteCode } from './invite-code'

/** Crockford's alphabet as codes are written (I, L, O and U never appear; the decoder reads I/L as 1 and O as 0). */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

const SECRET = Uint8Array.from({ length: 16 }, (_, i) => i + 1)
const DISCOVERY_KEY = Uint8Array.from({ length: 32 }, (_, i) => 255 - i)

const secrets = fc.uint8Array({ minLength: 16, maxLength: 16 })
const discoveryKeys = fc.uint8Array({ minLength: 32, maxLength: 32 })

function problemOf(input: string): { problem: InviteCodeProblem; message: string } {
  try {
    parseInviteCode(input)
  } catch (error) {
    expect(error).toBeInstanceOf(InviteCodeError)
    const { problem, message } = error as InviteCodeError
    return { problem, message }
  }
  throw new Error(`expected ${JSON.stringify(input)} to be refused`)
}

function bare(code: string): string {
  return code.replace(/-/g, '')
}

function substitute(text: string, index: number, char: string): string {
  return text.slice(0, index) + char + text.slice(index + 1)
}

/** A code with a valid checksum around whatever version byte it is given: what a future PLANET could send. */
function codeWithVersion(version: number): string {
  const payload = new Uint8Array(49)
  payload[0] = version
  payload.set(SECRET, 1)
  payload.set(DISCOVERY_KEY, 17)
  const bytes = new Uint8Array(51)
  bytes.set(payload)
  bytes.set(sha256(payload).subarray(0, 2), 49)
  return base32crockford.encode(bytes)
}

describe('encodeInviteCode / parseInviteCode', () => {
  it('round-trips the secret and discovery key', () => {
    const parsed = parseInviteCode(encodeInviteCode({ secret: SECRET, discoveryKey: DISCOVERY_KEY }))
    expect(parsed).toEqual({ secret: SECRET, discoveryKey: DISCOVERY_KEY })
  })

  it('round-trips any secret and discovery key', () => {
    fc.assert(
      fc.property(secrets, discoveryKeys, (secret, discoveryKey) => {
        const code = encodeInviteCode({ secret, discoveryKey })
        expect(parseInviteCode(code)).toEqual({ secret, discoveryKey })
        expect(parseInviteCode(inviteLink(code))).toEqual({ secret, discoveryKey })
      }),
    )
  })

  it('writes 82 characters of Crockford base32 in dash-separated groups of five', () => {
    fc.assert(
      fc.property(secrets, discoveryKeys, (secret, discoveryKey) => {
        const code = encodeInviteCode({ secret, discoveryKey })
        expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){16}[0-9A-HJKMNP-TV-Z]{2}$/)
        expect(bare(code)).toHaveLength(82)
      }),
    )
  })

  it('refuses a secret or discovery key of the wrong size', () => {
    expect(() => encodeInviteCode({ secret: new Uint8Array(15), discoveryKey: DISCOVERY_KEY })).toThrow(/16 bytes/)
    expect(() => encodeInviteCode({ secret: SECRET, discoveryKey: new Uint8Array(33) })).toThrow(/32 bytes/)
  })

  it('makes the link form', () => {
    expect(INVITE_LINK_PREFIX).toBe('planet://invite/')
    expect(inviteLink('ABCDE-FGHJK')).toBe('planet://invite/ABCDE-FGHJK')
  })
})

describe('parseInviteCode accepts the code as people paste or type it', () => {
  const code = encodeInviteCode({ secret: SECRET, discoveryKey: DISCOVERY_KEY })
  const expected = { secret: SECRET, discoveryKey: DISCOVERY_KEY }

  it.each([
    ['the link', `planet://invite/${code}`],
    ['the link in capitals', `PLANET://INVITE/${code}`],
    ['the link surrounded by spaces', `  planet://invite/${code}\n`],
    ['lower case', code.toLowerCase()],
    ['mixed case', [...code].map((char, i) => (i % 2 ? char.toLowerCase() : char)).join('')],
    ['no dashes', bare(code)],
    ['spaces instead of dashes', code.replace(/-/g, ' ')],
    ['extra spaces, dashes and line breaks', `\t${code.replace(/-/g, ' -- ')}\r\n`],
    ['groups split over lines', code.replace(/-/g, '\n')],
  ])('%s', (_, input) => {
    expect(parseInviteCode(input)).toEqual(expected)
  })
})

describe('parseInviteCode explains what is wrong', () => {
  const code = encodeInviteCode({ secret: SECRET, discoveryKey: DISCOVERY_KEY })

  it.each(['', '   ', ' - - ', 'planet://invite/', '  planet://invite/  '])('empty: %j', (input) => {
    expect(problemOf(input)).toEqual({ problem: 'empty', message: 'Paste the invite code or link you were sent.' })
  })

  it.each([
    ['punctuation', 'hello!'],
    ['a U (not in the alphabet)', substitute(bare(code), 10, 'U')],
    ['a web address', 'https://example.com/invite/ABC'],
    ['another app link', `planet://contact/${code}`],
    ['underscores', code.replace(/-/g, '_')],
  ])('characters: %s', (_, input) => {
    expect(problemOf(input)).toEqual({
      problem: 'characters',
      message: 'This is not an invite code: it has characters an invite never contains.',
    })
  })

  it.each([
    ['the last group missing', code.slice(0, code.lastIndexOf('-'))],
    ['one character missing', bare(code).slice(0, -1)],
    ['one character too many', `${bare(code)}0`],
    ['pasted twice', code + code],
    ['a few characters', '2ANG'],
  ])('length: %s', (_, input) => {
    expect(problemOf(input)).toEqual({
      problem: 'length',
      message: 'This invite code is incomplete or too long. Copy the whole code again.',
    })
  })

  it('version: a code from a newer PLANET, with a valid checksum', () => {
    expect(INVITE_CODE_VERSION).toBe(1)
    expect(parseInviteCode(codeWithVersion(1))).toEqual({ secret: SECRET, discoveryKey: DISCOVERY_KEY })
    for (const version of [0, 3, 255]) {
      expect(problemOf(codeWithVersion(version))).toEqual({
        problem: 'version',
        message: 'This invite was made by a newer version of PLANET. Update the app to accept it.',
      })
    }
  })

  it('checksum: one mistyped character in the middle', () => {
    const text = bare(code)
    const typo = substitute(text, 40, text[40] === '7' ? '8' : '7')
    expect(problemOf(typo)).toEqual({
      problem: 'checksum',
      message: 'This invite code has a typo: check it against the one you were sent.',
    })
  })

  it('checksum, not length, for a typo in the last character', () => {
    // The last character holds 3 data bits and 2 padding bits: most typos there set a padding bit.
    const text = bare(code)
    for (const char of ALPHABET) {
      if (char === text.at(-1)) continue
      expect(problemOf(substitute(text, text.length - 1, char)).problem).toBe('checksum')
    }
  })
})

describe('a single changed character never yields an invite', () => {
  /**
   * Position 0 and most of position 1 hold the version byte, so a typo there
   * reads as a code from another version; everywhere else it is a typo. The
   * 16-bit checksum misses one payload substitution in 65,536, so these are
   * run on fixed inputs (an exhaustive pass over one code, and a seeded
   * property run), and pass the same way every time.
   */
  function expectCaught(text: string, index: number, char: string): void {
    const { problem } = problemOf(substitute(text, index, char))
    expect(index < 2 ? ['version', 'checksum'] : ['checksum']).toContain(problem)
  }

  it('every substitution in one code', () => {
    const text = bare(encodeInviteCode({ secret: new Uint8Array(16).fill(7), discoveryKey: new Uint8Array(32).fill(9) }))
    let tried = 0
    for (let index = 0; index < text.length; index++) {
      for (const char of ALPHABET) {
        if (char === text[index]) continue
        expectCaught(text, index, char)
        tried++
      }
    }
    expect(tried).toBe(82 * 31)
  })

  it('random codes, random substitutions (also in lower case and link form)', () => {
    fc.assert(
      fc.property(
        secrets,
        discoveryKeys,
        fc.nat({ max: 81 }),
        fc.nat({ max: 30 }),
        fc.constantFrom<'plain' | 'lower' | 'link'>('plain', 'lower', 'link'),
        (secret, discoveryKey, index, pick, form) => {
          const text = bare(encodeInviteCode({ secret, discoveryKey }))
          const others = [...ALPHABET].filter((char) => char !== text[index])
          const typo = substitute(text, index, others[pick]!)
          const input = form === 'lower' ? typo.toLowerCase() : form === 'link' ? inviteLink(typo) : typo
          const { problem } = problemOf(input)
          expect(index < 2 ? ['version', 'checksum'] : ['checksum']).toContain(problem)
        },
      ),
      { seed: 20_240_601, numRuns: 500 },
    )
  })
})

describe('look-alike letters', () => {
  it('reads O as 0 and I or L as 1, as Crockford base32 intends', () => {
    const invite = { secret: new Uint8Array(16).fill(7), discoveryKey: new Uint8Array(32).fill(9) }
    const code = encodeInviteCode(invite)
    const mistyped = code.replace(/0/g, 'O').replace(/1/g, 'l')
    expect(mistyped).not.toBe(code)
    expect(parseInviteCode(mistyped)).toEqual(parseInviteCode(code))
  })
})

describe('group links (version 2)', () => {
  const link = { secret: new Uint8Array(16).fill(3), groupKey: new Uint8Array(32).fill(5) }

  it('round-trip through parseGroupLinkCode and say what they are', () => {
    const code = encodeGroupLinkCode(link)
    expect(parseGroupLinkCode(code)).toEqual(link)
    expect(parseGroupLinkCode(inviteLink(code).toUpperCase())).toEqual(link)
    expect(parseAnyCode(code)).toEqual({ kind: 'group', ...link })
  })

  it('are not mistaken for contact invites, nor the other way round', () => {
    const code = encodeGroupLinkCode(link)
    expect(() => parseInviteCode(code)).toThrow(/group link/)
    const invite = encodeInviteCode({ secret: link.secret, discoveryKey: link.groupKey })
    expect(() => parseGroupLinkCode(invite)).toThrow(/not a group link/)
    expect(parseAnyCode(invite)).toMatchObject({ kind: 'contact' })
  })
})
