import type Sqlite from 'better-sqlite3-multiple-ciphers'
import type { z } from 'zod'
import type { conversation, message } from '../../../shared/contract/chats'
import type { FileRef } from '../../../shared/domain/ops'

export type Message = z.infer<typeof message>
export type Conversation = z.infer<typeof conversation>

interface MessageRow {
  space: string
  seq: number
  id: string
  author: string
  text: string
  reply_to: string | null
  files: string | null
  created_at: number
  channel: string
  mentions: string | null
  sealed: number
  edited_text: string | null
  edited_at: number | null
  deleted: number
}

/** What a query needs to know that is not in SQL: who I am, the live state of the space. */
export interface ChatContext {
  me: string
  myName: string
  /** Positions below this are held by every member (signed by both indexers). */
  signedLength(space: string): number
  names: Map<string, string>
  /** Groups: may I delete anyone's message here (a moderator)? */
  canModerate?: (space: string) => boolean
}

export interface MessageFilter {
  /** Groups: which channel (the chat, announcements, or a thread id). */
  channel?: string
  pinnedOnly?: boolean
  /** Groups: the positions I may see (from my join until I left). */
  window?: { from: number; to: number }
}

const PINNED = `EXISTS (SELECT 1 FROM group_pins p WHERE p.space = m.space AND p.target = m.id AND p.on_ = 1
  AND p.seq = (SELECT MAX(p2.seq) FROM group_pins p2 WHERE p2.space = m.space AND p2.target = m.id))`

const MESSAGE_SELECT = `
  SELECT m.*,
    (SELECT c.text FROM space_message_changes c WHERE c.space = m.space AND c.target = m.id AND c.kind = 'edit' ORDER BY c.seq DESC LIMIT 1) AS edited_text,
    (SELECT c.at FROM space_message_changes c WHERE c.space = m.space AND c.target = m.id AND c.kind = 'edit' ORDER BY c.seq DESC LIMIT 1) AS edited_at,
    EXISTS (SELECT 1 FROM space_message_changes c WHERE c.space = m.space AND c.target = m.id AND c.kind = 'delete') AS deleted
  FROM space_messages m`

export function nameOf(db: Sqlite.Database, context: ChatContext, identity: string): string {
  if (identity === context.me) return context.myName
  let name = context.names.get(identity)
  if (name === undefined) {
    const row = db.prepare('SELECT display_name FROM contacts WHERE id = ?').get(identity) as { display_name: string } | undefined
    name = row?.display_name ?? 'Unknown'
    context.names.set(identity, name)
  }
  return name
}

export function listMessages(
  db: Sqlite.Database,
  context: ChatContext,
  space: string,
  before: number | undefined,
  limit: number,
  filter: MessageFilter = {},
): { messages: Message[]; hasMore: boolean } {
  const window = filter.window ?? { from: 0, to: Number.MAX_SAFE_INTEGER }
  const rows = db
    .prepare(
      `${MESSAGE_SELECT} WHERE m.space = @space AND m.channel = @channel AND m.seq >= @from AND m.seq < MIN(@before, @to)
       ${filter.pinnedOnly ? `AND ${PINNED}` : ''} ORDER BY m.seq DESC LIMIT @limit`,
    )
    .all({ space, channel: filter.channel ?? 'chat', from: window.from, to: window.to, before: before ?? Number.MAX_SAFE_INTEGER, limit: limit + 1 }) as MessageRow[]
  const hasMore = rows.length > limit
  const page = rows.slice(0, limit).reverse()
  return { messages: toMessages(db, context, space, page), hasMore }
}

export function getMessage(db: Sqlite.Database, context: ChatContext, space: string, id: string): Message | null {
  const row = db.prepare(`${MESSAGE_SELECT} WHERE m.space = ? AND m.id = ?`).get(space, id) as MessageRow | undefined
  return row ? toMessages(db, context, space, [row])[0]! : null
}

