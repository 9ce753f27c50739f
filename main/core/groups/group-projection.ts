import type Sqlite from 'better-sqlite3-multiple-ciphers'
import type { z } from 'zod'
import type { GroupOp, SealedBox } from '../../../shared/domain/group-ops'
import {
  editContent,
  memberProfileContent,
  newsFeedContent,
  newsImportContent,
  newsPostContent,
  postContent,
  profileContent,
  reactionContent,
  threadContent,
} from '../../../shared/domain/group-ops'
import type { NewsFeedContent, NewsImportContent, NewsPostContent } from '../../../shared/domain/group-ops'
import { verifyImport } from '../feeds/posts/post-signing'
import type { SpaceProjection } from '../spaces/space'
import { fileRefIsConsistent } from '../spaces/space-rules'
import { openContent, openEpochKey } from './epoch-crypto'
import type { GroupEntry } from './group-state'

/** The group projection tables (migration 0004) plus the message tables groups share with DMs. */
export const GROUP_TABLES = [
  'group_settings',
  'group_profiles',
  'group_member_events',
  'group_epoch_keys',
  'group_epochs',
  'group_sealed',
  'group_pins',
  'group_threads',
  'space_messages',
  'space_message_changes',
  'space_reactions',
  'space_reads',
  'space_profiles',
  'group_news',
  'group_news_votes',
  'group_news_feeds',
  'group_news_feed_removals',
] as const

export interface ProjectedGroupEntry {
  space: string
  seq: number
  entry: GroupEntry
  /** False when re-applied after a reorder, or opened later when its key arrived: not news. */
  fresh: boolean
  /** The opened content of a sealed op (null when there is none, or this device cannot open it). */
  content: unknown
}

export interface GroupProjectionOptions {
  db: () => Sqlite.Database
  /** My identity (hex) and X25519 sealing key pair: epoch keys sealed to me open with it. */
  me: () => { identity: string; sealing: { publicKey: Uint8Array; secretKey: Uint8Array } }
  /** Inside the transaction, after the rows are written (alerts, membership changes). */
  afterEntries: (entries: ProjectedGroupEntry[]) => void
  /** A member's content opened but was not valid (bad JSON, schema, file reference): counted like a rejected op. */
  onBadContent: (space: string, type: string) => void
}

/**
 * Statements prepared once per vault connection: the projection runs them
 * for every op of a catch-up, and preparing costs more than running.
 */
const statementCache = new WeakMap<Sqlite.Database, Map<string, Sqlite.Statement>>()

function prepared(db: Sqlite.Database, sql: string): Sqlite.Statement {
  let cache = statementCache.get(db)
  if (!cache) statementCache.set(db, (cache = new Map()))
  let statement = cache.get(sql)
  if (!statement) cache.set(sql, (statement = db.prepare(sql)))
  return statement
}

type Opened = { state: 'open'; content: unknown } | { state: 'sealed' } | { state: 'bad' }

const CONTENT_SCHEMAS: Partial<Record<GroupOp['t'], z.ZodType>> = {
  'group.profile': profileContent,
  'profile.set': memberProfileContent,
  'message.post': postContent,
  'message.edit': editContent,
  'reaction.set': reactionContent,
  'thread.open': threadContent,
  'news.post': newsPostContent,
  'news.feed.add': newsFeedContent,
  'news.import': newsImportContent,
}

/**
 * Writes a group's accepted ops into the vault. Sealed content is opened
 * here, never in apply: an op this device cannot open yet (its epoch key has
 * not arrived) waits in `group_sealed` and is projected again when the key
 * comes; one it will never open (sent after I left) stays a sealed row, so
 * the order and counts still match every other member's.
 */
export class GroupProjection implements SpaceProjection<GroupEntry> {
  readonly #options: GroupProjectionOptions
  /** Op ids removed by the last rollback: re-projecting them is not news. */
  readonly #rolledBack = new Set<string>()

  constructor(options: GroupProjectionOptions) {
    this.#options = options
  }

