import { RpcError } from '../../../shared/rpc/errors'
import { sign, verify } from '../identity/signing'

/**
 * A feed link: everything needed to read someone's personal log, signed by
 * them, so a person who is not their contact can follow them
 * (`planet://feed/<code>`). Anyone holding the link can read the log: it is
 * as private as the person who shares it keeps it.
 *
 * Code = base64url of: version (1) ‖ owner identity key (32) ‖ log key (32) ‖
 * log encryption key (32) ‖ signature (64) ‖ display name (UTF-8, ≤ 160
 * bytes). The owner's Ed25519 signature covers the domain line and every
 * other field, so a link cannot be re-labelled or pointed at another log.
 */
export const FEED_LINK_PREFIX = 'planet://feed/'
const VERSION = 1
const DOMAIN = Buffer.from('planet/feed-link/v1\n', 'utf8')
const FIXED = 1 + 32 + 32 + 32 + 64
const NAME_MAX_BYTES = 160

export interface FeedLink {
  owner: string
  log: string
  encryptionKey: string
  name: string
}

function signedBytes(link: FeedLink, name: Buffer): Buffer {
  return Buffer.concat([DOMAIN, Buffer.from([VERSION]), Buffer.from(link.owner, 'hex'), Buffer.from(link.log, 'hex'), Buffer.from(link.encryptionKey, 'hex'), name])
}

/** Make my feed link (`secretKey`: my identity key, which must be `link.owner`'s). */
export function createFeedLink(link: FeedLink, secretKey: Uint8Array): string {
  let name = Buffer.from(link.name, 'utf8')
  // Cut at a character boundary.
  while (name.length > NAME_MAX_BYTES) name = Buffer.from(name.subarray(0, NAME_MAX_BYTES).toString('utf8').replace(/\uFFFD$/, '').slice(0, -1), 'utf8')
  const signature = sign(signedBytes(link, name), secretKey)
  const bytes = Buffer.concat([Buffer.from([VERSION]), Buffer.from(link.owner, 'hex'), Buffer.from(link.log, 'hex'), Buffer.from(link.encryptionKey, 'hex'), signature, name])
  return FEED_LINK_PREFIX + bytes.toString('base64url')
}

function refuse(message: string): RpcError {
  return new RpcError('FEED_LINK_INVALID', message)
}

/** Parse and verify a pasted link or bare code. Throws FEED_LINK_INVALID saying what is wrong. */
export function readFeedLink(input: string): FeedLink {
  const text = input.trim().replace(/^planet:\/\/feed\//i, '')
  if (text === '') throw refuse('Paste a feed link: it starts with planet://feed/.')
  if (!/^[A-Za-z0-9_-]+$/.test(text)) throw refuse('This is not a feed link. A feed link starts with planet://feed/.')
  const bytes = Buffer.from(text, 'base64url')
  if (bytes.length < FIXED || bytes.length > FIXED + NAME_MAX_BYTES) throw refuse('This feed link is cut short or too long: copy it again, whole.')
  if (bytes[0] !== VERSION) throw refuse('This feed link comes from a newer version of PLANET.')
  const nameBytes = bytes.subarray(FIXED)
  const name = new TextDecoder('utf-8', { fatal: false }).decode(nameBytes)
  const link: FeedLink = {
    owner: bytes.subarray(1, 33).toString('hex'),
    log: bytes.subarray(33, 65).toString('hex'),
    encryptionKey: bytes.subarray(65, 97).toString('hex'),
    name,
  }
  if (!verify(bytes.subarray(97, FIXED), signedBytes(link, nameBytes), Buffer.from(link.owner, 'hex'))) {
    throw refuse('This feed link was changed after its owner made it: ask them for it again.')
  }
  return { ...link, name: name.replace(/[\p{Cc}\p{Cf}]/gu, '').trim().slice(0, 80) || 'Someone' }
}
