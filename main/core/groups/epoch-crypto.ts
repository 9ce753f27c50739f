import sodium from 'sodium-native'
import type { SealedBox } from '../../../shared/domain/group-ops'

/**
 * The group's content encryption. Each epoch has a random 32-byte key; it
 * reaches members sealed to their X25519 sealing key (libsodium sealed box:
 * an ephemeral X25519 key + XSalsa20-Poly1305, so only the holder of the
 * secret key opens it and nobody learns who sealed it). Content is sealed
 * with XChaCha20-Poly1305 under the epoch key, with the op's header as
 * associated data: a box cannot be lifted into another op, space or epoch.
 */
export const EPOCH_KEY_BYTES = 32

export function newEpochKey(): Buffer {
  const key = Buffer.alloc(EPOCH_KEY_BYTES)
  sodium.randombytes_buf(key)
  return key
}

/** Seal an epoch key to a member's X25519 public key; base64 (108 characters). */
export function sealEpochKey(epochKey: Uint8Array, sealPublicKey: Uint8Array): string {
  const out = Buffer.alloc(EPOCH_KEY_BYTES + sodium.crypto_box_SEALBYTES)
  sodium.crypto_box_seal(out, Buffer.from(epochKey), Buffer.from(sealPublicKey))
  return out.toString('base64')
}

/** Open an epoch key sealed to me, or null if it was not sealed to this key pair (or is garbage). */
export function openEpochKey(sealed: string, sealPublicKey: Uint8Array, sealSecretKey: Uint8Array): Buffer | null {
  const bytes = Buffer.from(sealed, 'base64')
  if (bytes.length !== EPOCH_KEY_BYTES + sodium.crypto_box_SEALBYTES) return null
  const key = Buffer.alloc(EPOCH_KEY_BYTES)
  try {
    return sodium.crypto_box_seal_open(key, bytes, Buffer.from(sealPublicKey), Buffer.from(sealSecretKey)) ? key : null
  } catch {
    return null
  }
}

/** What a box is bound to: the op it sits in. */
export interface BoxContext {
  space: string
  opId: string
  type: string
}

function associatedData(context: BoxContext, epoch: number): Buffer {
  return Buffer.from(`planet/group-content/v1\n${context.space}\n${context.opId}\n${context.type}\n${epoch}`)
}

export function sealContent(content: unknown, epoch: number, epochKey: Uint8Array, context: BoxContext): SealedBox {
  const message = Buffer.from(JSON.stringify(content))
  const nonce = Buffer.alloc(sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES)
  sodium.randombytes_buf(nonce)
  const ciphertext = Buffer.alloc(message.length + sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES)
  sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(ciphertext, message, associatedData(context, epoch), null, nonce, Buffer.from(epochKey))
  return { e: epoch, n: nonce.toString('base64'), c: ciphertext.toString('base64') }
}

/**
 * Open a box: its parsed JSON, or null when the key is wrong, the box was
 * tampered with or moved, or the plaintext is not JSON. Never throws: boxes
 * come from peers.
 */
export function openContent(box: SealedBox, epochKey: Uint8Array, context: BoxContext): unknown {
  const nonce = Buffer.from(box.n, 'base64')
  const ciphertext = Buffer.from(box.c, 'base64')
  if (nonce.length !== sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES || ciphertext.length < sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES) return null
  const message = Buffer.alloc(ciphertext.length - sodium.crypto_aead_xchacha20poly1305_ietf_ABYTES)
  try {
    sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(message, null, ciphertext, associatedData(context, box.e), nonce, Buffer.from(epochKey))
  } catch {
    return null
  }
  try {
    return JSON.parse(message.toString('utf8'))
  } catch {
    return null
  }
}
