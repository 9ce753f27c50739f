import { ed25519 } from '@noble/curves/ed25519.js'
import { base58 } from '@scure/base'

/**
 * Ed25519 signatures and `did:key` identifiers for identity keys.
 *
 * Verification is strict RFC 8032 (`zip215: false`): it refuses non-canonical
 * encodings, as libsodium does, so a signature that one peer accepts through
 * noble is not refused by another that later verifies in bulk with
 * sodium-native (ARCHITECTURE.md §6). Ops are validated deterministically in
 * `apply`, so every peer must draw the same line.
 */

export const PUBLIC_KEY_LENGTH = 32
export const SECRET_KEY_LENGTH = 32
export const SIGNATURE_LENGTH = 64

/** did:key method prefix; the method-specific id is multibase base58btc (leading "z"). */
const DID_KEY_PREFIX = 'did:key:z'
/** Multicodec `ed25519-pub` (0xed) as an unsigned varint: 0xed 0x01. */
const ED25519_PUB_MULTICODEC = Uint8Array.of(0xed, 0x01)

/** Sign a message with a 32-byte Ed25519 secret key; returns the 64-byte signature. */
export function sign(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== SECRET_KEY_LENGTH) {
    throw new TypeError(`an Ed25519 secret key is ${SECRET_KEY_LENGTH} bytes`)
  }
  return ed25519.sign(message, secretKey)
}

/**
 * True only for a valid signature of this message by this key. Input comes
 * from peers, so anything malformed (wrong lengths, not bytes, a public key
 * that is not a curve point) is simply `false`: callers never need a try.
 */
export function verify(signature: unknown, message: unknown, publicKey: unknown): boolean {
  if (!(signature instanceof Uint8Array) || signature.length !== SIGNATURE_LENGTH) return false
  if (!(message instanceof Uint8Array)) return false
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== PUBLIC_KEY_LENGTH) return false
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false })
  } catch {
    return false
  }
}

/** `did:key:z6Mk…` for a 32-byte Ed25519 public key (W3C did:key, multicodec 0xed01, base58btc). */
export function publicKeyToDid(publicKey: Uint8Array): string {
  if (!(publicKey instanceof Uint8Array) || publicKey.length !== PUBLIC_KEY_LENGTH) {
    throw new TypeError(`an Ed25519 public key is ${PUBLIC_KEY_LENGTH} bytes`)
  }
  const bytes = new Uint8Array(ED25519_PUB_MULTICODEC.length + PUBLIC_KEY_LENGTH)
  bytes.set(ED25519_PUB_MULTICODEC, 0)
  bytes.set(publicKey, ED25519_PUB_MULTICODEC.length)
  return DID_KEY_PREFIX + base58.encode(bytes)
}

/**
 * The Ed25519 public key inside a `did:key`. Throws a TypeError naming the
 * problem for anything else: another method, a DID URL (path, query,
 * fragment), another key type, a wrong length, or bytes that are not a point
 * on the curve — a DID we cannot verify signatures against is useless.
 */
export function didToPublicKey(did: string): Uint8Array {
  if (typeof did !== 'string') throw new TypeError('a DID is a string')
  if (!did.startsWith(DID_KEY_PREFIX)) throw new TypeError('not a base58btc did:key (expected "did:key:z…")')
  const encoded = did.slice(DID_KEY_PREFIX.length)
  let bytes: Uint8Array
  try {
    bytes = base58.decode(encoded)
  } catch {
    throw new TypeError('did:key is not valid base58btc (a DID URL with a path, query or fragment is not a DID)')
  }
  if (bytes[0] !== ED25519_PUB_MULTICODEC[0] || bytes[1] !== ED25519_PUB_MULTICODEC[1]) {
    throw new TypeError('did:key does not hold an Ed25519 public key (multicodec 0xed01)')
  }
  if (bytes.length !== ED25519_PUB_MULTICODEC.length + PUBLIC_KEY_LENGTH) {
    throw new TypeError(`did:key holds ${bytes.length - ED25519_PUB_MULTICODEC.length} key bytes, an Ed25519 key is ${PUBLIC_KEY_LENGTH}`)
  }
  const publicKey = bytes.slice(ED25519_PUB_MULTICODEC.length)
  if (!ed25519.utils.isValidPublicKey(publicKey, false)) throw new TypeError('did:key holds bytes that are not an Ed25519 public key')
  return publicKey
}

/** Non-throwing form of didToPublicKey, for input from peers. */
export function isEd25519Did(did: unknown): did is string {
  if (typeof did !== 'string') return false
  try {
    didToPublicKey(did)
    return true
  } catch {
    return false
  }
}
