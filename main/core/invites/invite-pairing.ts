import { sha256 } from '@noble/hashes/sha2.js'
import { randomBytes } from 'node:crypto'
import Autobase from 'autobase'
import BlindPairing from 'blind-pairing'
import type { Candidate, MemberRequest } from 'blind-pairing'
import hypercoreCrypto from 'hypercore-crypto'
import { encodeInviteCode, inviteLink, parseInviteCode } from '../../../shared/domain/invite-code'
import { RpcError } from '../../../shared/rpc/errors'
import { publicKeyToDid } from '../identity/signing'
import { addContactDevice, getContact, insertContact } from '../contacts/contact-store'
import type { PeopleSession } from '../people/session'
import { getSpaceRow } from '../people/session'
import { deviceCertMessage, fromHex, hex, memberMessage, relationshipMessage, signWith, verifyHex } from '../spaces/certs'
import type { InviteRow } from './invite-store'
import { getInvite, inviteByDiscoveryKey, listenableInvites } from './invite-store'
import { PairingHost } from '../net/pairing-host'

/** How long an invitee waits for the inviter's app to answer. */
export const ACCEPT_TIMEOUT_MS = 45_000

/** blind-pairing's deny statuses, as its candidate reports them. */
const DENY = { rejected: 1, used: 2, expired: 3 } as const

/**
 * What the invitee sends (blind-pairing userData, encrypted to the invite key):
 *   identity (32) | device (32) | writer (32) | device cert (64) | member signature (64)
 * and what the inviter answers (`additional.data`, signed with the invite key):
 *   identity (32) | device (32) | device cert (64) | since (8) | relationship signature (64)
 * Binary and fixed-size because both travel in DHT records of about 1 KB.
 */
const CANDIDATE_BYTES = 224
const ANSWER_BYTES = 200

export interface InviteEvents {
  invitesChanged(): void
  inviteAccepted(inviteId: string, contactId: string, displayName: string): void
  contactsChanged(contactId: string | null): void
}

export function inviteSeed(secret: Uint8Array): Buffer {
  return Buffer.from(sha256(Buffer.concat([Buffer.from('planet/invite-seed/v1\n'), secret])))
}

/**
 * Invites over Holepunch's blind-pairing, on the network's separate pairing
 * swarm. The inviter listens on each invite's discovery key (the DM space's)
 * while it can still be answered; the invitee looks it up with the code.
 */
export class InvitePairing {
  readonly #session: PeopleSession
  readonly #events: InviteEvents
  readonly #host: PairingHost
  /** Invites being answered right now: single use even if two people try at once. */
  readonly #answering = new Set<string>()
  constructor(session: PeopleSession, events: InviteEvents) {
    this.#session = session
    this.#events = events
    this.#host = new PairingHost(session.network)
    session.onClose(() => this.close())
  }

