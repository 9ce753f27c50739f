import { base32crockford } from '@scure/base'
import { sha256 } from '@noble/hashes/sha2.js'

/**
 * The invite a person shares: `planet://invite/<code>` or the bare code.
 *
 * Layout (51 bytes, Crockford base32, shown in groups of five):
 *   version (1) | secret (16) | key (32) | checksum (2)
 * Version 1 invites a person to connect (key = the topic the inviter listens
 * on); version 2 is a group link (key = the group's key; the topic comes
 * from it and the secret, see main/core/groups/group-links.ts).
 * The secret seeds blind-pairing's invite key pair (see main/core/invites);
 * the discovery key is the topic the inviter listens on. Expiry is not in the
 * code: the inviter enforces it (and revocation), so a code cannot be edited
 * into a longer life. The checksum turns a mistyped code into a clear error
 * instead of a pairing attempt that times out.
 */
export const INVITE_CODE_VERSION = 1
export const GROUP_LINK_VERSION = 2
const SECRET_BYTES = 16
const DISCOVERY_KEY_BYTES = 32
const CHECKSUM_BYTES = 2
const PAYLOAD_BYTES = 1 + SECRET_BYTES + DISCOVERY_KEY_BYTES
/** 51 bytes are 82 base32 characters; the last one carries 3 bits and 2 zero padding bits. */
const CODE_CHARS = Math.ceil(((PAYLOAD_BYTES + CHECKSUM_BYTES) * 8) / 5)
export const INVITE_LINK_PREFIX = 'planet://invite/'

export interface InviteCode {
  secret: Uint8Array
  discoveryKey: Uint8Array
}

export interface GroupLinkCode {
  secret: Uint8Array
  groupKey: Uint8Array
}

export type ParsedCode = ({ kind: 'contact' } & InviteCode) | ({ kind: 'group' } & GroupLinkCode)

export type InviteCodeProblem = 'empty' | 'characters' | 'length' | 'version' | 'checksum' | 'kind'

export class InviteCodeError extends Error {
  readonly problem: InviteCodeProblem
  constructor(problem: InviteCodeProblem, message: string) {
    super(message)
    this.name = 'InviteCodeError'
    this.problem = problem
  }
}

export function encodeInviteCode(invite: InviteCode): string {
  return encode(INVITE_CODE_VERSION, invite.secret, invite.discoveryKey)
}

export function encodeGroupLinkCode(link: GroupLinkCode): string {
  return encode(GROUP_LINK_VERSION, link.secret, link.groupKey)
}

function encode(version: number, secret: Uint8Array, key: Uint8Array): string {
  if (secret.length !== SECRET_BYTES || key.length !== DISCOVERY_KEY_BYTES) {
    throw new Error('invite secret must be 16 bytes and key 32 bytes')
  }
  const payload = new Uint8Array(PAYLOAD_BYTES)
  payload[0] = version
  payload.set(secret, 1)
  payload.set(key, 1 + SECRET_BYTES)
  const bytes = new Uint8Array(PAYLOAD_BYTES + CHECKSUM_BYTES)
  bytes.set(payload)
  bytes.set(sha256(payload).subarray(0, CHECKSUM_BYTES), PAYLOAD_BYTES)
  return groupCode(base32crockford.encode(bytes))
}

export function inviteLink(code: string): string {
  return INVITE_LINK_PREFIX + code
}

/** A contact invite (not a group link). Throws InviteCodeError. */
export function parseInviteCode(input: string): InviteCode {
  const parsed = parseAnyCode(input)
  if (parsed.kind !== 'contact') throw new InviteCodeError('kind', 'This is a group link, not an invite to connect: use it under Groups → Join a group.')
  return { secret: parsed.secret, discoveryKey: parsed.discoveryKey }
}

/** A group link. Throws InviteCodeError. */
export function parseGroupLinkCode(input: string): GroupLinkCode {
  const parsed = parseAnyCode(input)
  if (parsed.kind !== 'group') throw new InviteCodeError('kind', 'This is an invite to connect with a person, not a group link: accept it under Invites.')
  return { secret: parsed.secret, groupKey: parsed.groupKey }
}

/** Accepts a bare code or a link, with any spacing, dashes or letter case. Throws InviteCodeError. */
export function parseAnyCode(input: string): ParsedCode {
  let text = input.trim()
  if (text.toLowerCase().startsWith(INVITE_LINK_PREFIX)) text = text.slice(INVITE_LINK_PREFIX.length)
  // Crockford base32 reads O as 0 and I/L as 1: people mistype those.
  text = text.replace(/[\s-]/g, '').toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1')
  if (text.length === 0) throw new InviteCodeError('empty', 'Paste the invite code or link you were sent.')
  if (!/^[0-9A-HJKMNP-TV-Z]+$/.test(text)) {
    throw new InviteCodeError('characters', 'This is not an invite code: it has characters an invite never contains.')
  }
  if (text.length !== CODE_CHARS) {
    throw new InviteCodeError('length', 'This invite code is incomplete or too long. Copy the whole code again.')
  }
  let bytes: Uint8Array
  try {
    bytes = base32crockford.decode(text)
  } catch {
    // The right length, but the last character sets a padding bit: a typo.
    throw new InviteCodeError('checksum', 'This invite code has a typo: check it against the one you were sent.')
  }
  const payload = bytes.subarray(0, PAYLOAD_BYTES)
  const checksum = bytes.subarray(PAYLOAD_BYTES)
  const expected = sha256(payload).subarray(0, CHECKSUM_BYTES)
  if (checksum[0] !== expected[0] || checksum[1] !== expected[1]) {
    throw new InviteCodeError('checksum', 'This invite code has a typo: check it against the one you were sent.')
  }
  const secret = payload.slice(1, 1 + SECRET_BYTES)
  const key = payload.slice(1 + SECRET_BYTES)
  if (bytes[0] === INVITE_CODE_VERSION) return { kind: 'contact', secret, discoveryKey: key }
  if (bytes[0] === GROUP_LINK_VERSION) return { kind: 'group', secret, groupKey: key }
  throw new InviteCodeError('version', 'This invite was made by a newer version of PLANET. Update the app to accept it.')
}

function groupCode(code: string): string {
  return code.match(/.{1,5}/g)!.join('-')
}