  projectedLength(space: string): number {
    const row = prepared(this.#db(), 'SELECT projected_length FROM spaces WHERE key = ?').get(space) as { projected_length: number } | undefined
    return row?.projected_length ?? 0
  }

  rollback(space: string, from: number): void {
    const db = this.#db()
    db.transaction(() => {
      const ids = prepared(db, 'SELECT id FROM space_messages WHERE space = ? AND seq >= ? UNION SELECT id FROM group_threads WHERE space = ? AND seq >= ?').all(space, from, space, from) as Array<{
        id: string
      }>
      for (const { id } of ids) this.#rolledBack.add(id)
      for (const table of GROUP_TABLES) prepared(db, `DELETE FROM ${table} WHERE space = ? AND seq >= ?`).run(space, from)
      prepared(db, 'UPDATE spaces SET projected_length = MIN(projected_length, ?) WHERE key = ?').run(from, space)
    })()
  }

  project(space: string, from: number, entries: GroupEntry[]): void {
    const db = this.#db()
    const projected: ProjectedGroupEntry[] = []
    const keys = new Map<number, Buffer | null>()
    db.transaction(() => {
      entries.forEach((entry, index) => {
        const fresh = !this.#rolledBack.delete(entry.op.id)
        this.#projectEntry(space, from + index, entry, fresh, keys, projected)
      })
      prepared(db, 'UPDATE spaces SET projected_length = ? WHERE key = ?').run(from + entries.length, space)
      this.#options.afterEntries(projected)
    })()
  }

  #db(): Sqlite.Database {
    return this.#options.db()
  }

  #projectEntry(space: string, seq: number, entry: GroupEntry, fresh: boolean, keys: Map<number, Buffer | null>, out: ProjectedGroupEntry[]): void {
    const db = this.#db()
    const { op, a: author, w: writer } = entry
    const me = this.#options.me()
    let content: unknown = null
    const memberEvent = prepared(db, 
      `INSERT OR REPLACE INTO group_member_events (space, seq, identity, event, role, device, writer, seal_key, member_sig, device_cert, until, actor, at)
       VALUES (@space, @seq, @identity, @event, @role, @device, @writer, @seal_key, @member_sig, @device_cert, @until, @actor, @at)`,
    )
    const event = (fields: { identity: string; event: string; role?: string; device?: string; writer?: string; seal_key?: string; member_sig?: string; device_cert?: string; until?: number }) =>
      memberEvent.run({ role: null, device: null, writer: null, seal_key: null, member_sig: null, device_cert: null, until: null, ...fields, space, seq, actor: author, at: op.at })
    const learnKey = (epoch: number, sealed: string) => {
      const key = openEpochKey(sealed, me.sealing.publicKey, me.sealing.secretKey)
      if (!key) return
      prepared(db, 'INSERT OR REPLACE INTO group_epoch_keys (space, seq, epoch, key) VALUES (?, ?, ?, ?)').run(space, seq, epoch, key.toString('hex'))
      keys.set(epoch, key)
      this.#reopen(space, epoch, keys, out)
    }

