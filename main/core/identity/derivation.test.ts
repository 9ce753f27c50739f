import { x25519 } from '@noble/curves/ed25519.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { createHmac, createPrivateKey, createPublicKey, pbkdf2Sync } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { did as didSchema } from '../../../shared/domain/identity'
import { RpcError } from '../../../shared/rpc/errors'
import { PLANET_COIN_TYPE, SEALING_PATH_STRING, SIGNING_PATH_STRING, deriveIdentityKeys, wipeIdentityKeys } from './derivation'
import { generatePhrase } from './phrase'

/** BIP39's own "all zero entropy" 24-word phrase. */
const ZERO_PHRASE = `${'abandon '.repeat(23)}art`
/**
 * What PLANET derives from ZERO_PHRASE. The scheme is a stored format: if this
 * changes, every existing user would restore to a different identity.
 */
const ZERO_PHRASE_DID = 'did:key:z6MkfgiRHYr3P9ErnJcqGBhGpfEMjZfati2kU1U6M4dbAe8S'
const ZERO_PHRASE_SIGNING_PUBLIC = '124e0f057c75b42eeb83fb43f95435e56a85f8395f01c46e405f60d3996449ab'
const ZERO_PHRASE_SEALING_PUBLIC = '8af400f51bd43f40c9abcec7f4a0c17dabcfeebd469c7e91febaa82b8a32450c'

// -- An independent implementation of the whole scheme, on node:crypto (OpenSSL) only. --

function referenceSlip10(seed: Buffer, path: number[]): Buffer {
  let digest = createHmac('sha512', 'ed25519 seed').update(seed).digest()
  for (const index of path) {
    const data = Buffer.concat([Buffer.from([0]), digest.subarray(0, 32), Buffer.alloc(4)])
    data.writeUInt32BE(index + 0x80000000, 33)
    digest = createHmac('sha512', digest.subarray(32)).update(data).digest()
  }
  return digest.subarray(0, 32)
}

/** Raw public key of a raw 32-byte private key, via a PKCS#8 wrapper (RFC 8410: OID 1.3.101.112 Ed25519, 1.3.101.110 X25519). */
function referencePublicKey(kind: 'ed25519' | 'x25519', secret: Buffer): string {
  const der = Buffer.concat([Buffer.from(`302e020100300506032b${kind === 'ed25519' ? '6570' : '656e'}04220420`, 'hex'), secret])
  const spki = createPublicKey(createPrivateKey({ key: der, format: 'der', type: 'pkcs8' })).export({ format: 'der', type: 'spki' })
  return spki.subarray(spki.length - 32).toString('hex')
}

function referenceBase58(bytes: Uint8Array): string {
  const alphabet = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'
  let n = BigInt(`0x${Buffer.from(bytes).toString('hex')}`)
  let out = ''
  while (n > 0n) {
    out = alphabet[Number(n % 58n)]! + out
    n /= 58n
  }
  for (const byte of bytes) {
    if (byte !== 0) break
    out = `1${out}`
  }
  return out
}

function referenceDerive(phrase: string): { did: string; signingPublic: string; sealingPublic: string } {
  const seed = pbkdf2Sync(Buffer.from(phrase.normalize('NFKD')), Buffer.from('mnemonic'), 2048, 64, 'sha512')
  const signingPublic = referencePublicKey('ed25519', referenceSlip10(seed, [44, 0x504c4e54, 0, 0]))
  const sealingPublic = referencePublicKey('x25519', referenceSlip10(seed, [44, 0x504c4e54, 0, 1]))
  const did = `did:key:z${referenceBase58(Buffer.concat([Buffer.from([0xed, 0x01]), Buffer.from(signingPublic, 'hex')]))}`
  return { did, signingPublic, sealingPublic }
}

function summary(phrase: string): { did: string; signingPublic: string; sealingPublic: string } {
  const keys = deriveIdentityKeys(phrase)
  return { did: keys.did, signingPublic: bytesToHex(keys.signing.publicKey), sealingPublic: bytesToHex(keys.sealing.publicKey) }
}

describe('deriveIdentityKeys', () => {
  it('documents its paths', () => {
    expect(PLANET_COIN_TYPE).toBe(1347178068)
    expect(SIGNING_PATH_STRING).toBe("m/44'/1347178068'/0'/0'")
    expect(SEALING_PATH_STRING).toBe("m/44'/1347178068'/0'/1'")
  })

  it('derives the pinned identity for the all-zero phrase', () => {
    expect(summary(ZERO_PHRASE)).toEqual({
      did: ZERO_PHRASE_DID,
      signingPublic: ZERO_PHRASE_SIGNING_PUBLIC,
      sealingPublic: ZERO_PHRASE_SEALING_PUBLIC,
    })
  })

  it('agrees with an independent implementation (node:crypto PBKDF2, HMAC, Ed25519, X25519) on random phrases', () => {
    expect(referenceDerive(ZERO_PHRASE)).toEqual(summary(ZERO_PHRASE))
    for (let i = 0; i < 3; i++) {
      const phrase = generatePhrase().join(' ')
      expect(summary(phrase)).toEqual(referenceDerive(phrase))
    }
  })

  it('is deterministic and insensitive to how the phrase was typed', () => {
    const words = generatePhrase()
    const a = summary(words.join(' '))
    expect(summary(words.join(' '))).toEqual(a)
    expect(summary(`  ${words.map((w) => w.toUpperCase()).join(' \t\n ')}  `)).toEqual(a)
    const keys = deriveIdentityKeys(words)
    expect(keys.did).toBe(a.did)
  })

  it('gives different phrases different identities, and separates signing from sealing', () => {
    const a = deriveIdentityKeys(generatePhrase())
    const b = deriveIdentityKeys(generatePhrase())
    expect(a.did).not.toBe(b.did)
    expect(bytesToHex(a.signing.secretKey)).not.toBe(bytesToHex(a.sealing.secretKey))
  })

  it('produces a did:key the contract accepts, and sealing keys that agree on a shared secret', () => {
    const a = deriveIdentityKeys(generatePhrase())
    const b = deriveIdentityKeys(generatePhrase())
    expect(didSchema.safeParse(a.did).success).toBe(true)
    expect(a.did.startsWith('did:key:z6Mk')).toBe(true)
    const ab = x25519.getSharedSecret(a.sealing.secretKey, b.sealing.publicKey)
    const ba = x25519.getSharedSecret(b.sealing.secretKey, a.sealing.publicKey)
    expect(bytesToHex(ab)).toBe(bytesToHex(ba))
  })

  it('refuses an invalid phrase with the phrase error codes', () => {
    expect(() => deriveIdentityKeys(`${'abandon '.repeat(23)}abandon`)).toThrow(expect.objectContaining({ code: 'PHRASE_BAD_CHECKSUM' }))
    expect(() => deriveIdentityKeys('abandon')).toThrow(RpcError)
  })

  it('wipes secret keys on request', () => {
    const keys = deriveIdentityKeys(ZERO_PHRASE)
    wipeIdentityKeys(keys)
    expect(keys.signing.secretKey.every((b) => b === 0)).toBe(true)
    expect(keys.sealing.secretKey.every((b) => b === 0)).toBe(true)
  })
})