  /** Start answering every invite that can still be used or needs a clear "no". */
  listenAll(now: number): void {
    for (const invite of listenableInvites(this.#session.db, now)) this.listen(invite)
  }

  listen(invite: InviteRow): void {
    this.#host.answer(invite.id, fromHex(invite.discovery_key), (request) => this.#answer(invite.id, request))
  }

  async stopListening(inviteId: string): Promise<void> {
    await this.#host.stopAnswering(inviteId)
  }

  async close(): Promise<void> {
    await this.#host.close()
  }

  /** Inviter: someone presented this invite's code. */
  async #answer(inviteId: string, request: MemberRequest): Promise<void> {
    const session = this.#session
    const db = session.db
    const invite = getInvite(db, inviteId)
    if (!invite) return request.deny({ status: DENY.rejected })
    const inviteKeyPair = hypercoreCrypto.keyPair(inviteSeed(fromHex(invite.secret)))
    let userData: Buffer | null
    try {
      userData = request.open(inviteKeyPair.publicKey)
    } catch {
      return request.deny({ status: DENY.rejected })
    }
    const now = session.options.services.clock.now()
    if (!userData || userData.length !== CANDIDATE_BYTES) return request.deny({ status: DENY.rejected })
    // blind-pairing delivers a request over two paths (DHT record and swarm
    // channel): the same person asking again gets the same answer, not "used".
    if (invite.status === 'accepted' && invite.accepted_by === hex(userData.subarray(0, 32)) && invite.accepted_at !== null) {
      return request.confirm(this.#confirmation(invite, userData.subarray(0, 32), invite.accepted_at, inviteKeyPair.secretKey).response)
    }
    if (invite.status === 'revoked') return request.deny({ status: DENY.rejected })
    if (invite.status === 'accepted' || this.#answering.has(inviteId)) return request.deny({ status: DENY.used })
    if (invite.expires_at <= now) return request.deny({ status: DENY.expired })

    const identity = userData.subarray(0, 32)
    const device = userData.subarray(32, 64)
    const writer = userData.subarray(64, 96)
    const deviceCert = hex(userData.subarray(96, 160))
    const memberSig = hex(userData.subarray(160, 224))
    const identityHex = hex(identity)
    const discoveryKey = fromHex(invite.discovery_key)
    if (
      identityHex === session.me ||
      getContact(db, identityHex) !== undefined ||
      !verifyHex(deviceCertMessage(identity, device), deviceCert, identityHex) ||
      !verifyHex(memberMessage(discoveryKey, identity, device, writer), memberSig, identityHex)
    ) {
      return request.deny({ status: DENY.rejected })
    }

    this.#answering.add(inviteId)
    try {
      const space = await session.openSpace(getSpaceRow(db, invite.space_key)!)
      await session.appendOp(space, {
        t: 'member.add',
        member: identityHex,
        device: hex(device),
        writer: hex(writer),
        deviceCert,
        memberSig,
        role: 'admin',
      })
      const since = now
      const { response, relationshipSig } = this.#confirmation(invite, identity, since, inviteKeyPair.secretKey)
      db.transaction(() => {
        db.prepare("UPDATE invites SET status = 'accepted', accepted_by = ?, accepted_at = ? WHERE id = ?").run(identityHex, now, inviteId)
        insertContact(db, {
          id: identityHex,
          did: publicKeyToDid(identity),
          display_name: invite.label || 'New contact',
          status: 'pending',
          invited_by: 'me',
          connected_since: null,
          conversation_id: invite.space_key,
          created_at: now,
          relationship: JSON.stringify({ inviter: session.me, invitee: identityHex, space: invite.space_key, since, inviterSig: hex(relationshipSig), inviteeSig: null }),
        })
        addContactDevice(db, identityHex, hex(device), deviceCert)
        db.prepare('UPDATE spaces SET peer_id = ? WHERE key = ?').run(identityHex, invite.space_key)
      })()
      session.reloadAllowedDevices()
      request.confirm(response)
      this.#events.invitesChanged()
      this.#events.inviteAccepted(inviteId, identityHex, invite.label || 'Someone')
      this.#events.contactsChanged(identityHex)
    } catch (error) {
      session.options.log('error', 'answering an invite failed', error)
      request.deny({ status: DENY.rejected })
    } finally {
      this.#answering.delete(inviteId)
    }
  }

  /** The reply to an accepted request (deterministic: Ed25519 signatures are, so a repeat is identical). */
  #confirmation(invite: InviteRow, invitee: Buffer, since: number, inviteSecretKey: Buffer) {
    const session = this.#session
    const relationshipSig = signWith(relationshipMessage(session.identity.signing.publicKey, invitee, fromHex(invite.space_key), since), session.identity.signing.secretKey)
    const time = Buffer.alloc(8)
    time.writeBigUInt64BE(BigInt(since))
    const answer = Buffer.concat([session.identity.signing.publicKey, session.device.keyPair.publicKey, fromHex(session.device.cert), time, relationshipSig])
    const response = {
      key: fromHex(invite.space_key),
      encryptionKey: fromHex(getSpaceRow(session.db, invite.space_key)!.encryption_key),
      additional: { data: answer, signature: hypercoreCrypto.sign(answer, inviteSecretKey) },
    }
    return { response, relationshipSig }
  }

  /** Invitee: present a code, and on success store the contact and open the DM. */
  async accept(code: string): Promise<{ contactId: string; conversationId: string }> {
    const session = this.#session
    const db = session.db
    const parsed = parseCodeOrThrow(code)
    const discoveryHex = hex(parsed.discoveryKey)
    if (inviteByDiscoveryKey(db, discoveryHex)) throw new RpcError('INVITE_OWN', 'This is one of your own invites: send it to the person you want to invite.')
    if (db.prepare('SELECT 1 FROM spaces WHERE namespace = ?').get(`dm/${discoveryHex}`)) {
      throw new RpcError('INVITE_USED', 'You already accepted this invite.')
    }
    const blind = this.#host.get()
    if (!blind) throw new RpcError('NETWORK_OFFLINE', 'PLANET is offline (started without a network), so it cannot reach the person who invited you.')

    // The writer this device will use in the DM: its key is fixed by the
    // namespace, so it can be named before the space's key is known.
    const namespace = `dm/${discoveryHex}`
    const local = Autobase.getLocalCore(session.network.store.namespace(namespace))
    await local.ready()
    const writer = local.key
    await local.close()
    const me = session.identity.signing.publicKey
    const device = session.device.keyPair.publicKey
    const memberSig = signWith(memberMessage(parsed.discoveryKey, me, device, writer), session.identity.signing.secretKey)
    const userData = Buffer.concat([me, device, writer, fromHex(session.device.cert), memberSig])
    const { invite } = BlindPairing.createInvite(parsed.discoveryKey, { seed: inviteSeed(parsed.secret), discoveryKey: parsed.discoveryKey })

    // A "no" (used, expired, revoked) arrives as the request's 'rejected'
    // event; the candidate itself would keep polling until our timeout.
    const candidate: Candidate = blind.addCandidate({ invite, userData })
    const request = candidate.request
    let timer: NodeJS.Timeout | undefined
    let result
    try {
      result = await Promise.race([
        candidate.pairing,
        new Promise<never>((_, reject) => request.once('rejected', reject)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new RpcError('INVITE_UNREACHABLE', 'The person who invited you did not answer. Their PLANET must be open and unlocked: try again when they are online.')),
            ACCEPT_TIMEOUT_MS,
          )
        }),
      ])
    } catch (error) {
      throw toInviteError(error)
    } finally {
      clearTimeout(timer)
      await candidate.close().catch(() => undefined)
    }

