import { createHash } from 'node:crypto'
import type Sqlite from 'better-sqlite3-multiple-ciphers'
import type { LogEntry } from '../../../../shared/domain/personal-log'
import { LOG_ENTRY_MAX_BYTES, logEntry } from '../../../../shared/domain/personal-log'
import type { Reshare, SignedComment, SignedPost } from '../../../../shared/domain/posts'
import { encodeTags } from '../ranking/feed-query'
import { chainOriginal, deletionApplies, isLaterEdit, verifyChain, verifyComment, verifyPost, verifyPostDeletion } from '../posts/post-signing'

/**
 * Projects the entries of a personal log into the vault: posts (newest
 * version), deletions, comments and public follows, plus the posts' rows in
 * `feed_items` for ranking. The same code reads my own log and my contacts'.
 *
 * A log is untrusted input even from a contact (a modified app, a bug, a
 * stolen log key cannot forge blocks, but the owner's device can write
 * anything). Each entry must be at most LOG_ENTRY_MAX_BYTES, JSON, match the
 * strict schema, carry a valid DID signature, and be the log owner's own;
 * otherwise it is dropped and counted in `feed_logs.rejected`, and the next
 * entry is read as usual.
 */

export interface LogRef {
  key: string
  owner: string
}

/** Why an entry was dropped. */
export type RejectReason = 'too-large' | 'not-json' | 'malformed' | 'bad-signature' | 'not-owner' | 'stale-edit' | 'self-follow'

export interface ProjectResult {
  accepted: number
  rejected: Array<{ seq: number; reason: RejectReason }>
  /** A post or comment changed: feeds need a refresh. */
  changed: boolean
  /** Comments seen for the first time (for alerts). */
  comments: SignedComment[]
  /** Posts seen for the first time, not their edits (for mention alerts). */
  posts: SignedPost[]
}

/** Post rows as this module writes them. */
export interface PostRow {
  author: string
  id: string
  kind: 'post' | 'blog'
  title: string
  body: string
  tags: string
  relevance: string
  mentions: string
  created_at: number
  edited_at: number | null
  record: string
  deleted_at: number | null
}

export function feedItemIdOfPost(author: string, id: string): string {
  return `p:${author}:${id}`
}

/** A reshare's id: the first 16 bytes of SHA-256 of its (outermost) signature. */
export function reshareId(reshare: Pick<Reshare, 'sig'>): string {
  return createHash('sha256').update(reshare.sig, 'utf8').digest('hex').slice(0, 32)
}

export function feedItemIdOfReshare(resharer: string, id: string): string {
  return `r:${resharer}:${id}`
}

/** Decode one block into a log entry, or say why not. Never throws. */
export function decodeLogEntry(block: Uint8Array): { ok: true; entry: LogEntry } | { ok: false; reason: RejectReason } {
  if (block.byteLength > LOG_ENTRY_MAX_BYTES) return { ok: false, reason: 'too-large' }
  let value: unknown
  try {
    value = JSON.parse(Buffer.from(block.buffer, block.byteOffset, block.byteLength).toString('utf8'))
  } catch {
    return { ok: false, reason: 'not-json' }
  }
  const parsed = logEntry.safeParse(value)
  return parsed.success ? { ok: true, entry: parsed.data } : { ok: false, reason: 'malformed' }
}

export function encodeLogEntry(entry: LogEntry): Buffer {
  const bytes = Buffer.from(JSON.stringify(logEntry.parse(entry)), 'utf8')
  if (bytes.byteLength > LOG_ENTRY_MAX_BYTES) throw new RangeError('a log entry is at most 512 KiB')
  return bytes
}

/**
 * Apply blocks `from`, `from + 1`, … of a log, in one transaction, and move
 * the log's read position past them.
 */
