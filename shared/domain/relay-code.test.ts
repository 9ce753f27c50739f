import { describe, expect, it } from 'vitest'
import { RELAY_LINK_PREFIX, RelayCodeError, encodeRelayCode, parseRelayCode, relayLink } from './relay-code'

const publicKey = Uint8Array.from({ length: 32 }, (_, i) => i * 7)
const secret = Uint8Array.from({ length: 16 }, (_, i) => 255 - i)

function problemOf(input: string): string {
  try {
    parseRelayCode(input)
    return 'ok'
  } catch (error) {
    if (error instanceof RelayCodeError) return error.problem
    throw error
  }
}

describe('relay code', () => {
  it('round-trips as a bare code and as a planet://relay/ link, in groups of five', () => {
    const code = encodeRelayCode({ publicKey, secret })
    expect(code).toMatch(/^([0-9A-HJKMNP-TV-Z]{5}-){16}[0-9A-HJKMNP-TV-Z]{5}$/)
    expect(parseRelayCode(code)).toEqual({ publicKey, secret })
    expect(parseRelayCode(relayLink(code))).toEqual({ publicKey, secret })
    expect(relayLink(code).startsWith(RELAY_LINK_PREFIX)).toBe(true)
  })

  it('forgives spacing, case and the letters people confuse with digits', () => {
    const code = encodeRelayCode({ publicKey, secret })
    const sloppy = `  ${code.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'l')}\n`
    expect(parseRelayCode(sloppy)).toEqual({ publicKey, secret })
  })

  it('refuses empty, foreign, truncated, mistyped and future codes with a reason', () => {
    const code = encodeRelayCode({ publicKey, secret })
    expect(problemOf('')).toBe('empty')
    expect(problemOf('planet://relay/')).toBe('empty')
    expect(problemOf('hello, world!')).toBe('characters')
    expect(problemOf(code.slice(0, -1))).toBe('length')
    expect(problemOf(`${code}A`)).toBe('length')
    // One character changed anywhere: the checksum catches it.
    for (const position of [0, 20, 50, 84]) {
      const chars = code.replace(/-/g, '').split('')
      chars[position] = chars[position] === 'Z' ? 'Y' : 'Z'
      expect(problemOf(chars.join(''))).not.toBe('ok')
    }
    expect(() => encodeRelayCode({ publicKey: publicKey.slice(1), secret })).toThrow()
  })

  it('says a newer version when the version byte is unknown (with a valid checksum)', async () => {
    const { sha256 } = await import('@noble/hashes/sha2.js')
    const { base32crockford } = await import('@scure/base')
    const bytes = new Uint8Array(53)
    bytes[0] = 2
    bytes.set(publicKey, 1)
    bytes.set(secret, 33)
    bytes.set(sha256(bytes.subarray(0, 49)).subarray(0, 4), 49)
    expect(problemOf(base32crockford.encode(bytes))).toBe('version')
  })
})