function toMessages(db: Sqlite.Database, context: ChatContext, space: string, rows: MessageRow[]): Message[] {
  if (rows.length === 0) return []
  const signed = context.signedLength(space)
  const isGroup = (db.prepare('SELECT kind FROM spaces WHERE key = ?').get(space) as { kind: string } | undefined)?.kind === 'group'
  const peerRead = isGroup ? -1 : peerReadSeq(db, space, context.me)
  const reactions = reactionsFor(db, context, space, rows.map((row) => row.id))
  const pinned = isGroup ? pinnedAmong(db, space, rows.map((row) => row.id)) : new Set<string>()
  const readers = isGroup && rows.some((row) => row.channel === 'announcements') ? readPositions(db, space) : new Map<string, number>()
  const moderator = isGroup && (context.canModerate?.(space) ?? false)
  return rows.map((row) => {
    const mine = row.author === context.me
    const deleted = row.deleted === 1
    let replyTo: Message['replyTo'] = null
    if (row.reply_to) {
      const target = db.prepare(`${MESSAGE_SELECT} WHERE m.space = ? AND m.id = ?`).get(space, row.reply_to) as MessageRow | undefined
      if (target) {
        replyTo = {
          id: target.id,
          authorName: nameOf(db, context, target.author),
          excerpt: target.deleted ? '' : excerptOf(target.edited_text ?? target.text),
          deleted: target.deleted === 1,
        }
      }
    }
    const files: FileRef[] = row.files ? (JSON.parse(row.files) as FileRef[]) : []
    const mentions = row.mentions ? (JSON.parse(row.mentions) as string[]) : []
    let readCount: number | null = null
    if (row.channel === 'announcements') {
      readCount = 0
      for (const [reader, seq] of readers) if (reader !== row.author && seq >= row.seq) readCount++
    }
    return {
      id: row.id,
      conversationId: space,
      position: row.seq,
      authorId: row.author,
      authorName: nameOf(db, context, row.author),
      mine,
      text: deleted ? '' : (row.edited_text ?? row.text),
      createdAt: row.created_at,
      editedAt: deleted ? null : row.edited_at,
      deleted,
      replyTo,
      reactions: deleted ? [] : (reactions.get(row.id) ?? []),
      attachments: deleted ? [] : files.map((file) => ({ id: file.id, name: file.name, size: file.size, mime: file.mime, state: 'partial' as const, received: 0 })),
      delivery: !mine ? 'delivered' : row.seq <= peerRead ? 'read' : row.seq < signed ? 'delivered' : 'sent',
      channel: row.channel,
      mentions,
      mentionsMe: mentions.includes(context.me),
      pinned: pinned.has(row.id),
      readable: row.sealed === 0,
      readCount,
      canDelete: !deleted && (mine || moderator),
    }
  })
}

function reactionsFor(db: Sqlite.Database, context: ChatContext, space: string, ids: string[]): Map<string, Message['reactions']> {
  const result = new Map<string, Message['reactions']>()
  if (ids.length === 0) return result
  const placeholders = ids.map(() => '?').join(',')
  const rows = db
    .prepare(
      `SELECT r.target, r.author, r.emoji FROM space_reactions r
       WHERE r.space = ? AND r.target IN (${placeholders}) AND r.on_ = 1
         AND r.seq = (SELECT MAX(r2.seq) FROM space_reactions r2 WHERE r2.space = r.space AND r2.target = r.target AND r2.author = r.author AND r2.emoji = r.emoji)
       ORDER BY r.seq`,
    )
    .all(space, ...ids) as Array<{ target: string; author: string; emoji: string }>
  for (const row of rows) {
    const list = result.get(row.target) ?? []
    let reaction = list.find((item) => item.emoji === row.emoji)
    if (!reaction) list.push((reaction = { emoji: row.emoji, count: 0, mine: false, authorNames: [] }))
    reaction.count++
    reaction.mine ||= row.author === context.me
    reaction.authorNames.push(nameOf(db, context, row.author))
    result.set(row.target, list)
  }
  return result
}

function pinnedAmong(db: Sqlite.Database, space: string, ids: string[]): Set<string> {
  if (ids.length === 0) return new Set()
  const rows = db
    .prepare(`SELECT m.id FROM space_messages m WHERE m.space = ? AND m.id IN (${ids.map(() => '?').join(',')}) AND ${PINNED}`)
    .all(space, ...ids) as Array<{ id: string }>
  return new Set(rows.map((row) => row.id))
}

/** Per member, the position of the newest message they marked read (group announcements' read counts). */
function readPositions(db: Sqlite.Database, space: string): Map<string, number> {
  const rows = db
    .prepare(
      `SELECT r.author, MAX(m.seq) AS seq FROM space_reads r JOIN space_messages m ON m.space = r.space AND m.id = r.up_to
       WHERE r.space = ? GROUP BY r.author`,
    )
    .all(space) as Array<{ author: string; seq: number }>
  return new Map(rows.map((row) => [row.author, row.seq]))
}