    switch (op.t) {
      case 'group.create':
        prepared(db, 'INSERT OR REPLACE INTO group_settings (space, seq, mode, visibility, author, at) VALUES (?, ?, ?, ?, ?, ?)').run(space, seq, op.mode, op.visibility, author, op.at)
        event({ identity: author, event: 'create', role: 'owner', device: op.device, writer, seal_key: op.sealKey, device_cert: op.deviceCert })
        prepared(db, 'INSERT OR REPLACE INTO group_epochs (space, seq, epoch, author, recipients) VALUES (?, ?, 0, ?, ?)').run(space, seq, author, JSON.stringify([author]))
        if (op.keys[0]!.m === me.identity) learnKey(0, op.keys[0]!.k)
        break
      case 'group.settings':
        prepared(db, 'INSERT OR REPLACE INTO group_settings (space, seq, mode, visibility, author, at) VALUES (?, ?, ?, ?, ?, ?)').run(
          space,
          seq,
          op.mode ?? null,
          op.visibility ?? null,
          author,
          op.at,
        )
        break
      case 'member.add':
        event({ identity: op.member, event: 'add', role: op.role, device: op.device, writer: op.writer, seal_key: op.sealKey, member_sig: op.memberSig, device_cert: op.deviceCert })
        if (op.member === me.identity) learnKey(op.grant.e, op.grant.k)
        break
      case 'member.role':
        if (op.role === 'owner') event({ identity: author, event: 'role', role: 'admin' })
        event({ identity: op.member, event: 'role', role: op.role })
        break
      case 'member.remove':
        event({ identity: op.member, event: 'remove' })
        break
      case 'member.leave':
        event({ identity: author, event: 'leave' })
        break
      case 'member.mute':
        event({ identity: op.member, event: 'mute', until: op.until })
        break
      case 'epoch.rotate': {
        prepared(db, 'INSERT OR REPLACE INTO group_epochs (space, seq, epoch, author, recipients) VALUES (?, ?, ?, ?, ?)').run(
          space,
          seq,
          op.e,
          author,
          JSON.stringify(op.keys.map((key) => key.m)),
        )
        const mine = op.keys.find((key) => key.m === me.identity)
        if (mine) learnKey(op.e, mine.k)
        break
      }
      case 'epoch.grant':
        if (op.m === me.identity) learnKey(op.e, op.k)
        break
      case 'message.delete':
        prepared(db, 'INSERT OR REPLACE INTO space_message_changes (space, seq, target, kind, text, at) VALUES (?, ?, ?, ?, ?, ?)').run(space, seq, op.target, 'delete', null, op.at)
        break
      case 'read.mark':
        prepared(db, 'INSERT OR REPLACE INTO space_reads (space, seq, author, up_to) VALUES (?, ?, ?, ?)').run(space, seq, author, op.upTo)
        break
      case 'news.vote':
        prepared(db, 'INSERT OR REPLACE INTO group_news_votes (space, seq, target, author, on_) VALUES (?, ?, ?, ?, ?)').run(space, seq, op.target, author, op.on ? 1 : 0)
        break
      case 'news.feed.remove':
        prepared(db, 'INSERT OR REPLACE INTO group_news_feed_removals (space, seq, feed, author) VALUES (?, ?, ?, ?)').run(space, seq, op.feed, author)
        break
      case 'message.pin':
        prepared(db, 'INSERT OR REPLACE INTO group_pins (space, seq, target, on_, author) VALUES (?, ?, ?, ?, ?)').run(space, seq, op.target, op.on ? 1 : 0, author)
        break
      case 'profile.set':
      case 'group.profile':
      case 'message.post':
      case 'message.edit':
      case 'reaction.set':
      case 'thread.open':
      case 'news.post':
      case 'news.feed.add':
      case 'news.import': {
        const opened = this.#open(space, entry, op.box, keys)
        if (opened.state === 'open') content = opened.content
        this.#projectSealed(space, seq, entry, opened)
        if (opened.state === 'sealed') {
          prepared(db, 'INSERT OR REPLACE INTO group_sealed (space, seq, epoch, entry) VALUES (?, ?, ?, ?)').run(space, seq, op.box.e, JSON.stringify(entry))
        } else if (opened.state === 'bad') this.#options.onBadContent(space, op.t)
        break
      }
    }
    out.push({ space, seq, entry, fresh, content })
  }

  /** Rows of an op with sealed content: the content when open, a placeholder row otherwise (messages and threads keep their place). */
  #projectSealed(space: string, seq: number, entry: GroupEntry, opened: Opened): void {
    const db = this.#db()
    const { op, a: author } = entry
    const content = opened.state === 'open' ? (opened.content as Record<string, unknown>) : null
    switch (op.t) {
      case 'group.profile':
        if (content) {
          const profile = content as z.infer<typeof profileContent>
          prepared(db, 'INSERT OR REPLACE INTO group_profiles (space, seq, author, name, purpose, description, avatar) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
            space,
            seq,
            author,
            profile.name,
            profile.purpose,
            profile.description,
            profile.avatar,
          )
        }
        break
      case 'profile.set':
        if (content) {
          const profile = content as z.infer<typeof memberProfileContent>
          prepared(db, 'INSERT OR REPLACE INTO space_profiles (space, seq, author, display_name, bio) VALUES (?, ?, ?, ?, ?)').run(space, seq, author, profile.displayName, profile.bio)
        }
        break
      case 'message.post': {
        const post = content as z.infer<typeof postContent> | null
        prepared(db, 
          `INSERT OR REPLACE INTO space_messages (space, seq, id, author, text, reply_to, files, created_at, channel, mentions, sealed)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          space,
          seq,
          op.id,
          author,
          post?.text ?? '',
          op.replyTo ?? null,
          post?.files?.length ? JSON.stringify(post.files) : null,
          op.at,
          op.ch,
          post?.mentions?.length ? JSON.stringify(post.mentions) : null,
          post ? 0 : 1,
        )
        break
      }
      case 'thread.open': {
        const thread = content as z.infer<typeof threadContent> | null
        prepared(db, 'INSERT OR REPLACE INTO group_threads (space, seq, id, author, title, text, created_at, sealed) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
          space,
          seq,
          op.id,
          author,
          thread?.title ?? '',
          thread?.text ?? '',
          op.at,
          thread ? 0 : 1,
        )
        break
      }
      case 'message.edit':
        if (content) {
          prepared(db, 'INSERT OR REPLACE INTO space_message_changes (space, seq, target, kind, text, at) VALUES (?, ?, ?, ?, ?, ?)').run(
            space,
            seq,
            op.target,
            'edit',
            (content as z.infer<typeof editContent>).text,
            op.at,
          )
        }
        break
      case 'reaction.set':
        if (content) {
          prepared(db, 'INSERT OR REPLACE INTO space_reactions (space, seq, target, author, emoji, on_) VALUES (?, ?, ?, ?, ?, ?)').run(
            space,
            seq,
            op.target,
            author,
            (content as z.infer<typeof reactionContent>).emoji,
            op.on ? 1 : 0,
          )
        }
        break
      case 'news.post': {
        const post = content as NewsPostContent | null
        prepared(db, 
          `INSERT OR REPLACE INTO group_news (space, seq, id, author, kind, title, link, text, tags, created_at, sealed)
           VALUES (?, ?, ?, ?, 'post', ?, ?, ?, ?, ?, ?)`,
        ).run(space, seq, op.id, author, post?.title ?? '', post?.link ?? null, post?.text ?? '', JSON.stringify(post?.tags ?? []), op.at, post ? 0 : 1)
        break
      }
      case 'news.import': {
        const imported = content as NewsImportContent | null
        const item = imported?.item
        prepared(db, 
          `INSERT OR REPLACE INTO group_news (space, seq, id, author, kind, title, link, text, tags, source_url, feed_id, item_guid, signed_item, published_at, created_at, sealed)
           VALUES (?, ?, ?, ?, 'import', ?, ?, ?, '[]', ?, ?, ?, ?, ?, ?, ?)`,
        ).run(
          space,
          seq,
          op.id,
          author,
          item?.title ?? '',
          item?.link ?? null,
          item?.summary ?? '',
          item?.sourceUrl ?? null,
          op.feed,
          imported?.guid ?? null,
          item ? JSON.stringify(item) : null,
          item?.publishedAt ?? null,
          op.at,
          item ? 0 : 1,
        )
        break
      }
      case 'news.feed.add': {
        const feed = content as NewsFeedContent | null
        prepared(db, 'INSERT OR REPLACE INTO group_news_feeds (space, seq, id, url, author, sealed) VALUES (?, ?, ?, ?, ?, ?)').run(space, seq, op.id, feed?.url ?? '', author, feed ? 0 : 1)
        break
      }
      default:
        break
    }
  }

  #open(space: string, entry: GroupEntry, box: SealedBox, keys: Map<number, Buffer | null>): Opened {
    const key = this.#keyFor(space, box.e, keys)
    if (!key) return { state: 'sealed' }
    const raw = openContent(box, key, { space, opId: entry.op.id, type: entry.op.t })
    if (raw === null) return { state: 'bad' }
    const parsed = CONTENT_SCHEMAS[entry.op.t]!.safeParse(raw)
    if (!parsed.success) return { state: 'bad' }
    if (entry.op.t === 'message.post') {
      const post = parsed.data as z.infer<typeof postContent>
      if (post.text.trim().length === 0 && (post.files?.length ?? 0) === 0) return { state: 'bad' }
      // A reference must name exactly the blocks its size needs: a peer cannot
      // make this device fetch an arbitrary range of someone's files core.
      if (post.files?.some((file) => !fileRefIsConsistent(file))) return { state: 'bad' }
    }
    if (entry.op.t === 'news.post' && (parsed.data as NewsPostContent).title.trim() === '') return { state: 'bad' }
    if (entry.op.t === 'news.import') {
      // The item is signed by its importer, and the importer is whoever wrote the op.
      const { item } = parsed.data as NewsImportContent
      if (item.importer !== entry.a || !verifyImport(item).ok) return { state: 'bad' }
    }
    return { state: 'open', content: parsed.data }
  }

  #keyFor(space: string, epoch: number, keys: Map<number, Buffer | null>): Buffer | null {
    if (keys.has(epoch)) return keys.get(epoch)!
    const row = prepared(this.#db(), 'SELECT key FROM group_epoch_keys WHERE space = ? AND epoch = ? ORDER BY seq LIMIT 1').get(space, epoch) as { key: string } | undefined
    const key = row ? Buffer.from(row.key, 'hex') : null
    keys.set(epoch, key)
    return key
  }

  /** A key for `epoch` just arrived: open what was waiting for it. */
  #reopen(space: string, epoch: number, keys: Map<number, Buffer | null>, out: ProjectedGroupEntry[]): void {
    const db = this.#db()
    const waiting = prepared(db, 'SELECT seq, entry FROM group_sealed WHERE space = ? AND epoch = ? ORDER BY seq').all(space, epoch) as Array<{ seq: number; entry: string }>
    for (const row of waiting) {
      const entry = JSON.parse(row.entry) as GroupEntry
      const box = (entry.op as { box: SealedBox }).box
      const opened = this.#open(space, entry, box, keys)
      if (opened.state === 'sealed') continue
      prepared(db, 'DELETE FROM group_sealed WHERE space = ? AND seq = ?').run(space, row.seq)
      this.#projectSealed(space, row.seq, entry, opened)
      if (opened.state === 'bad') this.#options.onBadContent(space, entry.op.t)
      out.push({ space, seq: row.seq, entry, fresh: false, content: opened.state === 'open' ? opened.content : null })
    }
  }
}
