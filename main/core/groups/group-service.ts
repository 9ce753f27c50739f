import { randomBytes } from 'node:crypto'
import Autobase from 'autobase'
import type Sqlite from 'better-sqlite3-multiple-ciphers'
import hypercoreCrypto from 'hypercore-crypto'
import type { GroupOp, GroupOpOf, GroupOpType } from '../../../shared/domain/group-ops'
import type { GroupRole } from '../../../shared/domain/groups'
import { GROUP_LIMITS, isAdminRole, isModeratorRole } from '../../../shared/domain/groups'
import { RpcError } from '../../../shared/rpc/errors'
import { upsertAlert } from '../alerts/alert-store'
import type { ProjectedEntry } from '../chats/chat-projection'
import { excerptOf } from '../chats/chat-queries'
import type { CoreServices } from '../services'
import type { FeedSchedulerOptions } from '../feeds/rss/feed-scheduler'
import { requirePublicAddress } from '../feeds/rss/public-address'
import type { PeopleExtension } from '../people/extensions'
import type { PeopleService } from '../people/people-service'
import type { PeopleSession } from '../people/session'
import type { AnyEntry, Space, SpaceProjection } from '../spaces/space'
import type { RulesState, SpaceRules } from '../spaces/space-rules'
import { fromHex, groupMemberMessage, hex, signWith } from '../spaces/certs'
import type { DistributiveOmit } from '../people/types'
import { newEpochKey, sealContent, sealEpochKey } from './epoch-crypto'
import { FormerMemberGrace } from './former-member-grace'
import type { ProjectedGroupEntry } from './group-projection'
import { GroupProjection } from './group-projection'
import { currentMembers, epochKey, groupProfile, groupSpaces, groupUnread, memberships } from './group-queries'
import { groupRules } from './group-rules'
import type { GroupState } from './group-state'

/** How long a removed (or departed) member's device is still admitted: enough to learn of it. */
export const FORMER_MEMBER_GRACE_MS = 7 * 24 * 3_600_000

/** A group op as the app writes it, before id, time and space are filled in. */
export type GroupOpFields = DistributiveOmit<GroupOp, 'id' | 'at' | 'sp'>

/** What a member sends to be admitted: their writer and their own signature over it (group-member/v1). */
export interface MembershipRequest {
  device: string
  writer: string
  deviceCert: string
  sealKey: string
  memberSig: string
}

/** The corestore namespace of a group on this device: fixed by the group key, so a joiner knows its writer before joining. */
export function groupNamespace(groupKey: string): string {
  return `group/${groupKey}`
}

/**
 * Groups as a feature of the people session: registers the group kind of
 * space (rules + projection), keeps the firewall open to fellow members,
 * and does an admin's background duties (admit accepted invitations, repair
 * epoch keys after concurrent changes). The RPC handlers call its methods.
 */
export class GroupService implements PeopleExtension {
  readonly #services: CoreServices
  readonly #log: (level: 'info' | 'warn' | 'error', message: string, data?: unknown) => void
  /** Per group, one duty pass at a time, and another after it if asked meanwhile. */
  readonly #duties = new Map<string, { running: Promise<void>; again: boolean }>()
  readonly #membershipSnapshot = new WeakMap<PeopleSession, Map<string, string>>()
  readonly #startedHooks: Array<(session: PeopleSession) => void> = []
  readonly #graces = new WeakMap<PeopleSession, FormerMemberGrace>()
  /** How long former members stay admitted; tests shorten it to see the grace end. */
  formerMemberGraceMs = FORMER_MEMBER_GRACE_MS
  /**
   * How admins' devices fetch the group's RSS/Atom feeds. By default only
   * from the public internet (rss/public-address.ts); Core's
   * allowPrivateFeedAddresses (tests with a local feed server) clears it.
   */
  newsFetchOptions: Partial<FeedSchedulerOptions> = { checkAddress: (url) => requirePublicAddress(url) }

  readonly spaceKind: NonNullable<PeopleExtension['spaceKind']>

