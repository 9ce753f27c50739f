import { ed25519, x25519 } from '@noble/curves/ed25519.js'
import { mnemonicToSeedSync } from '@scure/bip39'
import { parsePhrase } from './phrase'
import { publicKeyToDid } from './signing'
import { formatSlip10Path, slip10Derive } from './slip10'

/**
 * Recovery phrase → identity keys. The scheme is a stored format: every
 * identity ever created depends on it, so nothing here changes once released
 * (a new scheme would be a new, versioned function). See README.md.
 *
 *   phrase (24 BIP39 English words)
 *     → BIP39 seed: PBKDF2-HMAC-SHA512, 2048 rounds, salt "mnemonic" (empty BIP39 passphrase)
 *     → SLIP-0010 ed25519, all hardened:
 *         m/44'/1347178068'/0'/0'  Ed25519 signing key (the identity; its did:key)
 *         m/44'/1347178068'/0'/1'  X25519 sealing key (32 bytes used as an X25519 secret)
 */

/** "PLNT" in ASCII (0x504c4e54): PLANET's own coin-type-like branch, not a SLIP-0044 registration. */
export const PLANET_COIN_TYPE = 0x504c4e54
/** BIP-44 style purpose; kept so the path reads like every other wallet path. */
const PURPOSE = 44
/** One identity per phrase; a future second identity would be account 1'. */
const ACCOUNT = 0

/** Roles under the account. Indexes are never reused for something else. */
export const KEY_ROLE = { signing: 0, sealing: 1 } as const

export const SIGNING_PATH = [PURPOSE, PLANET_COIN_TYPE, ACCOUNT, KEY_ROLE.signing] as const
export const SEALING_PATH = [PURPOSE, PLANET_COIN_TYPE, ACCOUNT, KEY_ROLE.sealing] as const
export const SIGNING_PATH_STRING = formatSlip10Path(SIGNING_PATH)
export const SEALING_PATH_STRING = formatSlip10Path(SEALING_PATH)

export interface KeyPair {
  /** 32 bytes. */
  publicKey: Uint8Array
  /** 32 bytes; a secret. Wipe with wipeIdentityKeys when done. */
  secretKey: Uint8Array
}

export interface IdentityKeys {
  /** Ed25519: signs ops, certificates and relationship records. */
  signing: KeyPair
  /** X25519: others seal epoch keys and invites to its public key. */
  sealing: KeyPair
  /** did:key of signing.publicKey. */
  did: string
}

/**
 * Validate and normalise a phrase as typed, then derive. Throws the phrase
 * RpcErrors for a bad phrase. Costs one BIP39 PBKDF2 (2048 rounds of
 * HMAC-SHA512, a few milliseconds), so callers cache the result while the vault
 * is unlocked (see key-cache.ts).
 */
export function deriveIdentityKeys(phrase: string | readonly string[]): IdentityKeys {
  const words = parsePhrase(typeof phrase === 'string' ? phrase : phrase.join(' '))
  const seed = mnemonicToSeedSync(words.join(' '), '')
  try {
    return deriveIdentityKeysFromSeed(seed)
  } finally {
    seed.fill(0)
  }
}

/** The SLIP-0010 half of the scheme, from a 64-byte BIP39 seed. Exposed for tests and future key roles. */
export function deriveIdentityKeysFromSeed(seed: Uint8Array): IdentityKeys {
  const signingNode = slip10Derive(seed, SIGNING_PATH)
  const sealingNode = slip10Derive(seed, SEALING_PATH)
  // Chain codes only matter for deriving further children; they are secret too.
  signingNode.chainCode.fill(0)
  sealingNode.chainCode.fill(0)

  const signingPublic = ed25519.getPublicKey(signingNode.privateKey)
  // X25519 clamps the scalar itself (RFC 7748), so 32 uniformly random bytes
  // are a valid secret as they are. A separate path rather than converting the
  // Ed25519 key keeps the two uses of the seed independent.
  const sealingPublic = x25519.getPublicKey(sealingNode.privateKey)
  return {
    signing: { publicKey: signingPublic, secretKey: signingNode.privateKey },
    sealing: { publicKey: sealingPublic, secretKey: sealingNode.privateKey },
    did: publicKeyToDid(signingPublic),
  }
}

/** Overwrite the secret halves, e.g. when the vault locks. */
export function wipeIdentityKeys(keys: IdentityKeys): void {
  keys.signing.secretKey.fill(0)
  keys.sealing.secretKey.fill(0)
}
