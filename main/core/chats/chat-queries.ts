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
}

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

export function listMessages(db: Sqlite.Database, context: ChatContext, space: string, before: number | undefined, limit: number): { messages: Message[]; hasMore: boolean } {
  const rows = db
    .prepare(`${MESSAGE_SELECT} WHERE m.space = ? AND m.seq < ? ORDER BY m.seq DESC LIMIT ?`)
    .all(space, before ?? Number.MAX_SAFE_INTEGER, limit + 1) as MessageRow[]
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
  const peerRead = peerReadSeq(db, space, context.me)
  const reactions = reactionsFor(db, context, space, rows.map((row) => row.id))
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
         WHERE m.author != ? AND m.seq > s.read_seq AND (c.status IS NULL OR c.status != 'blocked')
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
    kind: 'dm',
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
