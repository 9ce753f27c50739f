import { ed25519 } from '@noble/curves/ed25519.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { base58 } from '@scure/base'
import { describe, expect, it } from 'vitest'
import { did as didSchema } from '../../../shared/domain/identity'
import { deriveIdentityKeys } from './derivation'
import { generatePhrase } from './phrase'
import { didToPublicKey, isEd25519Did, publicKeyToDid, sign, verify } from './signing'

/** RFC 8032 §7.1, TEST 1 (empty message) and TEST 2 (one byte). */
const RFC8032 = [
  {
    secretKey: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    secretKey: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature:
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
]

/** Examples from the W3C did:key specification (an Ed25519 key and a secp256k1 key). */
const SPEC_ED25519_DID = 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK'
const SPEC_SECP256K1_DID = 'did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme'

const keys = deriveIdentityKeys(generatePhrase())
const other = deriveIdentityKeys(generatePhrase())
const message = new TextEncoder().encode('add-member alice to space 42')

/** 32 bytes that do not decode to a curve point (found by search, so the test does not rely on a guess). */
function notAPoint(): Uint8Array {
  for (let i = 2; i < 256; i++) {
    const bytes = new Uint8Array(32)
    bytes[0] = i
    if (!ed25519.utils.isValidPublicKey(bytes, false)) return bytes
  }
  throw new Error('no invalid point found')
}

describe('sign / verify', () => {
  it.each(RFC8032)('matches RFC 8032 test vectors', (vector) => {
    const signature = sign(hexToBytes(vector.message), hexToBytes(vector.secretKey))
    expect(bytesToHex(signature)).toBe(vector.signature)
    expect(verify(signature, hexToBytes(vector.message), hexToBytes(vector.publicKey))).toBe(true)
  })

  it('verifies a signature by the identity key', () => {
    expect(verify(sign(message, keys.signing.secretKey), message, keys.signing.publicKey)).toBe(true)
  })

  it('rejects a tampered message', () => {
    const signature = sign(message, keys.signing.secretKey)
    const tampered = message.slice()
    tampered[0]! ^= 1
    expect(verify(signature, tampered, keys.signing.publicKey)).toBe(false)
    expect(verify(signature, message.subarray(1), keys.signing.publicKey)).toBe(false)
  })

  it('rejects a tampered signature, in either half', () => {
    const signature = sign(message, keys.signing.secretKey)
    for (const index of [0, 31, 32, 63]) {
      const tampered = signature.slice()
      tampered[index]! ^= 0x10
      expect(verify(tampered, message, keys.signing.publicKey)).toBe(false)
    }
  })

  it('rejects the signature under another key', () => {
    expect(verify(sign(message, keys.signing.secretKey), message, other.signing.publicKey)).toBe(false)
    // The sealing public key is not a signing key, even for the same identity.
    expect(verify(sign(message, keys.signing.secretKey), message, keys.sealing.publicKey)).toBe(false)
  })

  it('returns false, never throws, on malformed input', () => {
    const signature = sign(message, keys.signing.secretKey)
    const malformed: Array<[unknown, unknown, unknown]> = [
      [signature.subarray(0, 63), message, keys.signing.publicKey],
      [new Uint8Array(65), message, keys.signing.publicKey],
      [new Uint8Array(64), message, keys.signing.publicKey],
      [signature, message, keys.signing.publicKey.subarray(0, 31)],
      [signature, message, notAPoint()],
      [bytesToHex(signature), message, keys.signing.publicKey],
      [signature, 'add-member alice', keys.signing.publicKey],
      [signature, message, null],
      [undefined, undefined, undefined],
      [signature, message, Array.from(keys.signing.publicKey)],
    ]
    for (const [sig, msg, pub] of malformed) expect(verify(sig, msg, pub)).toBe(false)
  })

  it('refuses a secret key of the wrong size', () => {
    expect(() => sign(message, new Uint8Array(64))).toThrow(TypeError)
  })
})

describe('did:key', () => {
  it('round-trips a public key and has the did:key Ed25519 form', () => {
    const did = publicKeyToDid(keys.signing.publicKey)
    expect(did).toBe(keys.did)
    expect(did).toMatch(/^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$/)
    expect(didSchema.safeParse(did).success).toBe(true)
    expect(bytesToHex(didToPublicKey(did))).toBe(bytesToHex(keys.signing.publicKey))
    // multibase "z" = base58btc; the payload starts with the ed25519-pub multicodec varint.
    expect(bytesToHex(base58.decode(did.slice('did:key:z'.length)).subarray(0, 2))).toBe('ed01')
  })

  it('reads the did:key specification example and writes it back unchanged', () => {
    const publicKey = didToPublicKey(SPEC_ED25519_DID)
    expect(publicKey).toHaveLength(32)
    expect(publicKeyToDid(publicKey)).toBe(SPEC_ED25519_DID)
  })

  it('refuses what is not an Ed25519 did:key', () => {
    const valid = keys.did
    const encoded = valid.slice('did:key:z'.length)
    const invalid = [
      '',
      'did:web:example.com',
      `did:key:${encoded}`, // no multibase prefix
      `did:key:m${encoded}`, // another multibase
      `${valid}#${encoded}`, // a DID URL, not a DID
      valid.slice(0, -1), // truncated
      `${valid}1`, // one zero byte too many
      `did:key:z${encoded.slice(0, 5)}0${encoded.slice(6)}`, // "0" is not base58
      SPEC_SECP256K1_DID, // another key type (multicodec 0xe7)
      publicKeyToDid(notAPoint()), // right shape, not a curve point (publicKeyToDid checks only the length)
    ]
    for (const did of invalid) {
      expect(() => didToPublicKey(did), did).toThrow(TypeError)
      expect(isEd25519Did(did), did).toBe(false)
    }
    expect(isEd25519Did(valid)).toBe(true)
    expect(isEd25519Did(42)).toBe(false)
  })

  it('refuses a public key of the wrong size', () => {
    expect(() => publicKeyToDid(new Uint8Array(33))).toThrow(TypeError)
  })
})
