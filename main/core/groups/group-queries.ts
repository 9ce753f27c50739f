import type Sqlite from 'better-sqlite3-multiple-ciphers'
import type { z } from 'zod'
import type { group, groupMember, groupSummary, groupThread } from '../../../shared/contract/groups'
import type { GroupMode, GroupRole, GroupVisibility } from '../../../shared/domain/groups'
import { isAdminRole } from '../../../shared/domain/groups'
import { avatarHue as hueOf } from '../contacts/contact-store'
import { deviceCertMessage, fromHex, groupMemberMessage, verifyHex } from '../spaces/certs'

export type GroupSummary = z.infer<typeof groupSummary>
export type Group = z.infer<typeof group>
export type GroupMemberView = z.infer<typeof groupMember>
export type GroupThread = z.infer<typeof groupThread>

/** Where one identity stands in a group, folded from group_member_events. */
export interface Membership {
  identity: string
  status: 'member' | 'removed' | 'left'
  role: GroupRole
  device: string
  writer: string
  sealKey: string
  memberSig: string | null
  deviceCert: string
  addedBy: string | null
  /** Position and time of their latest admission. */
  joinedSeq: number
  joinedAt: number
  /** Position and time of their removal or leaving (null while a member). */
  leftSeq: number | null
  leftAt: number | null
  mutedUntil: number
}

interface MemberEventRow {
  seq: number
  identity: string
  event: 'create' | 'add' | 'role' | 'remove' | 'leave' | 'mute'
  role: GroupRole | null
  device: string | null
  writer: string | null
  seal_key: string | null
  member_sig: string | null
  device_cert: string | null
  until: number | null
  actor: string
  at: number
}

/** Everyone who was ever in the group, as of the projection. */
export function memberships(db: Sqlite.Database, space: string): Map<string, Membership> {
  const rows = db.prepare('SELECT * FROM group_member_events WHERE space = ? ORDER BY seq').all(space) as MemberEventRow[]
  const result = new Map<string, Membership>()
  for (const row of rows) {
    const current = result.get(row.identity)
    switch (row.event) {
      case 'create':
      case 'add':
        result.set(row.identity, {
          identity: row.identity,
          status: 'member',
          role: row.role!,
          device: row.device!,
          writer: row.writer!,
          sealKey: row.seal_key!,
          memberSig: row.member_sig,
          deviceCert: row.device_cert!,
          addedBy: row.event === 'add' ? row.actor : null,
          joinedSeq: row.seq,
          joinedAt: row.at,
          leftSeq: null,
          leftAt: null,
          mutedUntil: 0,
        })
        break
      case 'role':
        if (current) current.role = row.role!
        break
      case 'mute':
        if (current) current.mutedUntil = row.until ?? 0
        break
      case 'remove':
      case 'leave':
        if (current && current.status === 'member') {
          current.status = row.event === 'remove' ? 'removed' : 'left'
          current.leftSeq = row.seq
          current.leftAt = row.at
        }
        break
    }
  }
  return result
}

export function currentMembers(db: Sqlite.Database, space: string): Membership[] {
  return [...memberships(db, space).values()].filter((member) => member.status === 'member')
}

/** The membership credential: the member's own signature over their writer and keys, for this group. */
export function credentialVerifies(member: Membership, discoveryKey: string): boolean {
  const identity = fromHex(member.identity)
  if (!verifyHex(deviceCertMessage(identity, fromHex(member.device)), member.deviceCert, member.identity)) return false
  // The owner's admission is the group's genesis op, signed by them: no separate credential.
  if (member.addedBy === null) return true
  if (member.memberSig === null) return false
  const message = groupMemberMessage(fromHex(discoveryKey), identity, fromHex(member.device), fromHex(member.writer), fromHex(member.sealKey))
  return verifyHex(message, member.memberSig, member.identity)
}

export function groupSettings(db: Sqlite.Database, space: string): { mode: GroupMode; visibility: GroupVisibility } {
  const mode = db.prepare('SELECT mode FROM group_settings WHERE space = ? AND mode IS NOT NULL ORDER BY seq DESC LIMIT 1').get(space) as { mode: GroupMode } | undefined
  const visibility = db.prepare('SELECT visibility FROM group_settings WHERE space = ? AND visibility IS NOT NULL ORDER BY seq DESC LIMIT 1').get(space) as
    | { visibility: GroupVisibility }
    | undefined
  return { mode: mode?.mode ?? 'chat', visibility: visibility?.visibility ?? 'private' }
}

export function groupProfile(db: Sqlite.Database, space: string): { name: string; purpose: string; description: string; avatar: string | null } {
  const row = db.prepare('SELECT name, purpose, description, avatar FROM group_profiles WHERE space = ? ORDER BY seq DESC LIMIT 1').get(space) as
    | { name: string; purpose: string; description: string; avatar: string | null }
    | undefined
  return row ?? { name: 'Group', purpose: '', description: '', avatar: null }
}