    const answer = result.data
    if (!answer || answer.length !== ANSWER_BYTES || !result.encryptionKey) throw new RpcError('INVITE_REJECTED', 'The inviter answered with something PLANET does not understand.')
    const inviter = answer.subarray(0, 32)
    const inviterDevice = answer.subarray(32, 64)
    const inviterCert = hex(answer.subarray(64, 128))
    const since = Number(answer.readBigUInt64BE(128))
    const inviterSig = hex(answer.subarray(136, 200))
    const inviterHex = hex(inviter)
    const spaceKey = result.key
    const relationship = relationshipMessage(inviter, me, spaceKey, since)
    if (!verifyHex(deviceCertMessage(inviter, inviterDevice), inviterCert, inviterHex) || !verifyHex(relationship, inviterSig, inviterHex)) {
      throw new RpcError('INVITE_REJECTED', 'The answer to this invite was not signed by the person who made it.')
    }
    if (getContact(db, inviterHex)) throw new RpcError('CONTACT_EXISTS', 'You are already connected with the person who made this invite.')
    const inviteeSig = signWith(relationship, session.identity.signing.secretKey)
    const now = session.options.services.clock.now()
    const spaceHex = hex(spaceKey)
    db.transaction(() => {
      insertContact(db, {
        id: inviterHex,
        did: publicKeyToDid(inviter),
        display_name: 'Your inviter',
        status: 'connected',
        invited_by: 'them',
        connected_since: since,
        conversation_id: spaceHex,
        created_at: now,
        relationship: JSON.stringify({ inviter: inviterHex, invitee: session.me, space: spaceHex, since, inviterSig, inviteeSig: hex(inviteeSig) }),
      })
      addContactDevice(db, inviterHex, hex(inviterDevice), inviterCert)
      db.prepare('INSERT INTO spaces (key, kind, namespace, encryption_key, peer_id, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(
        spaceHex,
        'dm',
        namespace,
        hex(result.encryptionKey!),
        inviterHex,
        now,
      )
    })()
    session.reloadAllowedDevices()
    await session.openSpace({ key: spaceHex, namespace, encryption_key: hex(result.encryptionKey) })
    this.#events.contactsChanged(inviterHex)
    return { contactId: inviterHex, conversationId: spaceHex }
  }
}

