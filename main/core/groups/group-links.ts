import { sha256 } from '@noble/hashes/sha2.js'
import { randomBytes } from 'node:crypto'
import BlindPairing from 'blind-pairing'
import type { Candidate, MemberRequest } from 'blind-pairing'
import hypercoreCrypto from 'hypercore-crypto'
import { encodeGroupLinkCode, inviteLink, parseGroupLinkCode } from '../../../shared/domain/invite-code'
import { GROUP_LIMITS } from '../../../shared/domain/groups'
import { RpcError } from '../../../shared/rpc/errors'
import { upsertAlert } from '../alerts/alert-store'
import type { PeopleSession } from '../people/session'
import { deviceCertMessage, fromHex, groupMemberMessage, hex, verifyHex } from '../spaces/certs'
import type { Space } from '../spaces/space'
import { groupProfile, memberships } from './group-queries'
import type { GroupService, MembershipRequest } from './group-service'
import { approvalStillHolds, discoveryKeyOf, groupNamespace } from './group-service'
import { PairingHost } from '../net/pairing-host'

/** How long a joiner waits for an admin's app to answer. */
export const JOIN_TIMEOUT_MS = 45_000
/** How often a waiting join request asks again while the app is open. */
export const REQUEST_RETRY_MS = 10_000

/** blind-pairing's deny statuses, as its candidate reports them. */
const DENY = { rejected: 1, used: 2, expired: 3 } as const
/** The first byte of an admin's answer. */
const ANSWER = { joined: 1, pending: 2 } as const

/**
 * What a joiner sends (blind-pairing userData, encrypted to the link's key):
 *   identity 32 | device 32 | writer 32 | device cert 64 | seal key 32 | member sig 64 | name length 1 | name | note
 * and what the admin answers (signed with the link's key):
 *   answer 1 | admin identity 32 | admin device 32 | admin device cert 64 | group name (UTF-8, ≤ 240 bytes)
 * Binary and bounded: both travel in DHT records of about 1 KB.
 */
const FIXED_BYTES = 256
const NAME_BYTES = 120
const NOTE_BYTES = 400
const ANSWER_FIXED_BYTES = 129
const GROUP_NAME_BYTES = 240

export interface LinkRow {
  id: string
  space: string
  secret: string
  discovery_key: string
  single_use: number
  uses: number
  created_at: number
  expires_at: number
  status: 'active' | 'revoked'
}

export function linkSeed(secret: Uint8Array): Buffer {
  return Buffer.from(sha256(Buffer.concat([Buffer.from('planet/group-link-seed/v1\n'), secret])))
}

export function linkCodeOf(row: Pick<LinkRow, 'secret' | 'space'>): { code: string; link: string } {
  const code = encodeGroupLinkCode({ secret: fromHex(row.secret), groupKey: fromHex(row.space) })
  return { code, link: inviteLink(code) }
}

interface JoinerData {
  identity: Buffer
  request: MembershipRequest
  name: string
  note: string
}

function truncateUtf8(text: string, bytes: number): Buffer {
  let buffer = Buffer.from(text)
  while (buffer.length > bytes) {
    text = text.slice(0, -1)
    buffer = Buffer.from(text)
  }
  return buffer
}

function encodeJoiner(identity: Uint8Array, request: MembershipRequest, name: string, note: string): Buffer {
  const nameBytes = truncateUtf8(name, NAME_BYTES)
  return Buffer.concat([
    identity,
    fromHex(request.device),
    fromHex(request.writer),
    fromHex(request.deviceCert),
    fromHex(request.sealKey),
    fromHex(request.memberSig),
    Buffer.from([nameBytes.length]),
    nameBytes,
    truncateUtf8(note, NOTE_BYTES),
  ])
}

