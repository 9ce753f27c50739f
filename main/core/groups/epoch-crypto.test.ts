import { x25519 } from '@noble/curves/ed25519.js'
import fc from 'fast-check'
import sodium from 'sodium-native'
import { describe, expect, it } from 'vitest'
import type { SealedBox } from '../../../shared/domain/group-ops'
import { sealedBox } from '../../../shared/domain/group-ops'
import type { BoxContext } from './epoch-crypto'
import { EPOCH_KEY_BYTES, newEpochKey, openContent, openEpochKey, sealContent, sealEpochKey } from './epoch-crypto'

function sealingPair(): { publicKey: Uint8Array; secretKey: Uint8Array } {
  const secretKey = x25519.utils.randomSecretKey()
  return { publicKey: x25519.getPublicKey(secretKey), secretKey }
}

const dee = sealingPair()
const eve = sealingPair()
const context: BoxContext = { space: 'a1'.repeat(32), opId: '0123456789abcdef0123456789abcdef', type: 'message.post' }
const content = { text: 'hello **group** ✨', mentions: ['cd'.repeat(32)] }

/** Flip one bit of the byte at `index` of a base64 string's bytes. */
function flipByte(base64: string, index: number): string {
  const bytes = Buffer.from(base64, 'base64')
  bytes[index % bytes.length]! ^= 0x01
  return bytes.toString('base64')
}

describe('newEpochKey', () => {
  it('is 32 random bytes', () => {
    const a = newEpochKey()
    const b = newEpochKey()
    expect(a).toHaveLength(EPOCH_KEY_BYTES)
    expect(a.equals(b)).toBe(false)
  })
})

describe('sealEpochKey / openEpochKey', () => {
  it('round-trips an epoch key sealed to a member’s X25519 key', () => {
    const key = newEpochKey()
    const sealed = sealEpochKey(key, dee.publicKey)
    expect(sealed).toHaveLength(108)
    expect(openEpochKey(sealed, dee.publicKey, dee.secretKey)?.equals(key)).toBe(true)
    // Sealing is randomised (an ephemeral key each time), so two seals do not link.
    expect(sealEpochKey(key, dee.publicKey)).not.toBe(sealed)
  })

  it('fits the op schema’s sealed key field', () => {
    const sealed = sealEpochKey(newEpochKey(), dee.publicKey)
    expect(sealed.length).toBeLessThanOrEqual(120)
    expect(sealed).toMatch(/^[A-Za-z0-9+/]*={0,2}$/)
  })

  it('returns null for a key pair it was not sealed to', () => {
    const sealed = sealEpochKey(newEpochKey(), dee.publicKey)
    expect(openEpochKey(sealed, eve.publicKey, eve.secretKey)).toBeNull()
    expect(openEpochKey(sealed, dee.publicKey, eve.secretKey)).toBeNull()
    expect(openEpochKey(sealed, eve.publicKey, dee.secretKey)).toBeNull()
  })

  it('returns null for garbage and tampering', () => {
    const sealed = sealEpochKey(newEpochKey(), dee.publicKey)
    const bytes = Buffer.from(sealed, 'base64')
    const cases = [
      '',
      'not base64 at all!',
      '%%%%',
      'AAAA',
      sealed.slice(0, -8),
      Buffer.concat([bytes, Buffer.of(0, 0, 0)]).toString('base64'),
      Buffer.alloc(80).toString('base64'),
      flipByte(sealed, 0),
      flipByte(sealed, 40),
      flipByte(sealed, 79),
    ]
    for (const value of cases) expect(openEpochKey(value, dee.publicKey, dee.secretKey)).toBeNull()
  })

  it('never throws, whatever the input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.uint8Array({ minLength: 80, maxLength: 80 }).map((b) => Buffer.from(b).toString('base64'))), (value) => {
        expect(openEpochKey(value, dee.publicKey, dee.secretKey)).toBeNull()
      }),
      { numRuns: 200 },
    )
  })
})

