import { ed25519 } from '@noble/curves/ed25519.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { HARDENED_OFFSET, formatSlip10Path, slip10Derive, slip10HardenedChild, slip10MasterNode } from './slip10'

/**
 * SLIP-0010 "Test vector 1 for ed25519", as published in
 * https://github.com/satoshilabs/slips/blob/master/slip-0010.md (public keys
 * there carry SLIP-0010's 0x00 prefix byte).
 */
const VECTOR_1_SEED = '000102030405060708090a0b0c0d0e0f'
const VECTOR_1 = [
  {
    path: [],
    chainCode: '90046a93de5380a72b5e45010748567d5ea02bbf6522f979e05c0d8d8ca9fffb',
    privateKey: '2b4be7f19ee27bbf30c667b642d5f4aa69fd169872f8fc3059c08ebae2eb19e7',
    publicKey: '00a4b2856bfec510abab89753fac1ac0e1112364e7d250545963f135f2a33188ed',
  },
  {
    path: [0],
    chainCode: '8b59aa11380b624e81507a27fedda59fea6d0b779a778918a2fd3590e16e9c69',
    privateKey: '68e0fe46dfb67e368c75379acec591dad19df3cde26e63b93a8e704f1dade7a3',
    publicKey: '008c8a13df77a28f3445213a0f432fde644acaa215fc72dcdf300d5efaa85d350c',
  },
  {
    path: [0, 1],
    chainCode: 'a320425f77d1b5c2505a6b1b27382b37368ee640e3557c315416801243552f14',
    privateKey: 'b1d0bad404bf35da785a64ca1ac54b2617211d2777696fbffaf208f746ae84f2',
    publicKey: '001932a5270f335bed617d5b935c80aedb1a35bd9fc1e31acafd5372c30f5c1187',
  },
  {
    path: [0, 1, 2],
    chainCode: '2e69929e00b5ab250f49c3fb1c12f252de4fed2c1db88387094a0f8c4c9ccd6c',
    privateKey: '92a5b23c0b8a99e37d07df3fb9966917f5d06e02ddbd909c7e184371463e9fc9',
    publicKey: '00ae98736566d30ed0e9d2f4486a64bc95740d89c7db33f52121f8ea8f76ff0fc1',
  },
  {
    path: [0, 1, 2, 2],
    chainCode: '8f6d87f93d750e0efccda017d662a1b31a266e4a6f5993b15f5c1f07f74dd5cc',
    privateKey: '30d1dc7e5fc04c31219ab25a27ae00b50f6fd66622f6e9c913253d6511d1e662',
    publicKey: '008abae2d66361c879b900d204ad2cc4984fa2aa344dd7ddc46007329ac76c429c',
  },
  {
    path: [0, 1, 2, 2, 1000000000],
    chainCode: '68789923a0cac2cd5a29172a475fe9e0fb14cd6adb5ad98a3fa70333e7afa230',
    privateKey: '8f94d394a8e8fd6b1bc2f3f49f5c47e385281d5c17e65324b0f62483e37e8793',
    publicKey: '003c24da049451555d51a7014a37337aa4e12d41e485abccfa46b47dfb2af54b7a',
  },
]

/** SLIP-0010 ed25519 once more, on node:crypto's HMAC instead of @noble/hashes. */
function referenceDerive(seed: Uint8Array, path: readonly number[]): { privateKey: string; chainCode: string } {
  let digest = createHmac('sha512', 'ed25519 seed').update(seed).digest()
  for (const index of path) {
    const data = Buffer.alloc(37)
    digest.copy(data, 1, 0, 32)
    data.writeUInt32BE(index + 0x80000000, 33)
    digest = createHmac('sha512', digest.subarray(32)).update(data).digest()
  }
  return { privateKey: digest.subarray(0, 32).toString('hex'), chainCode: digest.subarray(32).toString('hex') }
}

describe('SLIP-0010 ed25519', () => {
  it.each(VECTOR_1)('matches published test vector 1 at $path', (vector) => {
    const node = slip10Derive(hexToBytes(VECTOR_1_SEED), vector.path)
    expect(bytesToHex(node.chainCode)).toBe(vector.chainCode)
    expect(bytesToHex(node.privateKey)).toBe(vector.privateKey)
    expect(`00${bytesToHex(ed25519.getPublicKey(node.privateKey))}`).toBe(vector.publicKey)
  })

  it('agrees with an independent HMAC implementation on the PLANET paths and a 64-byte seed', () => {
    const seed = Uint8Array.from({ length: 64 }, (_, i) => (i * 37 + 11) & 0xff)
    for (const path of [[44, 0x504c4e54, 0, 0], [44, 0x504c4e54, 0, 1], [HARDENED_OFFSET - 1]]) {
      const node = slip10Derive(seed, path)
      expect({ privateKey: bytesToHex(node.privateKey), chainCode: bytesToHex(node.chainCode) }).toEqual(referenceDerive(seed, path))
    }
  })

  it('does not wipe the parent it is given', () => {
    const master = slip10MasterNode(hexToBytes(VECTOR_1_SEED))
    slip10HardenedChild(master, 0)
    expect(bytesToHex(master.privateKey)).toBe(VECTOR_1[0]!.privateKey)
  })

  it('refuses indexes outside [0, 2^31) and seeds outside 16..64 bytes', () => {
    const master = slip10MasterNode(hexToBytes(VECTOR_1_SEED))
    expect(() => slip10HardenedChild(master, -1)).toThrow(RangeError)
    expect(() => slip10HardenedChild(master, HARDENED_OFFSET)).toThrow(RangeError)
    expect(() => slip10HardenedChild(master, 1.5)).toThrow(RangeError)
    expect(() => slip10MasterNode(new Uint8Array(15))).toThrow(RangeError)
    expect(() => slip10MasterNode(new Uint8Array(65))).toThrow(RangeError)
  })

  it('formats paths the way wallets write them', () => {
    expect(formatSlip10Path([44, 1347178068, 0, 0])).toBe("m/44'/1347178068'/0'/0'")
    expect(formatSlip10Path([])).toBe('m')
  })
})
