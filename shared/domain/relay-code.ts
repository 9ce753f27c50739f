import { base32crockford } from '@scure/base'
import { sha256 } from '@noble/hashes/sha2.js'

/**
 * The code a relay operator hands to a group admin: `planet://relay/<code>`
 * or the bare code. It names the relay (its Noise public key, what members'
 * apps dial) and carries its access secret, which is a capability like an
 * invite: whoever holds it may register a group with that relay. Groups keep
 * it inside a sealed `relay.add` op, so only members learn it.
 *
 * Layout (53 bytes, Crockford base32 in groups of five, 85 characters):
 *   version (1) | relay public key (32) | access secret (16) | checksum (4)
 * The 4-byte checksum (sha256 of the rest) turns a mistyped code into a clear
 * error instead of a relay that never answers.
 */
export const RELAY_CODE_VERSION = 1
export const RELAY_KEY_BYTES = 32
export const RELAY_SECRET_BYTES = 16
const CHECKSUM_BYTES = 4
const PAYLOAD_BYTES = 1 + RELAY_KEY_BYTES + RELAY_SECRET_BYTES
const CODE_CHARS = Math.ceil(((PAYLOAD_BYTES + CHECKSUM_BYTES) * 8) / 5)
export const RELAY_LINK_PREFIX = 'planet://relay/'

export interface RelayCode {
  /** The relay's public key (its swarm identity). */
  publicKey: Uint8Array
  /** The access secret that admits a group registration. */
  secret: Uint8Array
}

export type RelayCodeProblem = 'empty' | 'characters' | 'length' | 'version' | 'checksum'

export class RelayCodeError extends Error {
  readonly problem: RelayCodeProblem
  constructor(problem: RelayCodeProblem, message: string) {
    super(message)
    this.name = 'RelayCodeError'
    this.problem = problem
  }
}

/** The bare code, in groups of five. */
export function encodeRelayCode(code: RelayCode): string {
  if (code.publicKey.length !== RELAY_KEY_BYTES || code.secret.length !== RELAY_SECRET_BYTES) {
    throw new Error(`a relay code needs a ${RELAY_KEY_BYTES}-byte key and a ${RELAY_SECRET_BYTES}-byte secret`)
  }
  const bytes = new Uint8Array(PAYLOAD_BYTES + CHECKSUM_BYTES)
  bytes[0] = RELAY_CODE_VERSION
  bytes.set(code.publicKey, 1)
  bytes.set(code.secret, 1 + RELAY_KEY_BYTES)
  bytes.set(sha256(bytes.subarray(0, PAYLOAD_BYTES)).subarray(0, CHECKSUM_BYTES), PAYLOAD_BYTES)
  return base32crockford.encode(bytes).match(/.{1,5}/g)!.join('-')
}

export function relayLink(code: string): string {
  return RELAY_LINK_PREFIX + code
}

/** Accepts a bare code or a `planet://relay/` link, with any spacing, dashes or letter case. Throws RelayCodeError. */
export function parseRelayCode(input: string): RelayCode {
  let text = input.trim()
  if (text.toLowerCase().startsWith(RELAY_LINK_PREFIX)) text = text.slice(RELAY_LINK_PREFIX.length)
  // Crockford base32 reads O as 0 and I/L as 1: people mistype those.
  text = text.replace(/[\s-]/g, '').toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1')
  if (text.length === 0) throw new RelayCodeError('empty', 'Paste the relay code its operator gave you.')
  if (!/^[0-9A-HJKMNP-TV-Z]+$/.test(text)) throw new RelayCodeError('characters', 'This is not a relay code: it has characters a relay code never contains.')
  if (text.length !== CODE_CHARS) throw new RelayCodeError('length', 'This relay code is incomplete or too long. Copy the whole code again.')
  let bytes: Uint8Array
  try {
    bytes = base32crockford.decode(text)
  } catch {
    throw new RelayCodeError('checksum', 'This relay code has a typo: check it against the one you were given.')
  }
  const expected = sha256(bytes.subarray(0, PAYLOAD_BYTES)).subarray(0, CHECKSUM_BYTES)
  for (let i = 0; i < CHECKSUM_BYTES; i++) {
    if (bytes[PAYLOAD_BYTES + i] !== expected[i]) throw new RelayCodeError('checksum', 'This relay code has a typo: check it against the one you were given.')
  }
  if (bytes[0] !== RELAY_CODE_VERSION) throw new RelayCodeError('version', 'This relay code was made by a newer version of PLANET. Update the app to use it.')
  return { publicKey: bytes.slice(1, 1 + RELAY_KEY_BYTES), secret: bytes.slice(1 + RELAY_KEY_BYTES, PAYLOAD_BYTES) }
}
