import hypercoreCrypto from 'hypercore-crypto'
import type { z } from 'zod'
import { LIMITS } from '../../../shared/domain/people'
import type { SpaceOp } from '../../../shared/domain/ops'
import { spaceOp } from '../../../shared/domain/ops'
import { sign } from '../identity/signing'

/**
 * The bytes a member appends to their writer core:
 *   {"v":1,"a":<author identity key hex>,"s":<signature hex>,"p":<payload JSON string>}
 * The signature covers OP_DOMAIN + the payload string exactly as stored, so
 * nothing has to be re-serialised canonically to verify it.
 */
export const OP_ENVELOPE_VERSION = 1
const OP_DOMAIN = Buffer.from('planet/op/v1\n')

export type RejectReason = 'oversized' | 'malformed' | 'unsigned' | 'bad-signature' | 'bad-payload' | 'wrong-space'

export type DecodedOp<Op = SpaceOp> = { ok: true; author: string; op: Op } | { ok: false; reason: RejectReason }

/** Any op with the common fields every space's ops carry. */
export interface BaseOp {
  id: string
  at: number
  sp: string
}

/**
 * noble's ed25519.sign re-derives the expanded key on every call (about 1 ms);
 * sodium signs in microseconds with a 64-byte key made once from the same
 * seed. Cached per secret-key array, and dropped (and wiped) as soon as that
 * array no longer holds the seed it was made from: the identity keys are
 * wiped on lock.
 */
const sodiumKeys = new WeakMap<Uint8Array, { seed: Buffer; secretKey: Buffer }>()

function signFast(message: Buffer, secretKey: Uint8Array): Uint8Array {
  let cached = sodiumKeys.get(secretKey)
  if (cached && !cached.seed.equals(secretKey)) {
    cached.seed.fill(0)
    cached.secretKey.fill(0)
    sodiumKeys.delete(secretKey)
    cached = undefined
  }
  if (!cached) {
    if (secretKey.length !== 32 || secretKey.every((byte) => byte === 0)) return sign(message, secretKey)
    cached = { seed: Buffer.from(secretKey), secretKey: hypercoreCrypto.keyPair(secretKey).secretKey }
    sodiumKeys.set(secretKey, cached)
  }
  return hypercoreCrypto.sign(message, cached.secretKey)
}

export function encodeOp<Op extends BaseOp>(op: Op, author: { publicKey: Uint8Array; secretKey: Uint8Array }): Buffer {
  const payload = JSON.stringify(op)
  const signature = signFast(Buffer.concat([OP_DOMAIN, Buffer.from(payload)]), author.secretKey)
  const envelope = JSON.stringify({ v: OP_ENVELOPE_VERSION, a: Buffer.from(author.publicKey).toString('hex'), s: Buffer.from(signature).toString('hex'), p: payload })
  const bytes = Buffer.from(envelope)
  if (bytes.byteLength > LIMITS.opBytes) throw new Error(`op of ${bytes.byteLength} bytes is over the ${LIMITS.opBytes}-byte limit`)
  return bytes
}

/**
 * Decode and verify an op from a peer's core. Never throws: anything wrong is
 * a reason, counted by the caller. Deterministic (no clock, no local state),
 * as `apply` requires.
 */
export function decodeOp<Op extends BaseOp = SpaceOp>(value: unknown, spaceKeyHex: string, schema: z.ZodType<Op> = spaceOp as unknown as z.ZodType<Op>): DecodedOp<Op> {
  if (!Buffer.isBuffer(value)) return { ok: false, reason: 'malformed' }
  if (value.byteLength > LIMITS.opBytes) return { ok: false, reason: 'oversized' }
  let envelope: unknown
  try {
    envelope = JSON.parse(value.toString('utf8'))
  } catch {
    return { ok: false, reason: 'malformed' }
  }
  if (typeof envelope !== 'object' || envelope === null) return { ok: false, reason: 'malformed' }
  const { v, a, s, p } = envelope as Record<string, unknown>
  if (v !== OP_ENVELOPE_VERSION || typeof p !== 'string') return { ok: false, reason: 'malformed' }
  if (typeof a !== 'string' || typeof s !== 'string' || !/^[0-9a-f]{64}$/.test(a) || !/^[0-9a-f]{128}$/.test(s)) {
    return { ok: false, reason: 'unsigned' }
  }
  const ok = hypercoreCrypto.verify(Buffer.concat([OP_DOMAIN, Buffer.from(p)]), Buffer.from(s, 'hex'), Buffer.from(a, 'hex'))
  if (!ok) return { ok: false, reason: 'bad-signature' }
  let json: unknown
  try {
    json = JSON.parse(p)
  } catch {
    return { ok: false, reason: 'bad-payload' }
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) return { ok: false, reason: 'bad-payload' }
  if (parsed.data.sp !== spaceKeyHex) return { ok: false, reason: 'wrong-space' }
  return { ok: true, author: a, op: parsed.data }
}
