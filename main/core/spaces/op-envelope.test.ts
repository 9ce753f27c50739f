import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LIMITS } from '../../../shared/domain/people'
import type { SpaceOp } from '../../../shared/domain/ops'
import { deriveIdentityKeys } from '../identity/derivation'
import { generatePhrase } from '../identity/phrase'
import { sign } from '../identity/signing'
import { OP_ENVELOPE_VERSION, decodeOp, encodeOp } from './op-envelope'

const ada = deriveIdentityKeys(generatePhrase()).signing
const ben = deriveIdentityKeys(generatePhrase()).signing
const adaHex = Buffer.from(ada.publicKey).toString('hex')
const SPACE = 'a1'.repeat(32)
const OTHER_SPACE = 'b2'.repeat(32)
/** The signature's domain: part of the stored format, so pinned here rather than imported. */
const OP_DOMAIN = 'planet/op/v1\n'

const post: SpaceOp = { t: 'message.post', id: '0123456789abcdef0123456789abcdef', at: 1_700_000_000_000, sp: SPACE, text: 'hello **Ben**' }

/** An envelope around any payload string, signed (correctly) by `key`. */
function envelope(payload: string, key = ada, fields: Record<string, unknown> = {}): Buffer {
  const signature = Buffer.from(sign(Buffer.from(OP_DOMAIN + payload), key.secretKey)).toString('hex')
  return Buffer.from(JSON.stringify({ v: 1, a: Buffer.from(key.publicKey).toString('hex'), s: signature, p: payload, ...fields }))
}

function edit(bytes: Buffer, change: (envelope: Record<string, unknown>) => void): Buffer {
  const parsed = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>
  change(parsed)
  return Buffer.from(JSON.stringify(parsed))
}

function reasonOf(value: unknown, space = SPACE): string {
  const decoded = decodeOp(value, space)
  return decoded.ok ? 'ok' : decoded.reason
}

describe('encodeOp / decodeOp', () => {
  it('round-trips an op with its author', () => {
    expect(OP_ENVELOPE_VERSION).toBe(1)
    const decoded = decodeOp(encodeOp(post, ada), SPACE)
    expect(decoded).toEqual({ ok: true, author: adaHex, op: post })
  })

  it('round-trips every kind of op', () => {
    const base = { id: 'ff'.repeat(16), at: 0, sp: SPACE }
    const hex32 = 'cd'.repeat(32)
    const hex64 = 'ef'.repeat(64)
    const ops: SpaceOp[] = [
      { ...base, t: 'space.create', kind: 'dm' },
      { ...base, t: 'member.add', member: hex32, device: hex32, writer: hex32, deviceCert: hex64, memberSig: hex64, role: 'member' },
      { ...base, t: 'relationship.sign', inviter: hex32, invitee: hex32, since: 5, inviterSig: hex64, inviteeSig: hex64 },
      { ...base, t: 'profile.set', displayName: 'Ada', bio: '' },
      {
        ...base,
        t: 'message.post',
        text: '',
        replyTo: '00'.repeat(16),
        files: [{ id: '11'.repeat(16), name: 'a.png', size: 3, mime: 'image/png', core: hex32, blockOffset: 0, blockLength: 1, byteOffset: 0, byteLength: 3 }],
      },
      { ...base, t: 'message.edit', target: '00'.repeat(16), text: 'fixed' },
      { ...base, t: 'message.delete', target: '00'.repeat(16) },
      { ...base, t: 'reaction.set', target: '00'.repeat(16), emoji: '🎉', on: false },
      { ...base, t: 'read.mark', upTo: '00'.repeat(16) },
    ]
    for (const op of ops) expect(decodeOp(encodeOp(op, ben), SPACE)).toEqual({ ok: true, author: Buffer.from(ben.publicKey).toString('hex'), op })
  })

  it('signs the payload under the op domain, so the envelope can be verified by anyone', () => {
    const parsed = JSON.parse(encodeOp(post, ada).toString('utf8')) as { v: number; a: string; s: string; p: string }
    expect(parsed.v).toBe(1)
    expect(parsed.a).toBe(adaHex)
    expect(JSON.parse(parsed.p)).toEqual(post)
    // Rebuilding with the pinned domain gives the same bytes: the domain is what encodeOp uses.
    expect(envelope(parsed.p).toString('utf8')).toBe(encodeOp(post, ada).toString('utf8'))
  })

  it('refuses to encode an op over the size limit', () => {
    // The longest text of two-byte characters fits.
    expect(() => encodeOp({ ...post, text: 'é'.repeat(LIMITS.messageText) }, ada)).not.toThrow()
    // Quotes are escaped twice (payload, then envelope): at the text limit, with ten files, that is over 64 KiB.
    const files = Array.from({ length: 10 }, (_, i) => ({
      id: i.toString(16).padStart(32, '0'),
      name: 'n'.repeat(255),
      size: 1,
      mime: 'm'.repeat(255),
      core: 'cd'.repeat(32),
      blockOffset: 0,
      blockLength: 1,
      byteOffset: 0,
      byteLength: 1,
    }))
    const huge: SpaceOp = { ...post, text: '"'.repeat(LIMITS.messageText), files }
    expect(() => encodeOp(huge, ada)).toThrow(/over the 65536-byte limit/)
  })
})