export function projectLogBlocks(db: Sqlite.Database, log: LogRef, from: number, blocks: readonly Uint8Array[]): ProjectResult {
  const statements = prepare(db)
  const result: ProjectResult = { accepted: 0, rejected: [], changed: false, comments: [], posts: [] }
  db.transaction(() => {
    // Another pass already read these blocks (or the log is gone): nothing to do twice.
    const position = statements.readLength.get(log.key) as { read_length: number } | undefined
    if (position?.read_length !== from) return
    blocks.forEach((block, index) => {
      const seq = from + index
      const decoded = decodeLogEntry(block)
      const verdict = decoded.ok ? applyEntry(statements, log, decoded.entry, result) : decoded.reason
      if (verdict === 'accepted' || verdict === 'ignored') {
        result.accepted++
        if (verdict === 'accepted' && decoded.ok && decoded.entry.t !== 'follow') result.changed = true
      } else result.rejected.push({ seq, reason: verdict })
    })
    statements.advance.run(from + blocks.length, result.rejected.length, log.key, from)
  })()
  return result
}

type Verdict = 'accepted' | 'ignored' | RejectReason

function applyEntry(statements: Statements, log: LogRef, entry: LogEntry, result: ProjectResult): Verdict {
  switch (entry.t) {
    case 'post': {
      const verdict = verifyPost(entry.post)
      if (!verdict.ok) return verdict.problem === 'MALFORMED' ? 'malformed' : 'bad-signature'
      const post = verdict.record
      if (post.author !== log.owner) return 'not-owner'
      const existing = statements.getPost.get(post.author, post.id) as PostRow | undefined
      // A withdrawn post stays withdrawn: a copy written later cannot bring it back.
      if (existing?.deleted_at != null) return 'ignored'
      if (existing && !isLaterEdit(JSON.parse(existing.record) as SignedPost, post)) return 'stale-edit'
      writePost(statements, post)
      if (!existing) result.posts.push(post)
      return 'accepted'
    }
    case 'post.delete': {
      const verdict = verifyPostDeletion(entry.deletion)
      if (!verdict.ok) return verdict.problem === 'MALFORMED' ? 'malformed' : 'bad-signature'
      const deletion = verdict.record
      if (deletion.author !== log.owner) return 'not-owner'
      const existing = statements.getPost.get(deletion.author, deletion.id) as PostRow | undefined
      if (existing && existing.deleted_at === null && !deletionApplies(deletion, JSON.parse(existing.record) as SignedPost)) return 'not-owner'
      statements.deletePost.run(deletion.deletedAt, deletion.author, deletion.id)
      statements.tombstone.run(deletion.author, deletion.id, deletion.deletedAt)
      statements.deleteItem.run(feedItemIdOfPost(deletion.author, deletion.id))
      statements.deleteReshareItems.run(deletion.author, deletion.id)
      return 'accepted'
    }
    case 'comment': {
      const verdict = verifyComment(entry.comment)
      if (!verdict.ok) return verdict.problem === 'MALFORMED' ? 'malformed' : 'bad-signature'
      const comment: SignedComment = verdict.record
      if (comment.author !== log.owner) return 'not-owner'
      const inserted = statements.comment.run(
        comment.author,
        comment.id,
        comment.postAuthor,
        comment.postId,
        comment.replyTo,
        comment.body,
        comment.createdAt,
        JSON.stringify(comment),
      )
      if (inserted.changes === 0) return 'ignored'
      result.comments.push(comment)
      return 'accepted'
    }
    case 'reshare': {
      const verdict = verifyChain(entry.reshare)
      if (!verdict.ok) return verdict.problem === 'MALFORMED' || verdict.links.some((link) => link.problem === 'MALFORMED') ? 'malformed' : 'bad-signature'
      const chain = entry.reshare
      if (chain.resharer !== log.owner) return 'not-owner'
      const original = chainOriginal(chain)
      // The original travels whole and verified: keep it as a post of its author (unless they withdrew it).
      const existing = statements.getPost.get(original.author, original.id) as PostRow | undefined
      if (!existing) writePost(statements, original)
      else if (existing.deleted_at === null && isLaterEdit(JSON.parse(existing.record) as SignedPost, original)) writePost(statements, original)
      const id = reshareId(chain)
      const inserted = statements.reshare.run(chain.resharer, id, original.author, original.id, chain.comment, chain.at, JSON.stringify(chain))
      if (inserted.changes === 0) return 'ignored'
      if (existing?.deleted_at != null) return 'accepted'
      statements.upsertReshareItem.run(feedItemIdOfReshare(chain.resharer, id), original.kind, chain.resharer, encodeTags(original.tags), original.relevance, chain.at)
      return 'accepted'
    }
    case 'follow':
      if (entry.author === log.owner) return 'self-follow'
      if (entry.on) statements.follow.run(log.owner, entry.author)
      else statements.unfollow.run(log.owner, entry.author)
      return 'accepted'
  }
}

