import hypercoreCrypto from 'hypercore-crypto'
import { sign } from '../identity/signing'

/**
 * The signed statements that bind people, devices and writers together. Each
 * has its own domain prefix so a signature made for one can never be passed
 * off as another. Verification uses sodium (hypercore-crypto), signing the
 * identity key through noble; both are strict RFC 8032 Ed25519.
 */
const DEVICE = Buffer.from('planet/device/v1\n')
const MEMBER = Buffer.from('planet/member/v1\n')
const RELATIONSHIP = Buffer.from('planet/relationship/v1\n')
const GROUP_MEMBER = Buffer.from('planet/group-member/v1\n')

type Bytes = Uint8Array

/** "This device key speaks for me": lets contacts' firewalls accept the device. */
export function deviceCertMessage(identity: Bytes, device: Bytes): Buffer {
  return Buffer.concat([DEVICE, identity, device])
}

/** "Let this writer of mine into the space with this discovery key." */
export function memberMessage(discoveryKey: Bytes, identity: Bytes, device: Bytes, writer: Bytes): Buffer {
  return Buffer.concat([MEMBER, discoveryKey, identity, device, writer])
}

/**
 * "Let this writer of mine into the group with this discovery key, and seal
 * its keys to this X25519 key": a member's own half of their membership
 * credential (the admin's signed member.add op is the other half).
 */
export function groupMemberMessage(discoveryKey: Bytes, identity: Bytes, device: Bytes, writer: Bytes, sealKey: Bytes): Buffer {
  return Buffer.concat([GROUP_MEMBER, discoveryKey, identity, device, writer, sealKey])
}

/** The relationship record both people sign: who invited whom, in which DM, since when. */
export function relationshipMessage(inviter: Bytes, invitee: Bytes, space: Bytes, since: number): Buffer {
  const time = Buffer.alloc(8)
  time.writeBigUInt64BE(BigInt(since))
  return Buffer.concat([RELATIONSHIP, inviter, invitee, space, time])
}

export function signWith(message: Bytes, secretKey: Bytes): Buffer {
  return Buffer.from(sign(message, secretKey))
}

/** Never throws: malformed hex or keys are simply not valid. */
export function verifyHex(message: Bytes, signatureHex: string, publicKeyHex: string): boolean {
  if (!/^[0-9a-f]{128}$/.test(signatureHex) || !/^[0-9a-f]{64}$/.test(publicKeyHex)) return false
  try {
    return hypercoreCrypto.verify(message, Buffer.from(signatureHex, 'hex'), Buffer.from(publicKeyHex, 'hex'))
  } catch {
    return false
  }
}

export function hex(bytes: Bytes): string {
  return Buffer.from(bytes).toString('hex')
}

export function fromHex(text: string): Buffer {
  return Buffer.from(text, 'hex')
}