describe('decodeOp rejects, with a reason', () => {
  const good = encodeOp(post, ada)

  it('oversized: more than the op limit, before reading it', () => {
    expect(reasonOf(Buffer.alloc(LIMITS.opBytes + 1, 0x20))).toBe('oversized')
    // Even a valid envelope padded with whitespace past the limit.
    expect(reasonOf(Buffer.concat([good, Buffer.alloc(LIMITS.opBytes, 0x20)]))).toBe('oversized')
    expect(reasonOf(Buffer.concat([good, Buffer.alloc(100, 0x20)]))).toBe('ok')
  })

  it.each([
    ['a string, not bytes', good.toString('utf8')],
    ['a Uint8Array that is not a Buffer', new Uint8Array(good)],
    ['undefined', undefined],
    ['not JSON', Buffer.from('{"v":1,')],
    ['JSON null', Buffer.from('null')],
    ['a JSON number', Buffer.from('42')],
    ['a JSON string', Buffer.from(JSON.stringify(good.toString('utf8')))],
    ['an empty object', Buffer.from('{}')],
    ['another version', edit(good, (e) => (e.v = 2))],
    ['the version as a string', edit(good, (e) => (e.v = '1'))],
    ['the payload as an object', edit(good, (e) => (e.p = post))],
    ['no payload', edit(good, (e) => delete e.p)],
    ['invalid UTF-8', Buffer.from([0xff, 0xfe, 0x7b, 0x7d])],
  ])('malformed: %s', (_, value) => {
    expect(reasonOf(value)).toBe('malformed')
  })

  it.each([
    ['no author', edit(good, (e) => delete e.a)],
    ['no signature', edit(good, (e) => delete e.s)],
    ['an author in capitals', edit(good, (e) => (e.a = (e.a as string).toUpperCase()))],
    ['a short author', edit(good, (e) => (e.a = (e.a as string).slice(2)))],
    ['a short signature', edit(good, (e) => (e.s = (e.s as string).slice(2)))],
    ['a signature in base64', edit(good, (e) => (e.s = Buffer.from(e.s as string, 'hex').toString('base64')))],
    ['the author as bytes', edit(good, (e) => (e.a = [...ada.publicKey]))],
  ])('unsigned: %s', (_, value) => {
    expect(reasonOf(value)).toBe('unsigned')
  })

  it.each([
    ['a changed payload', edit(good, (e) => (e.p = (e.p as string).replace('hello', 'HELLO')))],
    ['another author claimed', edit(good, (e) => (e.a = Buffer.from(ben.publicKey).toString('hex')))],
    ['a flipped signature bit', edit(good, (e) => (e.s = `${(e.s as string)[0] === '0' ? '1' : '0'}${(e.s as string).slice(1)}`))],
    ['a signature without the op domain', edit(good, (e) => (e.s = Buffer.from(sign(Buffer.from(e.p as string), ada.secretKey)).toString('hex')))],
    ['an all-zero author and signature', edit(good, (e) => ((e.a = '00'.repeat(32)), (e.s = '00'.repeat(64))))],
  ])('bad-signature: %s', (_, value) => {
    expect(reasonOf(value)).toBe('bad-signature')
  })

  it.each([
    ['a payload that is not JSON', envelope('hello')],
    ['a JSON payload that is not an op', envelope('[1,2,3]')],
    ['an unknown op type', envelope(JSON.stringify({ ...post, t: 'message.pin' }))],
    ['an unknown extra key (schemas are strict)', envelope(JSON.stringify({ ...post, secret: 'smuggled' }))],
    ['an unknown key inside a file', envelope(JSON.stringify({ ...post, files: [{ id: '11'.repeat(16), name: 'a', size: 1, mime: '', core: 'cd'.repeat(32), blockOffset: 0, blockLength: 1, byteOffset: 0, byteLength: 1, path: '/etc' }] }))],
    ['a missing field', envelope(JSON.stringify({ t: 'message.post', id: post.id, sp: SPACE, text: 'x' }))],
    ['an id in capitals', envelope(JSON.stringify({ ...post, id: post.id.toUpperCase() }))],
    ['text over the limit', envelope(JSON.stringify({ ...post, text: 'x'.repeat(LIMITS.messageText + 1) }))],
    ['a negative time', envelope(JSON.stringify({ ...post, at: -1 }))],
  ])('bad-payload: %s', (_, value) => {
    expect(reasonOf(value)).toBe('bad-payload')
  })

  it('bad-payload: encodeOp signs whatever it is given, decodeOp still refuses an extra key', () => {
    const smuggled = { ...post, extra: 1 } as unknown as SpaceOp
    expect(reasonOf(encodeOp(smuggled, ada))).toBe('bad-payload')
  })

  it('wrong-space: a valid op replayed into another space', () => {
    expect(reasonOf(good, OTHER_SPACE)).toBe('wrong-space')
    expect(reasonOf(good, SPACE)).toBe('ok')
  })
})