function writePost(statements: Statements, post: SignedPost): void {
  statements.upsertPost.run(
    post.author,
    post.id,
    post.kind,
    post.title,
    post.body,
    JSON.stringify(post.tags),
    post.relevance,
    JSON.stringify(post.mentions),
    post.createdAt,
    post.editedAt,
    JSON.stringify(post),
  )
  statements.upsertItem.run(feedItemIdOfPost(post.author, post.id), post.kind, post.author, encodeTags(post.tags), post.relevance, post.createdAt)
}

type Statements = ReturnType<typeof build>
const statementCache = new WeakMap<Sqlite.Database, Statements>()

function prepare(db: Sqlite.Database): Statements {
  let statements = statementCache.get(db)
  if (!statements) statementCache.set(db, (statements = build(db)))
  return statements
}

function build(db: Sqlite.Database) {
  return {
    readLength: db.prepare('SELECT read_length FROM feed_logs WHERE key = ?'),
    getPost: db.prepare('SELECT * FROM posts WHERE author = ? AND id = ?'),
    upsertPost: db.prepare(
      `INSERT INTO posts (author, id, kind, title, body, tags, relevance, mentions, created_at, edited_at, record, deleted_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
       ON CONFLICT (author, id) DO UPDATE SET title = excluded.title, body = excluded.body, tags = excluded.tags,
         relevance = excluded.relevance, mentions = excluded.mentions, edited_at = excluded.edited_at, record = excluded.record`,
    ),
    // The content goes; the row stays as a tombstone.
    deletePost: db.prepare(
      "UPDATE posts SET deleted_at = ?, title = '', body = '', tags = '[]', mentions = '[]', record = '{}' WHERE author = ? AND id = ? AND deleted_at IS NULL",
    ),
    tombstone: db.prepare(
      `INSERT OR IGNORE INTO posts (author, id, kind, title, body, tags, relevance, mentions, created_at, edited_at, record, deleted_at)
       VALUES (?, ?, 'post', '', '', '[]', 'world', '[]', 0, NULL, '{}', ?)`,
    ),
    upsertItem: db.prepare(
      `INSERT INTO feed_items (id, kind, author, tags, relevance, created_at, upvotes, group_id) VALUES (?, ?, ?, ?, ?, ?, 0, NULL)
       ON CONFLICT (id) DO UPDATE SET tags = excluded.tags, relevance = excluded.relevance`,
    ),
    deleteItem: db.prepare('DELETE FROM feed_items WHERE id = ?'),
    deleteReshareItems: db.prepare(
      "DELETE FROM feed_items WHERE id IN (SELECT 'r:' || resharer || ':' || id FROM post_reshares WHERE post_author = ? AND post_id = ?)",
    ),
    reshare: db.prepare(
      'INSERT OR IGNORE INTO post_reshares (resharer, id, post_author, post_id, comment, at, record) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    upsertReshareItem: db.prepare(
      `INSERT OR IGNORE INTO feed_items (id, kind, author, tags, relevance, created_at, upvotes, group_id) VALUES (?, ?, ?, ?, ?, ?, 0, NULL)`,
    ),
    comment: db.prepare(
      'INSERT OR IGNORE INTO post_comments (author, id, post_author, post_id, reply_to, body, created_at, record) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    follow: db.prepare('INSERT OR IGNORE INTO feed_public_follows (owner, author) VALUES (?, ?)'),
    unfollow: db.prepare('DELETE FROM feed_public_follows WHERE owner = ? AND author = ?'),
    advance: db.prepare('UPDATE feed_logs SET read_length = ?, rejected = rejected + ? WHERE key = ? AND read_length = ?'),
  }
}
