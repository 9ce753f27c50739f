import { hmac } from '@noble/hashes/hmac.js'
import { sha512 } from '@noble/hashes/sha2.js'

/**
 * SLIP-0010 key derivation for the ed25519 curve
 * (https://github.com/satoshilabs/slips/blob/master/slip-0010.md).
 *
 * Only hardened derivation exists for ed25519, so every index is hardened:
 * callers pass plain indexes (0, 1, 44, …) and this module adds 2^31. Written
 * out here (a dozen lines over HMAC-SHA512) rather than pulled from a wallet
 * library so the whole scheme stays auditable next to its test vectors.
 */

/** 2^31: the offset SLIP-0010 and BIP-32 use to mark an index as hardened. */
export const HARDENED_OFFSET = 0x80000000

/** The HMAC key SLIP-0010 fixes for the ed25519 master node. */
const ED25519_SEED_KEY = new TextEncoder().encode('ed25519 seed')

export interface Slip10Node {
  /** 32 bytes: an Ed25519 secret key (RFC 8032 "seed" form), usable with ed25519.getPublicKey. */
  privateKey: Uint8Array
  /** 32 bytes of chain code, the second half of the HMAC output. */
  chainCode: Uint8Array
}

/** The master node of SLIP-0010 for ed25519: HMAC-SHA512(key = "ed25519 seed", data = seed). */
export function slip10MasterNode(seed: Uint8Array): Slip10Node {
  // SLIP-0010 allows seeds of 128 to 512 bits; BIP39 seeds are 512.
  if (seed.length < 16 || seed.length > 64) throw new RangeError(`SLIP-0010 seed must be 16 to 64 bytes, got ${seed.length}`)
  return split(hmac(sha512, ED25519_SEED_KEY, seed))
}

/** One hardened child step: HMAC-SHA512(key = chain code, data = 0x00 ‖ private key ‖ ser32(index + 2^31)). */
export function slip10HardenedChild(parent: Slip10Node, index: number): Slip10Node {
  if (!Number.isInteger(index) || index < 0 || index >= HARDENED_OFFSET) {
    throw new RangeError(`SLIP-0010 index must be an integer in [0, 2^31), got ${index}`)
  }
  const data = new Uint8Array(37)
  data[0] = 0
  data.set(parent.privateKey, 1)
  new DataView(data.buffer).setUint32(33, index + HARDENED_OFFSET, false)
  const node = split(hmac(sha512, parent.chainCode, data))
  data.fill(0)
  return node
}

/** Derive the node at a path of (implicitly hardened) indexes from a seed, e.g. [44, 1347178068, 0, 0]. */
export function slip10Derive(seed: Uint8Array, path: readonly number[]): Slip10Node {
  let node = slip10MasterNode(seed)
  for (const index of path) {
    const child = slip10HardenedChild(node, index)
    // Intermediate private keys are secrets too; don't leave them for the GC to find.
    wipeNode(node)
    node = child
  }
  return node
}

/** Format a path the way SLIP-0010 and wallets write it: m/44'/1347178068'/0'/0'. */
export function formatSlip10Path(path: readonly number[]): string {
  return ['m', ...path.map((index) => `${index}'`)].join('/')
}

export function wipeNode(node: Slip10Node): void {
  node.privateKey.fill(0)
  node.chainCode.fill(0)
}

function split(digest: Uint8Array): Slip10Node {
  // Copies, so the two halves own separate buffers and can be wiped independently.
  const node = { privateKey: digest.slice(0, 32), chainCode: digest.slice(32, 64) }
  digest.fill(0)
  return node
}