export function currentEpoch(db: Sqlite.Database, space: string): number {
  const row = db.prepare('SELECT MAX(epoch) AS epoch FROM group_epochs WHERE space = ?').get(space) as { epoch: number | null }
  return row.epoch ?? 0
}

/** The newest epoch whose key I hold, and the key. */
export function myNewestKey(db: Sqlite.Database, space: string): { epoch: number; key: Buffer } | null {
  const row = db.prepare('SELECT epoch, key FROM group_epoch_keys WHERE space = ? ORDER BY epoch DESC, seq LIMIT 1').get(space) as { epoch: number; key: string } | undefined
  return row ? { epoch: row.epoch, key: Buffer.from(row.key, 'hex') } : null
}

export function epochKey(db: Sqlite.Database, space: string, epoch: number): Buffer | null {
  const row = db.prepare('SELECT key FROM group_epoch_keys WHERE space = ? AND epoch = ? ORDER BY seq LIMIT 1').get(space, epoch) as { key: string } | undefined
  return row ? Buffer.from(row.key, 'hex') : null
}

/** The range of positions I may see: from my (latest) join until I left or was removed. */
export function myWindow(db: Sqlite.Database, space: string, me: string): { from: number; to: number } {
  const mine = memberships(db, space).get(me)
  if (!mine) return { from: Number.MAX_SAFE_INTEGER, to: -1 }
  return { from: mine.joinedSeq, to: mine.leftSeq ?? Number.MAX_SAFE_INTEGER }
}

export interface GroupContext {
  me: string
  isOnline: (identity: string) => boolean
  isWritable: (space: string) => boolean
  nameOf: (identity: string) => string
  isContact: (identity: string) => boolean
}

export function groupSpaces(db: Sqlite.Database): Array<{ key: string; created_at: number }> {
  return db.prepare("SELECT key, created_at FROM spaces WHERE kind = 'group' ORDER BY created_at").all() as Array<{ key: string; created_at: number }>
}

export function groupUnread(db: Sqlite.Database, space: string, me: string): { unread: number; mentions: number } {
  const window = myWindow(db, space, me)
  const row = db
    .prepare(
      `SELECT COUNT(*) AS unread, SUM(CASE WHEN m.mentions LIKE '%' || @me || '%' THEN 1 ELSE 0 END) AS mentions
       FROM space_messages m JOIN spaces s ON s.key = m.space
       LEFT JOIN channel_reads r ON r.space = m.space AND r.channel = m.channel
       WHERE m.space = @space AND m.author != @me AND m.sealed = 0 AND m.channel IN ('chat', 'announcements')
         AND m.seq >= @from AND m.seq < @to
         AND m.seq > CASE WHEN m.channel = 'chat' THEN s.read_seq ELSE COALESCE(r.read_seq, -1) END
         AND NOT EXISTS (SELECT 1 FROM space_message_changes c WHERE c.space = m.space AND c.target = m.id AND c.kind = 'delete')`,
    )
    .get({ space, me, from: window.from, to: window.to }) as { unread: number; mentions: number | null }
  return { unread: row.unread, mentions: row.mentions ?? 0 }
}

export function pendingRequestCount(db: Sqlite.Database, space: string): number {
  return (db.prepare("SELECT COUNT(*) AS n FROM group_join_requests WHERE space = ? AND status = 'pending'").get(space) as { n: number }).n
}

export function getGroupSummary(db: Sqlite.Database, context: GroupContext, space: string): GroupSummary | null {
  const row = db.prepare("SELECT key, created_at FROM spaces WHERE key = ? AND kind = 'group'").get(space) as { key: string; created_at: number } | undefined
  if (!row) return null
  const all = memberships(db, space)
  const mine = all.get(context.me)
  const members = [...all.values()].filter((member) => member.status === 'member')
  const { mode, visibility } = groupSettings(db, space)
  const profile = groupProfile(db, space)
  const { unread, mentions } = mine?.status === 'member' ? groupUnread(db, space, context.me) : { unread: 0, mentions: 0 }
  const last = db.prepare("SELECT MAX(created_at) AS at FROM space_messages WHERE space = ? AND channel IN ('chat', 'announcements')").get(space) as { at: number | null }
  const isAdmin = mine?.status === 'member' && isAdminRole(mine.role)
  return {
    id: space,
    name: profile.name,
    purpose: profile.purpose,
    avatar: profile.avatar,
    avatarHue: hueOf(space),
    mode,
    visibility,
    myRole: mine?.status === 'member' ? mine.role : null,
    // Until my admission is projected (just joined), I am a member waiting for the first sync.
    membership: mine?.status ?? 'member',
    memberCount: members.length,
    unreadCount: unread,
    mentionCount: mentions,
    lastActivityAt: Math.max(row.created_at, last.at ?? 0),
    pendingRequests: isAdmin ? pendingRequestCount(db, space) : 0,
  }
}

