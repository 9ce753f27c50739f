import { z } from 'zod'

/** A did:key for an Ed25519 public key: `did:key:z6Mk…` (multibase base58btc, multicodec 0xed01). */
export const did = z.string().regex(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]{40,50}$/, 'not an Ed25519 did:key')

/** A BIP39 English recovery phrase as the user typed it: split and normalised by the core. */
export const recoveryPhraseInput = z.string().max(1000, 'a recovery phrase is 24 words')

export const passphrase = z
  .string()
  .min(8, 'use at least 8 characters')
  .max(1024, 'use at most 1024 characters')

export const displayName = z.string().trim().min(1, 'enter a name').max(80, 'use at most 80 characters')
export const bio = z.string().max(2000, 'use at most 2000 characters')

/** 32-byte keys travel as lowercase hex. */
export const hexKey32 = z.string().regex(/^[0-9a-f]{64}$/, 'not a 32-byte hex key')