describe('sealContent / openContent', () => {
  const key = newEpochKey()

  it('round-trips content under the epoch key, in the shape the op schema takes', () => {
    const box = sealContent(content, 3, key, context)
    expect(box.e).toBe(3)
    expect(sealedBox.safeParse(box).success).toBe(true)
    expect(openContent(box, key, context)).toEqual(content)
    // A fresh nonce each time.
    expect(sealContent(content, 3, key, context).n).not.toBe(box.n)
  })

  it('round-trips any JSON content', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const expected = JSON.parse(JSON.stringify(value)) as unknown
        expect(openContent(sealContent(value, 0, key, context), key, context)).toEqual(expected)
      }),
      { numRuns: 100 },
    )
  })

  it('returns null with another epoch key', () => {
    const box = sealContent(content, 0, key, context)
    expect(openContent(box, newEpochKey(), context)).toBeNull()
    expect(openContent(box, Buffer.alloc(EPOCH_KEY_BYTES), context)).toBeNull()
  })

  it('binds the header: another op id, type or space does not open', () => {
    const box = sealContent(content, 0, key, context)
    expect(openContent(box, key, { ...context, opId: 'f'.repeat(32) })).toBeNull()
    expect(openContent(box, key, { ...context, type: 'message.edit' })).toBeNull()
    expect(openContent(box, key, { ...context, space: 'b2'.repeat(32) })).toBeNull()
    expect(openContent(box, key, { ...context })).toEqual(content)
  })

  it('binds the epoch number: a box relabelled to another epoch does not open, even with the same key', () => {
    const box = sealContent(content, 2, key, context)
    expect(openContent({ ...box, e: 1 }, key, context)).toBeNull()
    expect(openContent({ ...box, e: 3 }, key, context)).toBeNull()
    expect(openContent(box, key, context)).toEqual(content)
  })

  it('returns null for a flipped ciphertext, tag or nonce byte', () => {
    const box = sealContent(content, 0, key, context)
    const length = Buffer.from(box.c, 'base64').length
    for (const index of [0, 5, length - 17, length - 16, length - 1]) {
      expect(openContent({ ...box, c: flipByte(box.c, index) }, key, context)).toBeNull()
    }
    for (const index of [0, 12, 23]) expect(openContent({ ...box, n: flipByte(box.n, index) }, key, context)).toBeNull()
  })

  it('returns null for a truncated or extended ciphertext, and a nonce of the wrong size', () => {
    const box = sealContent(content, 0, key, context)
    const bytes = Buffer.from(box.c, 'base64')
    expect(openContent({ ...box, c: bytes.subarray(0, bytes.length - 1).toString('base64') }, key, context)).toBeNull()
    expect(openContent({ ...box, c: Buffer.concat([bytes, Buffer.of(0)]).toString('base64') }, key, context)).toBeNull()
    expect(openContent({ ...box, c: bytes.subarray(0, 15).toString('base64') }, key, context)).toBeNull()
    expect(openContent({ ...box, c: '' }, key, context)).toBeNull()
    expect(openContent({ ...box, n: Buffer.alloc(12).toString('base64') }, key, context)).toBeNull()
    expect(openContent({ ...box, n: '' }, key, context)).toBeNull()
  })

  it('pins the associated data (a stored format), and a plaintext that is not JSON opens as null', () => {
    // Sealed by hand with the documented associated data: it opens, so the format is what openContent uses.
    const seal = (plaintext: string): SealedBox => {
      const nonce = Buffer.alloc(24, 9)
      const message = Buffer.from(plaintext)
      const ad = Buffer.from(`planet/group-content/v1\n${context.space}\n${context.opId}\n${context.type}\n4`)
      const ciphertext = Buffer.alloc(message.length + 16)
      sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(ciphertext, message, ad, null, nonce, key)
      return { e: 4, n: nonce.toString('base64'), c: ciphertext.toString('base64') }
    }
    expect(openContent(seal('{"text":"by hand"}'), key, context)).toEqual({ text: 'by hand' })
    expect(openContent(seal('not json'), key, context)).toBeNull()
    expect(openContent(seal(''), key, context)).toBeNull()
  })

  it('never throws on malformed base64 or arbitrary boxes', () => {
    const box = sealContent(content, 0, key, context)
    for (const bad of ['!!!!', '====', 'A', 'AB=C', '\u0000\u00ff', '💥'.repeat(20), ' '.repeat(40)]) {
      expect(() => openContent({ ...box, c: bad }, key, context)).not.toThrow()
      expect(openContent({ ...box, c: bad }, key, context)).toBeNull()
      expect(openContent({ ...box, n: bad }, key, context)).toBeNull()
    }
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer(), (n, c, e) => {
        expect(openContent({ e, n, c }, key, context)).toBeNull()
      }),
      { numRuns: 300 },
    )
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 24, maxLength: 24 }), fc.uint8Array({ maxLength: 200 }), (n, c) => {
        expect(openContent({ e: 0, n: Buffer.from(n).toString('base64'), c: Buffer.from(c).toString('base64') }, key, context)).toBeNull()
      }),
      { numRuns: 300 },
    )
  })
})