/** Inviter: a new invite with its own DM space, waiting for one person. */
export async function createInvite(
  session: PeopleSession,
  pairing: InvitePairing,
  fields: { label: string; expiresInHours: number },
): Promise<InviteRow> {
  const db = session.db
  const now = session.options.services.clock.now()
  const encryptionKey = randomBytes(32)
  const namespace = `dm/invite-${randomBytes(16).toString('hex')}`
  const space = await session.openSpace({ key: null, namespace, encryption_key: hex(encryptionKey) })
  await session.appendOp(space, { t: 'space.create', kind: 'dm' })
  const secret = randomBytes(16)
  const row: InviteRow = {
    id: randomBytes(16).toString('hex'),
    label: fields.label,
    secret: hex(secret),
    discovery_key: hex(space.discoveryKey),
    space_key: space.key,
    created_at: now,
    expires_at: now + fields.expiresInHours * 3_600_000,
    status: 'pending',
    accepted_by: null,
    accepted_at: null,
  }
  db.transaction(() => {
    db.prepare('INSERT INTO spaces (key, kind, namespace, encryption_key, peer_id, created_at) VALUES (?, ?, ?, ?, NULL, ?)').run(space.key, 'dm', namespace, hex(encryptionKey), now)
    db.prepare(
      `INSERT INTO invites (id, label, secret, discovery_key, space_key, created_at, expires_at, status)
       VALUES (@id, @label, @secret, @discovery_key, @space_key, @created_at, @expires_at, 'pending')`,
    ).run(row)
  })()
  const profile = db.prepare('SELECT display_name, bio FROM profile WHERE id = 1').get() as { display_name: string; bio: string }
  await session.appendOp(space, { t: 'profile.set', displayName: profile.display_name, bio: profile.bio })
  pairing.listen(row)
  return row
}

export function inviteCodeOf(row: InviteRow): { code: string; link: string } {
  const code = encodeInviteCode({ secret: fromHex(row.secret), discoveryKey: fromHex(row.discovery_key) })
  return { code, link: inviteLink(code) }
}

function parseCodeOrThrow(code: string) {
  try {
    return parseInviteCode(code)
  } catch (error) {
    throw new RpcError('INVITE_MALFORMED', error instanceof Error ? error.message : 'This is not an invite code.')
  }
}

function toInviteError(error: unknown): RpcError {
  if (error instanceof RpcError) return error
  const code = (error as { code?: string } | null)?.code
  if (code === 'INVITE_USED') return new RpcError('INVITE_USED', 'This invite was already used. Ask for a new one: each invite works once.')
  if (code === 'INVITE_EXPIRED') return new RpcError('INVITE_EXPIRED', 'This invite has expired. Ask the person who sent it for a new one.')
  if (code === 'PAIRING_REJECTED') return new RpcError('INVITE_REVOKED', 'The person who made this invite cancelled it, or it could not be used.')
  return new RpcError('INVITE_REJECTED', 'Pairing with the inviter failed. Try again.')
}