/** Position of the newest message the other member marked read (-1 if none). */
function peerReadSeq(db: Sqlite.Database, space: string, me: string): number {
  const row = db
    .prepare(
      `SELECT MAX(m.seq) AS seq FROM space_reads r JOIN space_messages m ON m.space = r.space AND m.id = r.up_to
       WHERE r.space = ? AND r.author != ?`,
    )
    .get(space, me) as { seq: number | null }
  return row.seq ?? -1
}

export function unreadCount(db: Sqlite.Database, space: string, me: string): number {
  return (
    db
      .prepare(
        `SELECT COUNT(*) AS n FROM space_messages m, spaces s
         WHERE s.key = ? AND m.space = s.key AND m.author != ? AND m.seq > s.read_seq
           AND NOT EXISTS (SELECT 1 FROM space_message_changes c WHERE c.space = m.space AND c.target = m.id AND c.kind = 'delete')`,
      )
      .get(space, me) as { n: number }
  ).n
}

/** Unread messages across every conversation (for the badge). */
export function totalUnread(db: Sqlite.Database, me: string): number {
  return (
    db
      .prepare(
        `SELECT COUNT(*) AS n FROM space_messages m JOIN spaces s ON m.space = s.key
         LEFT JOIN contacts c ON c.id = s.peer_id
         WHERE s.kind = 'dm' AND m.author != ? AND m.seq > s.read_seq AND (c.status IS NULL OR c.status != 'blocked')
           AND NOT EXISTS (SELECT 1 FROM space_message_changes x WHERE x.space = m.space AND x.target = m.id AND x.kind = 'delete')`,
      )
      .get(me) as { n: number }
  ).n
}

export function excerptOf(text: string, length = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > length ? `${flat.slice(0, length - 1)}…` : flat
}

export function listConversations(db: Sqlite.Database, context: ChatContext, online: (contactId: string) => boolean, writable: (space: string) => boolean): Conversation[] {
  const rows = db
    .prepare(
      `SELECT s.key, s.peer_id, s.created_at, c.display_name, c.status FROM spaces s JOIN contacts c ON c.id = s.peer_id
       WHERE s.peer_id IS NOT NULL`,
    )
    .all() as Array<{ key: string; peer_id: string; created_at: number; display_name: string; status: string }>
  const conversations = rows.map((row) => conversationOf(db, context, row, online, writable))
  return conversations.sort((a, b) => b.lastActivityAt - a.lastActivityAt)
}

export function getConversation(db: Sqlite.Database, context: ChatContext, space: string, online: (contactId: string) => boolean, writable: (space: string) => boolean): Conversation | null {
  const row = db
    .prepare('SELECT s.key, s.peer_id, s.created_at, c.display_name, c.status FROM spaces s JOIN contacts c ON c.id = s.peer_id WHERE s.key = ?')
    .get(space) as { key: string; peer_id: string; created_at: number; display_name: string; status: string } | undefined
  return row ? conversationOf(db, context, row, online, writable) : null
}

function conversationOf(
  db: Sqlite.Database,
  context: ChatContext,
  row: { key: string; peer_id: string; created_at: number; display_name: string },
  online: (contactId: string) => boolean,
  writable: (space: string) => boolean,
): Conversation {
  const last = db.prepare(`${MESSAGE_SELECT} WHERE m.space = ? ORDER BY m.seq DESC LIMIT 1`).get(row.key) as MessageRow | undefined
  return {
    id: row.key,
    kind: 'dm' as const,
    title: row.display_name,
    contactId: row.peer_id,
    online: online(row.peer_id),
    ready: writable(row.key),
    lastMessage: last
      ? {
          id: last.id,
          authorName: nameOf(db, context, last.author),
          mine: last.author === context.me,
          excerpt: last.deleted ? 'Message deleted' : excerptOf(last.edited_text ?? last.text) || (last.files ? '📎 Attachment' : ''),
          createdAt: last.created_at,
        }
      : null,
    lastActivityAt: last?.created_at ?? row.created_at,
    unreadCount: unreadCount(db, row.key, context.me),
  }
}