  constructor(services: CoreServices, people: PeopleService, log: (level: 'info' | 'warn' | 'error', message: string, data?: unknown) => void) {
    this.#services = services
    this.#log = log
    this.spaceKind = {
      kind: 'group',
      rules: groupRules as unknown as SpaceRules<AnyEntry, RulesState<AnyEntry>>,
      createProjection: (session) =>
        new GroupProjection({
          db: () => session.db,
          me: () => ({ identity: session.me, sealing: session.identity.sealing }),
          afterEntries: (entries) => this.#afterGroupEntries(session, entries),
          onBadContent: (space, type) => {
            session.rejectedOps++
            this.#log('warn', `a member's ${type} in group ${space.slice(0, 8)} did not open or was invalid`)
          },
        }) as unknown as SpaceProjection<AnyEntry>,
    }
    people.extend(this)
  }

  get events() {
    return this.#services.events
  }

  get clock() {
    return this.#services.clock
  }

  /** Run `hook` whenever a session has started (after its spaces opened). */
  onSessionStarted(hook: (session: PeopleSession) => void): void {
    this.#startedHooks.push(hook)
  }

  // ——— PeopleExtension ———

  sessionStarted(session: PeopleSession): void {
    const grace = new FormerMemberGrace(session, this.clock, () => this.formerMemberGraceMs, this.#log)
    this.#graces.set(session, grace)
    session.onClose(async () => grace.close())
    for (const hook of this.#startedHooks) hook(session)
    for (const { key } of groupSpaces(session.db)) {
      grace.watch(key)
      this.scheduleDuties(session, key)
    }
  }

  allowedDevices(session: PeopleSession): Iterable<[string, string]> {
    const devices: Array<[string, string]> = []
    for (const { key } of groupSpaces(session.db)) {
      const all = memberships(session.db, key)
      if (all.get(session.me)?.status === 'removed' || all.get(session.me)?.status === 'left') continue
      const now = this.clock.now()
      for (const member of all.values()) {
        // Former members stay admitted for a while, so a device that was
        // offline when it was removed still syncs far enough to learn it.
        // They get only ciphertext under epoch keys they no longer hold.
        // FormerMemberGrace drops them when that ends.
        const recentlyGone = member.status !== 'member' && member.leftAt !== null && now - member.leftAt < this.formerMemberGraceMs
        if (member.status === 'member' || recentlyGone) devices.push([member.device, member.identity])
      }
    }
    // The admin who answered a join request of mine: the first peer of a group whose members I do not know yet.
    const answered = session.db.prepare("SELECT admin_identity, admin_device FROM group_outgoing WHERE admin_device IS NOT NULL AND status != 'refused'").all() as Array<{
      admin_identity: string
      admin_device: string
    }>
    for (const row of answered) devices.push([row.admin_device, row.admin_identity])
    return devices
  }

  unreadCount(session: PeopleSession): number {
    let total = 0
    for (const { key } of groupSpaces(session.db)) if (memberships(session.db, key).get(session.me)?.status === 'member') total += groupUnread(session.db, key, session.me).unread
    return total
  }

  spaceProjected(session: PeopleSession, space: Space): void {
    if (space.kind !== 'group') return
    this.events.emit('groups.onGroupsChanged', { groupId: space.key })
    this.events.emit('groups.onThreadsChanged', { groupId: space.key })
    // Membership changed: the firewall follows, and new members get dialled.
    const members = new Map(currentMembers(session.db, space.key).map((member) => [member.identity, member.device]))
    let snapshot = this.#membershipSnapshot.get(session)
    if (!snapshot) this.#membershipSnapshot.set(session, (snapshot = new Map()))
    const signature = [...members].sort().join(',')
    if (snapshot.get(space.key) !== signature) {
      snapshot.set(space.key, signature)
      session.reloadAllowedDevices()
      session.network.redial([...members.values()].filter((device) => device !== session.device.keyPair.publicKey.toString('hex')))
      // Someone removed may still be connected through this group alone.
      for (const device of session.network.swarm ? [...session.network.swarm.connections].map((c) => c.remotePublicKey.toString('hex')) : []) {
        if (!session.allowedDevices.has(device)) session.network.disconnect(device)
      }
      // A member who just left is admitted for a grace period: end it on time.
      this.#graces.get(session)?.watch(space.key)
    }
    this.scheduleDuties(session, space.key)
  }

  spaceWritable(session: PeopleSession, space: Space): void {
    if (space.kind === 'group') {
      this.events.emit('groups.onGroupsChanged', { groupId: space.key })
      this.scheduleDuties(session, space.key)
    }
  }

  afterDmEntries(session: PeopleSession, entries: ProjectedEntry[]): void {
    const db = session.db
    let invitationsChanged = false
    for (const { space, entry, fresh } of entries) {
      const { op, a: author } = entry
      if (op.t === 'group.invite' && author !== session.me) {
        invitationsChanged = true
        if (fresh) {
          const from = (db.prepare('SELECT display_name FROM contacts WHERE id = ?').get(author) as { display_name: string } | undefined)?.display_name ?? 'A contact'
          const alert = upsertAlert(db, {
            kind: 'group-invitation',
            title: `${from} invited you to ${op.name}`,
            body: 'Open Groups to accept or decline.',
            route: '/groups',
            now: this.clock.now(),
          })
          this.events.emit('alerts.onAlertAdded', alert)
        }
      } else if (op.t === 'group.accept' && author !== session.me) {
        const invitation = db.prepare('SELECT group_key FROM space_group_invites WHERE space = ? AND id = ? AND author = ?').get(space, op.invitation, session.me) as
          | { group_key: string }
          | undefined
        if (!invitation) continue
        const name = (db.prepare('SELECT display_name FROM contacts WHERE id = ?').get(author) as { display_name: string } | undefined)?.display_name ?? 'A contact'
        const request: MembershipRequest = { device: op.device, writer: op.writer, deviceCert: op.deviceCert, sealKey: op.sealKey, memberSig: op.memberSig }
        // I invited them and they said yes: admitted without another approval.
        // A fresh yes (say, invited again after leaving) replaces an older one.
        db.prepare(
          `INSERT INTO group_join_requests (id, space, identity, name, note, request, via, requested_at, status, decided_at)
           VALUES (?, ?, ?, ?, '', ?, 'invitation', ?, 'approved', ?)
           ON CONFLICT (space, identity, via) DO UPDATE SET request = excluded.request, requested_at = excluded.requested_at, status = 'approved', decided_at = excluded.decided_at`,
        ).run(randomBytes(16).toString('hex'), invitation.group_key, author, name, JSON.stringify(request), op.at, this.clock.now())
        const open = session.spaces.get(invitation.group_key)
        if (open) queueMicrotask(() => this.scheduleDuties(session, invitation.group_key))
      } else if (op.t === 'group.decline') invitationsChanged = true
    }
    if (invitationsChanged) this.events.emit('groups.onInvitationsChanged', {})
  }

  // ——— writing ———

  /** The open group space, or GROUP_NOT_FOUND. */
  requireGroup(session: PeopleSession, groupId: string): Space {
    const space = session.spaces.get(groupId)
    if (!space || space.kind !== 'group') throw new RpcError('GROUP_NOT_FOUND', 'There is no such group on this device.')
    return space
  }

  stateOf(space: Space): GroupState {
    return space.state as unknown as GroupState
  }

  /** My role now (from the rules' state), or GROUP_NOT_MEMBER / CONVERSATION_NOT_READY. */
  requireMember(session: PeopleSession, space: Space): GroupRole {
    const member = this.stateOf(space).members.get(session.me)
    if (!member) {
      const status = memberships(session.db, space.key).get(session.me)?.status
      if (status === 'removed') throw new RpcError('GROUP_NOT_MEMBER', 'You were removed from this group.')
      if (status === 'left') throw new RpcError('GROUP_NOT_MEMBER', 'You left this group.')
      throw new RpcError('CONVERSATION_NOT_READY', 'You joined this group a moment ago: wait until your device has synced with a member.')
    }
    if (!space.writable) throw new RpcError('CONVERSATION_NOT_READY', 'This device is not a writer in the group yet: wait until it has synced with a member.')
    return member.role
  }

  requireAdmin(session: PeopleSession, space: Space): GroupRole {
    const role = this.requireMember(session, space)
    if (!isAdminRole(role)) throw new RpcError('GROUP_FORBIDDEN', 'Only the group’s owner and admins can do that.')
    return role
  }

  requireModerator(session: PeopleSession, space: Space): GroupRole {
    const role = this.requireMember(session, space)
    if (!isModeratorRole(role)) throw new RpcError('GROUP_FORBIDDEN', 'Only the group’s moderators and admins can do that.')
    return role
  }

  /** Sign and append ops in one batch (nobody's op lands between them). */
  async append(session: PeopleSession, space: Space, fields: GroupOpFields[]): Promise<GroupOp[]> {
    const ops = fields.map((field) => ({ ...field, ...session.opBase(space) }) as GroupOp)
    await space.append(ops, session.identity.signing)
    return ops
  }

  /**
   * Seal content for an op of `type` with the group's current epoch key.
   * Returns the op id to use (the box is bound to it).
   */
  async sealFor(session: PeopleSession, space: Space, type: GroupOpType, content: unknown): Promise<{ id: string; box: ReturnType<typeof sealContent> }> {
    const state = this.stateOf(space)
    let key = epochKey(session.db, space.key, state.epoch)
    if (!key) {
      // The projection may lag the rules' state by a pass.
      await space.flush()
      key = epochKey(session.db, space.key, state.epoch)
    }
    if (!key) {
      this.scheduleDuties(session, space.key)
      throw new RpcError('CONVERSATION_NOT_READY', 'This device does not hold the group’s current key yet: an admin’s device hands it over when you are next online together.')
    }
    const id = randomBytes(16).toString('hex')
    return { id, box: sealContent(content, state.epoch, key, { space: space.key, opId: id, type }) }
  }

  /** Append one op with sealed content. */
  async appendSealed<T extends 'profile.set' | 'group.profile' | 'message.post' | 'message.edit' | 'reaction.set' | 'thread.open' | 'news.post' | 'news.feed.add' | 'news.import' | 'relay.add'>(
    session: PeopleSession,
    space: Space,
    type: T,
    header: Omit<DistributiveOmit<GroupOpOf<T>, 'id' | 'at' | 'sp' | 'box'>, 't'>,
    content: unknown,
  ): Promise<GroupOp> {
    const { id, box } = await this.sealFor(session, space, type, content)
    const op = { ...header, t: type, box, ...session.opBase(space), id } as unknown as GroupOp
    try {
      await space.append(op, session.identity.signing)
    } catch (error) {
      if (error instanceof Error && /over the .*-byte limit/.test(error.message)) {
        throw new RpcError('MESSAGE_TOO_LONG', 'That is too long to send in one message: shorten it or send it in parts.')
      }
      throw error
    }
    return op
  }

  /** My membership request for a group: my writer there and my signature over it. */
  async membershipRequest(session: PeopleSession, groupKey: string): Promise<MembershipRequest> {
    const writer = await this.#localWriter(session, groupKey)
    const discoveryKey = discoveryKeyOf(groupKey)
    const me = session.identity.signing.publicKey
    const device = session.device.keyPair.publicKey
    const sealKey = session.identity.sealing.publicKey
    const memberSig = signWith(groupMemberMessage(discoveryKey, me, device, writer, sealKey), session.identity.signing.secretKey)
    return { device: hex(device), writer: hex(writer), deviceCert: session.device.cert, sealKey: hex(sealKey), memberSig: hex(memberSig) }
  }

  /**
   * The key of this device's writer in a group. Autobase opens its local
   * core exclusively: while the space is open (say, rejoining after leaving)
   * ask it, or a second session would wait for that lock forever.
   */
  async #localWriter(session: PeopleSession, groupKey: string): Promise<Buffer> {
    const open = session.spaces.get(groupKey)
    if (open) return fromHex(open.localWriterKey)
    const local = Autobase.getLocalCore(session.network.store.namespace(groupNamespace(groupKey)))
    await local.ready()
    const writer = local.key
    await local.close()
    return writer
  }

  /** Admit someone (admins): member.add with the current epoch key sealed to them. */
  async admit(session: PeopleSession, space: Space, identity: string, request: MembershipRequest, role: 'admin' | 'moderator' | 'member' = 'member'): Promise<void> {
    const state = this.stateOf(space)
    if (state.members.has(identity)) return
    let key = epochKey(session.db, space.key, state.epoch)
    if (!key) {
      await space.flush()
      key = epochKey(session.db, space.key, state.epoch)
    }
    if (!key) throw new RpcError('CONVERSATION_NOT_READY', 'This device does not hold the group’s current key yet. Try again once it has synced.')
    await this.append(session, space, [
      {
        t: 'member.add',
        member: identity,
        device: request.device,
        writer: request.writer,
        deviceCert: request.deviceCert,
        sealKey: request.sealKey,
        memberSig: request.memberSig,
        role,
        grant: { e: state.epoch, k: sealEpochKey(key, fromHex(request.sealKey)) },
      },
    ])
    await space.flush()
  }

  /** A new epoch sealed to everyone who stays (after removals), as op fields. */
  rotationFor(space: Space, without: ReadonlySet<string>): GroupOpFields {
    const state = this.stateOf(space)
    const key = newEpochKey()
    const keys = [...state.members.values()].filter((member) => !without.has(member.identity)).map((member) => ({ m: member.identity, k: sealEpochKey(key, fromHex(member.sealKey)) }))
    return { t: 'epoch.rotate', e: state.epoch + 1, keys }
  }

  // ——— an admin's background duties ———

  scheduleDuties(session: PeopleSession, groupId: string): void {
    const current = this.#duties.get(groupId)
    if (current) {
      current.again = true
      return
    }
    const slot = { running: Promise.resolve(), again: false }
    this.#duties.set(groupId, slot)
    slot.running = (async () => {
      do {
        slot.again = false
        await this.#runDuties(session, groupId).catch((error) => {
          if (!session.closing) this.#log('warn', `group duties for ${groupId.slice(0, 8)} failed`, error)
        })
      } while (slot.again && !session.closing)
      this.#duties.delete(groupId)
    })()
  }

  /** Wait for any duty pass in progress (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.#duties.size > 0) await Promise.all([...this.#duties.values()].map((slot) => slot.running))
  }

  async #runDuties(session: PeopleSession, groupId: string): Promise<void> {
    if (session.closing) return
    const space = session.spaces.get(groupId)
    if (!space || space.kind !== 'group' || !space.writable) return
    const state = this.stateOf(space)
    const me = state.members.get(session.me)
    if (!me) return
    const db = session.db

    // 0. Every member introduces themselves (name and bio) once, so members
    //    who are not each other's contacts still see names.
    const introduced = db.prepare('SELECT 1 FROM space_profiles WHERE space = ? AND author = ?').get(groupId, session.me)
    if (!introduced && epochKey(db, groupId, state.epoch)) {
      const profile = db.prepare('SELECT display_name, bio FROM profile WHERE id = 1').get() as { display_name: string; bio: string }
      await this.appendSealed(session, space, 'profile.set', {}, { displayName: profile.display_name, bio: profile.bio })
      await space.flush()
    }
    if (!isAdminRole(me.role)) return

    // 1. Someone who holds the current epoch's key is gone (a leave, or a
    //    removal that raced a rotation): start a new epoch without them.
    const holders = [...state.keyHolders].filter((held) => held.startsWith(`${state.epoch}:`)).map((held) => held.slice(held.indexOf(':') + 1))
    if (holders.some((identity) => !state.members.has(identity))) {
      await this.append(session, space, [this.rotationFor(space, new Set())])
      await space.flush()
    }

    // 2. Members without the current key (added concurrently with a rotation).
    const key = epochKey(db, groupId, state.epoch)
    if (key) {
      const missing = [...state.members.values()].filter((member) => !state.holdsKey(state.epoch, member.identity))
      if (missing.length > 0) {
        await this.append(
          session,
          space,
          missing.map((member) => ({ t: 'epoch.grant' as const, e: state.epoch, m: member.identity, k: sealEpochKey(key, fromHex(member.sealKey)) })),
        )
        await space.flush()
      }
    }

    // 3. Approved requests not yet admitted (invitations accepted in a DM, approvals made offline).
    const approved = db.prepare("SELECT identity, request, decided_at FROM group_join_requests WHERE space = ? AND status = 'approved'").all(groupId) as Array<{
      identity: string
      request: string
      decided_at: number | null
    }>
    for (const row of approved) {
      if (state.members.has(row.identity) || state.memberCount >= GROUP_LIMITS.members) continue
      if (!approvalStillHolds(db, groupId, row.identity, row.decided_at)) continue
      await this.admit(session, space, row.identity, JSON.parse(row.request) as MembershipRequest)
    }
  }

  // ——— effects of projected group ops ———

  #afterGroupEntries(session: PeopleSession, entries: ProjectedGroupEntry[]): void {
    const db = session.db
    const now = this.clock.now()
    const me = session.me
    const joinedAt = new Map<string, number>()
    // News is what happened from my join on: a new member's first sync replays the history before it.
    const isNews = (space: string, seq: number) => {
      let from = joinedAt.get(space)
      if (from === undefined) joinedAt.set(space, (from = memberships(db, space).get(me)?.joinedSeq ?? Number.MAX_SAFE_INTEGER))
      return seq >= from
    }
    for (const { space, seq, entry, fresh, content } of entries) {
      const name = (identity: string) => memberName(db, space, identity)
      if (!fresh || !isNews(space, seq)) continue
      const { op, a: author } = entry
      const groupName = () => groupProfile(db, space).name
      if (op.t === 'message.post' && author !== me && content) {
        const post = content as { text: string; mentions?: string[] }
        if (post.mentions?.includes(me)) {
          const alert = upsertAlert(db, {
            kind: 'mention',
            title: `${name(author)} mentioned you in ${groupName()}`,
            body: excerptOf(post.text),
            route: `/groups/${space}`,
            now,
          })
          this.events.emit('alerts.onAlertAdded', alert)
        } else if (op.ch === 'announcements') {
          const alert = upsertAlert(db, { kind: 'announcement', title: `Announcement in ${groupName()}`, body: excerptOf(post.text), route: `/groups/${space}/announcements`, now })
          this.events.emit('alerts.onAlertAdded', alert)
        }
      } else if (op.t === 'member.remove' && op.member === me) {
        const alert = upsertAlert(db, { kind: 'group-removed', title: `You were removed from ${groupName()}`, body: `${name(author)} removed you. Nothing written from now on reaches you.`, route: `/groups/${space}`, now })
        this.events.emit('alerts.onAlertAdded', alert)
      } else if (op.t === 'member.add' && op.member === me) {
        const waited = db.prepare("UPDATE group_outgoing SET status = 'joined' WHERE group_key = ? AND status = 'waiting'").run(space)
        if (waited.changes > 0) {
          const alert = upsertAlert(db, { kind: 'group-joined', title: `You joined ${groupName()}`, body: 'Your request was approved.', route: `/groups/${space}`, now })
          this.events.emit('alerts.onAlertAdded', alert)
        }
      }
    }
  }
}

/** A member's name: my contact's name, else the profile they wrote in this group, else the name in their join request, else a short key. */
export function memberName(db: Sqlite.Database, space: string, identity: string): string {
  const contact = db.prepare('SELECT display_name FROM contacts WHERE id = ?').get(identity) as { display_name: string } | undefined
  if (contact) return contact.display_name
  const profile = db.prepare('SELECT display_name FROM space_profiles WHERE space = ? AND author = ? ORDER BY seq DESC LIMIT 1').get(space, identity) as
    | { display_name: string }
    | undefined
  if (profile) return profile.display_name
  // An admin knows the name someone gave with their join request before their own profile arrives.
  const requested = db.prepare('SELECT name FROM group_join_requests WHERE space = ? AND identity = ? ORDER BY requested_at DESC LIMIT 1').get(space, identity) as
    | { name: string }
    | undefined
  return requested?.name ?? `Member ${identity.slice(0, 6)}`
}

/**
 * An approval admits someone once: a member who left or was removed after
 * it was given must ask (or be invited) again.
 */
export function approvalStillHolds(db: Sqlite.Database, space: string, identity: string, decidedAt: number | null): boolean {
  const was = memberships(db, space).get(identity)
  return !(was && was.status !== 'member' && (was.leftAt ?? 0) >= (decidedAt ?? 0))
}

/** Autobase's discovery key is its key's hypercore discovery key. */
export function discoveryKeyOf(groupKey: string): Buffer {
  return hypercoreCrypto.discoveryKey(fromHex(groupKey))
}