export function getGroup(db: Sqlite.Database, context: GroupContext, space: string): Group | null {
  const summary = getGroupSummary(db, context, space)
  if (!summary) return null
  const members = currentMembers(db, space)
  const owner = members.find((member) => member.role === 'owner')
  const admins = members.filter((member) => isAdminRole(member.role))
  const mine = members.find((member) => member.identity === context.me)
  const created = db.prepare('SELECT created_at FROM spaces WHERE key = ?').get(space) as { created_at: number }
  return {
    ...summary,
    description: groupProfile(db, space).description,
    createdAt: created.created_at,
    ownerId: owner?.identity ?? null,
    adminCount: admins.length,
    singleAdmin: admins.length === 1,
    epoch: currentEpoch(db, space),
    mutedUntil: mine && mine.mutedUntil > 0 ? mine.mutedUntil : null,
    ready: context.isWritable(space) && mine !== undefined,
  }
}

export function listGroups(db: Sqlite.Database, context: GroupContext): GroupSummary[] {
  return groupSpaces(db)
    .map((row) => getGroupSummary(db, context, row.key))
    .filter((summary): summary is GroupSummary => summary !== null)
    .sort((a, b) => b.lastActivityAt - a.lastActivityAt)
}

export function listMembers(db: Sqlite.Database, context: GroupContext, space: string, discoveryKey: string, now: number): GroupMemberView[] {
  return currentMembers(db, space)
    .map((member) => ({
      id: member.identity,
      name: context.nameOf(member.identity),
      avatarHue: hueOf(member.identity),
      role: member.role,
      verified: credentialVerifies(member, discoveryKey),
      addedBy: member.addedBy === null ? null : context.nameOf(member.addedBy),
      joinedAt: member.joinedAt,
      online: member.identity === context.me || context.isOnline(member.identity),
      mutedUntil: member.mutedUntil > now ? member.mutedUntil : null,
      isMe: member.identity === context.me,
      isContact: context.isContact(member.identity),
    }))
    .sort((a, b) => ROLE_ORDER[a.role] - ROLE_ORDER[b.role] || a.name.localeCompare(b.name))
}

const ROLE_ORDER: Record<GroupRole, number> = { owner: 0, admin: 1, moderator: 2, member: 3 }

interface ThreadRow {
  id: string
  author: string
  title: string
  text: string
  created_at: number
  sealed: number
  seq: number
  deleted: number
  edited_text: string | null
  replies: number
  last_reply: number | null
}

const THREAD_SELECT = `
  SELECT t.*,
    EXISTS (SELECT 1 FROM space_message_changes c WHERE c.space = t.space AND c.target = t.id AND c.kind = 'delete') AS deleted,
    (SELECT c.text FROM space_message_changes c WHERE c.space = t.space AND c.target = t.id AND c.kind = 'edit' ORDER BY c.seq DESC LIMIT 1) AS edited_text,
    (SELECT COUNT(*) FROM space_messages m WHERE m.space = t.space AND m.channel = t.id
       AND NOT EXISTS (SELECT 1 FROM space_message_changes c WHERE c.space = m.space AND c.target = m.id AND c.kind = 'delete')) AS replies,
    (SELECT MAX(m.created_at) FROM space_messages m WHERE m.space = t.space AND m.channel = t.id) AS last_reply
  FROM group_threads t`

function toThread(space: string, context: GroupContext, row: ThreadRow): GroupThread {
  const deleted = row.deleted === 1
  return {
    id: row.id,
    groupId: space,
    title: deleted ? 'Deleted thread' : row.title,
    text: deleted ? '' : (row.edited_text ?? row.text),
    authorId: row.author,
    authorName: context.nameOf(row.author),
    createdAt: row.created_at,
    replyCount: row.replies,
    lastActivityAt: Math.max(row.created_at, row.last_reply ?? 0),
    deleted,
    readable: row.sealed === 0,
  }
}

export function listThreads(db: Sqlite.Database, context: GroupContext, space: string): GroupThread[] {
  const window = myWindow(db, space, context.me)
  const rows = db.prepare(`${THREAD_SELECT} WHERE t.space = ? AND t.seq >= ? AND t.seq < ?`).all(space, window.from, window.to) as ThreadRow[]
  return rows.map((row) => toThread(space, context, row)).sort((a, b) => b.lastActivityAt - a.lastActivityAt)
}

export function getThread(db: Sqlite.Database, context: GroupContext, space: string, id: string): GroupThread | null {
  const row = db.prepare(`${THREAD_SELECT} WHERE t.space = ? AND t.id = ?`).get(space, id) as ThreadRow | undefined
  return row ? toThread(space, context, row) : null
}