function decodeJoiner(data: Buffer): JoinerData | null {
  if (data.length < FIXED_BYTES + 1) return null
  const nameLength = data[FIXED_BYTES]!
  if (nameLength > NAME_BYTES || data.length > FIXED_BYTES + 1 + nameLength + NOTE_BYTES || data.length < FIXED_BYTES + 1 + nameLength) return null
  const name = data.subarray(FIXED_BYTES + 1, FIXED_BYTES + 1 + nameLength).toString('utf8').trim()
  const note = data.subarray(FIXED_BYTES + 1 + nameLength).toString('utf8').trim().slice(0, GROUP_LIMITS.joinNote)
  return {
    identity: data.subarray(0, 32),
    request: {
      device: hex(data.subarray(32, 64)),
      writer: hex(data.subarray(64, 96)),
      deviceCert: hex(data.subarray(96, 160)),
      sealKey: hex(data.subarray(160, 192)),
      memberSig: hex(data.subarray(192, 256)),
    },
    name: name || 'Someone',
    note,
  }
}

/**
 * Group links over blind-pairing, on a pairing swarm of their own. An admin
 * who made links listens on the group's discovery key; a request opens with
 * exactly one link's key, which says which link was used. Open groups admit
 * at once, restricted ones record a join request and answer "pending" until
 * an admin decides (the joiner asks again every REQUEST_RETRY_MS while their
 * app is open), and private groups' links admit one person each.
 */
export class GroupLinks {
  readonly #groups: GroupService
  readonly #session: PeopleSession
  readonly #host: PairingHost
  readonly #answering = new Set<string>()
  readonly #retrying = new Set<string>()
  #retryTimer: NodeJS.Timeout | null = null
  #closed = false

  constructor(groups: GroupService, session: PeopleSession) {
    this.#groups = groups
    this.#session = session
    this.#host = new PairingHost(session.network)
    session.onClose(() => this.close())
  }