describe('decodeOp never throws', () => {
  function expectRejected(value: unknown): void {
    let decoded: ReturnType<typeof decodeOp> | undefined
    expect(() => (decoded = decodeOp(value, SPACE))).not.toThrow()
    expect(decoded?.ok).toBe(false)
  }

  it('on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 512 }), (bytes) => expectRejected(Buffer.from(bytes))))
  })

  it('on arbitrary JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => expectRejected(Buffer.from(JSON.stringify(value) ?? ''))))
  })

  it('on arbitrary values that are not bytes', () => {
    fc.assert(fc.property(fc.anything(), (value) => expectRejected(value)))
  })

  it('on envelope-shaped JSON with random keys and signatures', () => {
    const hex = (bytes: number) => fc.uint8Array({ minLength: bytes, maxLength: bytes }).map((b) => Buffer.from(b).toString('hex'))
    fc.assert(
      fc.property(hex(32), hex(64), fc.string(), (a, s, p) => expectRejected(Buffer.from(JSON.stringify({ v: 1, a, s, p })))),
    )
  })

  it('on correctly signed arbitrary payloads', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.jsonValue().map((value) => JSON.stringify(value) ?? '')), (payload) => expectRejected(envelope(payload))),
      { numRuns: 200 },
    )
  })

  it('on correctly signed ops with one field changed to an arbitrary value', () => {
    fc.assert(
      fc.property(fc.constantFrom('t', 'id', 'at', 'sp', 'text', 'replyTo', 'files'), fc.jsonValue(), (key, value) => {
        const payload = JSON.stringify({ ...post, [key]: value })
        const decoded = decodeOp(envelope(payload), SPACE)
        // Whatever happens, the result is a decision, and an accepted op passed the schema.
        if (decoded.ok) expect(decoded.op.sp).toBe(SPACE)
        else expect(['bad-payload', 'wrong-space']).toContain(decoded.reason)
      }),
      { numRuns: 200 },
    )
  })
})