  /** Listen for every group with a live link, and keep my waiting requests asking. */
  start(): void {
    const groups = this.#session.db.prepare("SELECT DISTINCT space FROM group_links WHERE status = 'active'").all() as Array<{ space: string }>
    for (const { space } of groups) this.listen(space)
    const retry = () =>
      this.#retryWaiting().catch((error: unknown) => {
        if (!this.#closed && !this.#session.closing) this.#session.options.log('warn', 'retrying join requests failed', error)
      })
    this.#retryTimer = setInterval(retry, REQUEST_RETRY_MS)
    this.#retryTimer.unref()
    void retry()
  }

  listen(groupKey: string): void {
    this.#host.answer(groupKey, discoveryKeyOf(groupKey), (request) => this.#answer(groupKey, request))
  }

  async close(): Promise<void> {
    this.#closed = true
    if (this.#retryTimer) clearInterval(this.#retryTimer)
    await this.#host.close()
  }

  /** Admin: make a link. Private groups' links admit one person. */
  createLink(space: Space, expiresInHours: number): LinkRow {
    const state = this.#groups.stateOf(space)
    const now = this.#groups.clock.now()
    const row: LinkRow = {
      id: randomBytes(16).toString('hex'),
      space: space.key,
      secret: randomBytes(16).toString('hex'),
      discovery_key: hex(space.discoveryKey),
      single_use: state.visibility === 'private' ? 1 : 0,
      uses: 0,
      created_at: now,
      expires_at: now + expiresInHours * 3_600_000,
      status: 'active',
    }
    this.#session.db
      .prepare(
        `INSERT INTO group_links (id, space, secret, discovery_key, single_use, uses, created_at, expires_at, status)
         VALUES (@id, @space, @secret, @discovery_key, @single_use, @uses, @created_at, @expires_at, @status)`,
      )
      .run(row)
    this.listen(space.key)
    return row
  }

  /** Admin: someone presented one of this group's links. */
  async #answer(groupKey: string, request: MemberRequest): Promise<void> {
    const session = this.#session
    const db = session.db
    const links = db.prepare('SELECT * FROM group_links WHERE space = ?').all(groupKey) as LinkRow[]
    let link: LinkRow | null = null
    let data: Buffer | null = null
    for (const candidate of links) {
      try {
        data = request.open(hypercoreCrypto.keyPair(linkSeed(fromHex(candidate.secret))).publicKey)
      } catch {
        data = null
      }
      if (data) {
        link = candidate
        break
      }
    }
    if (!link || !data) return request.deny({ status: DENY.rejected })
    const joiner = decodeJoiner(data)
    const space = session.spaces.get(groupKey)
    if (!joiner || !space) return request.deny({ status: DENY.rejected })
    const identity = hex(joiner.identity)
    const { request: membership } = joiner
    const credential = groupMemberMessage(space.discoveryKey, joiner.identity, fromHex(membership.device), fromHex(membership.writer), fromHex(membership.sealKey))
    if (
      identity === session.me ||
      !verifyHex(deviceCertMessage(joiner.identity, fromHex(membership.device)), membership.deviceCert, identity) ||
      !verifyHex(credential, membership.memberSig, identity)
    ) {
      return request.deny({ status: DENY.rejected })
    }
    const state = this.#groups.stateOf(space)
    const reply = (answer: number) => this.#confirm(request, link, answer)
    // blind-pairing may deliver the same request twice: a member gets the same "yes".
    if (state.members.has(identity)) return reply(ANSWER.joined)
    const now = this.#groups.clock.now()
    if (link.status === 'revoked') return request.deny({ status: DENY.rejected })
    if (link.expires_at <= now) return request.deny({ status: DENY.expired })
    if (link.single_use && link.uses > 0) return request.deny({ status: DENY.used })
    const mine = state.members.get(session.me)
    if (!mine || (mine.role !== 'owner' && mine.role !== 'admin') || !space.writable) return request.deny({ status: DENY.rejected })
    if (this.#answering.has(identity)) return
    this.#answering.add(identity)
    try {
      const admitNow = state.visibility === 'open' || link.single_use === 1
      let existing = db.prepare("SELECT status, decided_at FROM group_join_requests WHERE space = ? AND identity = ? AND via = 'link'").get(groupKey, identity) as
        | { status: 'pending' | 'approved' | 'refused'; decided_at: number | null }
        | undefined
      if (!admitNow && existing?.status === 'refused') return request.deny({ status: DENY.rejected })
      // Approved once, then left or removed: this is a new request.
      if (existing?.status === 'approved' && !approvalStillHolds(db, groupKey, identity, existing.decided_at)) {
        db.prepare("DELETE FROM group_join_requests WHERE space = ? AND identity = ? AND via = 'link'").run(groupKey, identity)
        existing = undefined
      }
      if (admitNow || existing?.status === 'approved') {
        await this.#groups.admit(session, space, identity, membership)
        db.prepare('UPDATE group_links SET uses = uses + 1 WHERE id = ?').run(link.id)
        this.#groups.events.emit('groups.onGroupsChanged', { groupId: groupKey })
        return reply(ANSWER.joined)
      }
      if (!existing) {
        db.prepare(
          `INSERT INTO group_join_requests (id, space, identity, name, note, request, via, link_id, requested_at, status)
           VALUES (?, ?, ?, ?, ?, ?, 'link', ?, ?, 'pending')`,
        ).run(randomBytes(16).toString('hex'), groupKey, identity, joiner.name, joiner.note, JSON.stringify(membership), link.id, now)
        // One alert per group: with several people waiting it says how many.
        const waiting = (db.prepare("SELECT COUNT(*) AS n FROM group_join_requests WHERE space = ? AND status = 'pending'").get(groupKey) as { n: number }).n
        const alert = upsertAlert(db, {
          kind: 'join-request',
          title: waiting > 1 ? `${waiting} people ask to join ${groupProfile(db, groupKey).name}` : `${joiner.name} asks to join ${groupProfile(db, groupKey).name}`,
          body: waiting > 1 ? `The newest: ${joiner.name}. Approve or refuse them on the group’s Members tab.` : joiner.note || 'Approve or refuse the request on the group’s Members tab.',
          route: `/groups/${groupKey}/members`,
          now,
        })
        this.#groups.events.emit('alerts.onAlertAdded', alert)
        this.#groups.events.emit('groups.onGroupsChanged', { groupId: groupKey })
      }
      return reply(ANSWER.pending)
    } catch (error) {
      session.options.log('error', 'answering a group link failed', error)
      request.deny({ status: DENY.rejected })
    } finally {
      this.#answering.delete(identity)
    }
  }

  #confirm(request: MemberRequest, link: LinkRow, answer: number): void {
    const session = this.#session
    const name = truncateUtf8(groupProfile(session.db, link.space).name, GROUP_NAME_BYTES)
    const data = Buffer.concat([Buffer.from([answer]), session.identity.signing.publicKey, session.device.keyPair.publicKey, fromHex(session.device.cert), name])
    const linkKeyPair = hypercoreCrypto.keyPair(linkSeed(fromHex(link.secret)))
    const row = session.db.prepare('SELECT encryption_key FROM spaces WHERE key = ?').get(link.space) as { encryption_key: string }
    request.confirm({
      key: fromHex(link.space),
      // Only someone admitted learns the key that opens the group's cores.
      ...(answer === ANSWER.joined ? { encryptionKey: fromHex(row.encryption_key) } : {}),
      additional: { data, signature: hypercoreCrypto.sign(data, linkKeyPair.secretKey) },
    })
  }

  /** Joiner: use a link. Resolves 'joined' (space open) or 'requested' (waiting for an admin). */
  async join(code: string, note: string): Promise<{ groupId: string; status: 'joined' | 'requested' }> {
    let parsed
    try {
      parsed = parseGroupLinkCode(code)
    } catch (error) {
      throw new RpcError('INVITE_MALFORMED', error instanceof Error ? error.message : 'This is not a group link.')
    }
    const groupKey = hex(parsed.groupKey)
    const db = this.#session.db
    const open = this.#session.spaces.get(groupKey)
    const isMember = memberships(db, groupKey).get(this.#session.me)?.status === 'member' || (open?.kind === 'group' && this.#groups.stateOf(open).members.has(this.#session.me))
    if (isMember) {
      throw new RpcError('GROUP_ALREADY_MEMBER', 'You are already a member of this group.')
    }
    const status = await this.#ask(groupKey, parsed.secret, note, code)
    return { groupId: groupKey, status }
  }

  async #ask(groupKey: string, secret: Uint8Array, note: string, code: string): Promise<'joined' | 'requested'> {
    const session = this.#session
    const db = session.db
    const blind = this.#host.get()
    if (!blind) throw new RpcError('NETWORK_OFFLINE', 'PLANET is offline (started without a network), so it cannot reach the group’s admins.')
    const request = await this.#groups.membershipRequest(session, groupKey)
    const profile = db.prepare('SELECT display_name FROM profile WHERE id = 1').get() as { display_name: string }
    const userData = encodeJoiner(session.identity.signing.publicKey, request, profile.display_name, note)
    const { invite } = BlindPairing.createInvite(fromHex(groupKey), { seed: linkSeed(secret) })
    const candidate: Candidate = blind.addCandidate({ invite, userData })
    let timer: NodeJS.Timeout | undefined
    let result
    try {
      result = await Promise.race([
        candidate.pairing,
        new Promise<never>((_, reject) => candidate.request.once('rejected', reject)),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new RpcError('INVITE_UNREACHABLE', 'No admin of this group answered. The admin who made the link must have PLANET open: try again when they are online.')),
            JOIN_TIMEOUT_MS,
          )
        }),
      ])
    } catch (error) {
      throw toJoinError(error)
    } finally {
      clearTimeout(timer)
      await candidate.close().catch(() => undefined)
    }
    const answer = result.data
    if (!answer || answer.length < ANSWER_FIXED_BYTES || answer.length > ANSWER_FIXED_BYTES + GROUP_NAME_BYTES || hex(result.key) !== groupKey) throw new RpcError('INVITE_REJECTED', 'The group answered with something PLANET does not understand.')
    const admin = answer.subarray(1, 33)
    const adminDevice = answer.subarray(33, 65)
    const adminCert = hex(answer.subarray(65, 129))
    const groupName = answer.subarray(ANSWER_FIXED_BYTES).toString('utf8').trim().slice(0, GROUP_LIMITS.name)
    if (!verifyHex(deviceCertMessage(admin, adminDevice), adminCert, hex(admin))) throw new RpcError('INVITE_REJECTED', 'The answer did not come from a device of the group’s admin.')
    const now = this.#groups.clock.now()
    const joined = answer[0] === ANSWER.joined && result.encryptionKey
    db.prepare(
      `INSERT INTO group_outgoing (id, group_key, group_name, code, note, requested_at, status, admin_identity, admin_device) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (group_key) DO UPDATE SET status = excluded.status, group_name = excluded.group_name, admin_identity = excluded.admin_identity, admin_device = excluded.admin_device`,
    ).run(randomBytes(16).toString('hex'), groupKey, groupName, code, note, now, joined ? 'joined' : 'waiting', hex(admin), hex(adminDevice))
    if (!joined) {
      this.#groups.events.emit('groups.onGroupsChanged', { groupId: null })
      return 'requested'
    }
    const existing = db.prepare('SELECT 1 FROM spaces WHERE key = ?').get(groupKey)
    if (!existing) {
      db.prepare("INSERT INTO spaces (key, kind, namespace, encryption_key, peer_id, created_at) VALUES (?, 'group', ?, ?, NULL, ?)").run(
        groupKey,
        groupNamespace(groupKey),
        hex(result.encryptionKey!),
        now,
      )
    }
    session.reloadAllowedDevices()
    await session.openSpace({ key: groupKey, namespace: groupNamespace(groupKey), encryption_key: hex(result.encryptionKey!), kind: 'group' })
    session.network.redial([hex(adminDevice)])
    this.#groups.events.emit('groups.onGroupsChanged', { groupId: groupKey })
    return 'joined'
  }

  /** Ask again for every request still waiting (an admin may have approved it since). */
  async #retryWaiting(): Promise<void> {
    // The vault locks before the session finishes closing: a tick in between finds no database.
    if (this.#closed || this.#session.closing || !this.#session.options.services.vault.isUnlocked) return
    const waiting = this.#session.db.prepare("SELECT group_key, code, note FROM group_outgoing WHERE status = 'waiting'").all() as Array<{ group_key: string; code: string; note: string }>
    for (const row of waiting) {
      if (this.#retrying.has(row.group_key)) continue
      this.#retrying.add(row.group_key)
      const parsed = parseGroupLinkCode(row.code)
      this.#ask(row.group_key, parsed.secret, row.note, row.code)
        .then((status) => {
          if (status === 'joined') this.#groups.events.emit('groups.onGroupsChanged', { groupId: row.group_key })
        })
        .catch((error: unknown) => {
          if (this.#closed || this.#session.closing || !this.#session.options.services.vault.isUnlocked) return
          const code = (error as { code?: string }).code
          if (code === 'GROUP_JOIN_REFUSED' || code === 'INVITE_REVOKED' || code === 'INVITE_EXPIRED' || code === 'INVITE_USED') {
            this.#session.db.prepare("UPDATE group_outgoing SET status = 'refused' WHERE group_key = ?").run(row.group_key)
            this.#groups.events.emit('groups.onGroupsChanged', { groupId: null })
          }
        })
        .finally(() => this.#retrying.delete(row.group_key))
    }
  }
}

function toJoinError(error: unknown): RpcError {
  if (error instanceof RpcError) return error
  const code = (error as { code?: string } | null)?.code
  if (code === 'INVITE_USED') return new RpcError('INVITE_USED', 'This link admits one person and was already used. Ask an admin for a new one.')
  if (code === 'INVITE_EXPIRED') return new RpcError('INVITE_EXPIRED', 'This group link has expired. Ask an admin for a new one.')
  if (code === 'PAIRING_REJECTED') return new RpcError('GROUP_JOIN_REFUSED', 'The group did not let you in: the link was revoked, or an admin refused your request.')
  return new RpcError('INVITE_REJECTED', 'Joining the group failed. Try again.')
}
