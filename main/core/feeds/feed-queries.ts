import type Sqlite from 'better-sqlite3-multiple-ciphers'
import type { z } from 'zod'
import type { authorView, commentView, followView, postView, reshareView } from '../../../shared/contract/feeds'
import type { FeedDefinition } from '../../../shared/domain/feed-builder'
import { DEFAULT_HOME_FEED, feedDefinition } from '../../../shared/domain/feed-builder'
import type { PostKind, Reshare, SignedComment, SignedPost } from '../../../shared/domain/posts'
import { currentMembers, groupProfile, groupSpaces, memberships } from '../groups/group-queries'
import { readProfile } from '../identity/identity-store'
import { publicKeyToDid } from '../identity/signing'
import type { PostRow } from './log/log-projection'
import type { LogRow } from './log/personal-logs'
import { verifyChain, verifyComment, verifyPost } from './posts/post-signing'
import type { FeedContext, Follow, TrustDistance } from './ranking/rank'

type PostView = z.infer<typeof postView>
type CommentView = z.infer<typeof commentView>
type FollowView = z.infer<typeof followView>
type AuthorView = z.infer<typeof authorView>
type ReshareView = z.infer<typeof reshareView>

/**
 * Reads for the feeds handlers: names, post and comment views, follows, feed
 * definitions and the reader's circle for ranking. Everything here reads the
 * vault only.
 */

export function didOf(identity: string): string {
  return publicKeyToDid(Buffer.from(identity, 'hex'))
}

/** Display names: me, my contacts, then the names fellow group members gave themselves. */
export class Names {
  readonly #db: Sqlite.Database
  readonly #me: string
  readonly #cache = new Map<string, string>()

  constructor(db: Sqlite.Database, me: string) {
    this.#db = db
    this.#me = me
  }

  of(identity: string): string {
    let name = this.#cache.get(identity)
    if (name === undefined) {
      name = this.#lookup(identity)
      this.#cache.set(identity, name)
    }
    return name
  }

  #lookup(identity: string): string {
    if (identity === this.#me) return readProfile(this.#db)?.displayName ?? 'Me'
    const contact = this.#db.prepare('SELECT display_name FROM contacts WHERE id = ?').get(identity) as { display_name: string } | undefined
    if (contact) return contact.display_name
    // A profile they wrote in a DM or a group we share.
    const profile = this.#db.prepare('SELECT display_name FROM space_profiles WHERE author = ? ORDER BY seq DESC LIMIT 1').get(identity) as
      | { display_name: string }
      | undefined
    if (profile) return profile.display_name
    // The name their feed link gave.
    const linked = this.#db.prepare("SELECT name FROM feed_logs WHERE owner = ? AND name IS NOT NULL ORDER BY added_at DESC LIMIT 1").get(identity) as
      | { name: string }
      | undefined
    return linked?.name ?? `Someone (${didOf(identity).slice(8, 16)}…)`
  }
}

export function getPostRow(db: Sqlite.Database, author: string, id: string): PostRow | undefined {
  return db.prepare('SELECT * FROM posts WHERE author = ? AND id = ? AND deleted_at IS NULL').get(author, id) as PostRow | undefined
}

function commentCount(db: Sqlite.Database, author: string, id: string): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM post_comments WHERE post_author = ? AND post_id = ?').get(author, id) as { n: number }).n
}

export function toPostView(db: Sqlite.Database, row: PostRow, me: string, names: Names): PostView {
  const record = JSON.parse(row.record) as SignedPost
  return {
    id: row.id,
    authorId: row.author,
    authorName: names.of(row.author),
    authorDid: didOf(row.author),
    kind: row.kind,
    title: row.title,
    body: row.body,
    tags: JSON.parse(row.tags) as string[],
    relevance: record.relevance,
    mentions: (JSON.parse(row.mentions) as string[]).map((id) => ({ id, name: names.of(id) })),
    createdAt: row.created_at,
    editedAt: row.edited_at,
    isMine: row.author === me,
    // Checked when it arrived; checked again here, so what the UI shows is what holds now.
    signature: verifyPost(record).ok ? 'verified' : 'invalid',
    commentCount: commentCount(db, row.author, row.id),
  }
}

export function listPostRows(db: Sqlite.Database, author: string, kind: PostKind | null): PostRow[] {
  return kind === null
    ? (db.prepare('SELECT * FROM posts WHERE author = ? AND deleted_at IS NULL ORDER BY created_at DESC, id').all(author) as PostRow[])
    : (db.prepare('SELECT * FROM posts WHERE author = ? AND kind = ? AND deleted_at IS NULL ORDER BY created_at DESC, id').all(author, kind) as PostRow[])
}

interface CommentRow {
  author: string
  id: string
  post_author: string
  post_id: string
  reply_to: string | null
  body: string
  created_at: number
  record: string
}

export function listComments(db: Sqlite.Database, postAuthor: string, postId: string, me: string, names: Names): CommentView[] {
  const rows = db
    .prepare('SELECT * FROM post_comments WHERE post_author = ? AND post_id = ? ORDER BY created_at, author, id')
    .all(postAuthor, postId) as CommentRow[]
  return rows.map((row) => toCommentView(row, me, names))
}

export function getComment(db: Sqlite.Database, author: string, id: string): CommentRow | undefined {
  return db.prepare('SELECT * FROM post_comments WHERE author = ? AND id = ?').get(author, id) as CommentRow | undefined
}

export function findComment(db: Sqlite.Database, postAuthor: string, postId: string, id: string): CommentRow | undefined {
  return db.prepare('SELECT * FROM post_comments WHERE post_author = ? AND post_id = ? AND id = ?').get(postAuthor, postId, id) as CommentRow | undefined
}

export function toCommentView(row: CommentRow, me: string, names: Names): CommentView {
  return {
    id: row.id,
    postId: row.post_id,
    postAuthorId: row.post_author,
    authorId: row.author,
    authorName: names.of(row.author),
    authorDid: didOf(row.author),
    replyTo: row.reply_to,
    body: row.body,
    createdAt: row.created_at,
    isMine: row.author === me,
    byPostAuthor: row.author === row.post_author,
    signature: verifyComment(JSON.parse(row.record) as SignedComment).ok ? 'verified' : 'invalid',
  }
}

// ─── Reshares ───────────────────────────────────────────────────────────────

export interface ReshareRow {
  resharer: string
  id: string
  post_author: string
  post_id: string
  comment: string
  at: number
  record: string
}

export function getReshareRow(db: Sqlite.Database, resharer: string, id: string): ReshareRow | undefined {
  return db.prepare('SELECT * FROM post_reshares WHERE resharer = ? AND id = ?').get(resharer, id) as ReshareRow | undefined
}

/** The chain is verified again for display, link by link: what the UI shows is what holds now. */
export function toReshareView(row: ReshareRow, names: Names): ReshareView {
  const verdict = verifyChain(JSON.parse(row.record) as Reshare)
  return {
    id: row.id,
    resharerId: row.resharer,
    resharerName: names.of(row.resharer),
    comment: row.comment,
    at: row.at,
    verified: verdict.ok,
    chain: verdict.links.map((link) => ({
      position: link.position,
      role: link.role,
      identityId: link.identity,
      did: link.did,
      name: link.identity === null ? 'unknown' : names.of(link.identity),
      ok: link.ok,
    })),
  }
}

// ─── Follows ────────────────────────────────────────────────────────────────

interface FollowRow {
  author: string
  all_posts: number
  tags: string
  since: number
}

export function readFollows(db: Sqlite.Database): Map<string, Follow & { since: number }> {
  const rows = db.prepare('SELECT * FROM feed_follows').all() as FollowRow[]
  return new Map(rows.map((row) => [row.author, { allPosts: row.all_posts === 1, tags: JSON.parse(row.tags) as string[], since: row.since }]))
}

export function toFollowView(author: string, follow: Follow & { since: number }, names: Names): FollowView {
  return { authorId: author, name: names.of(author), allPosts: follow.allPosts, tags: [...follow.tags], since: follow.since }
}

export function listAuthors(db: Sqlite.Database, me: string, names: Names, knownLength: (key: string) => number | null): AuthorView[] {
  const logs = db.prepare('SELECT * FROM feed_logs WHERE mine = 0 ORDER BY added_at').all() as LogRow[]
  const follows = readFollows(db)
  const contacts = new Set((db.prepare("SELECT id FROM contacts WHERE status != 'blocked'").all() as Array<{ id: string }>).map((row) => row.id))
  const byOwner = new Map<string, AuthorView>()
  for (const log of logs) {
    if (log.owner === me) continue
    const counts = db
      .prepare("SELECT SUM(kind = 'post') AS posts, SUM(kind = 'blog') AS blogs FROM posts WHERE author = ? AND deleted_at IS NULL")
      .get(log.owner) as { posts: number | null; blogs: number | null }
    const follow = follows.get(log.owner)
    const known = knownLength(log.key) ?? log.read_length
    const previous = byOwner.get(log.owner)
    byOwner.set(log.owner, {
      authorId: log.owner,
      name: names.of(log.owner),
      did: didOf(log.owner),
      isContact: contacts.has(log.owner),
      follow: follow ? toFollowView(log.owner, follow, names) : null,
      postCount: counts.posts ?? 0,
      blogCount: counts.blogs ?? 0,
      // An owner with two logs (a new device): the sums.
      readLength: (previous?.readLength ?? 0) + log.read_length,
      knownLength: (previous?.knownLength ?? 0) + Math.max(known, log.read_length),
      rejected: (previous?.rejected ?? 0) + log.rejected,
    })
  }
  return [...byOwner.values()].sort((a, b) => a.name.localeCompare(b.name) || a.authorId.localeCompare(b.authorId))
}

// ─── Feed definitions ───────────────────────────────────────────────────────

export function listFeedDefinitions(db: Sqlite.Database): FeedDefinition[] {
  const rows = db.prepare('SELECT id, definition FROM feed_definitions ORDER BY created_at, id').all() as Array<{ id: string; definition: string }>
  const stored = new Map<string, FeedDefinition>()
  for (const row of rows) {
    const parsed = feedDefinition.safeParse(JSON.parse(row.definition))
    if (parsed.success) stored.set(row.id, parsed.data)
  }
  const home = stored.get('home') ?? structuredClone(DEFAULT_HOME_FEED)
  stored.delete('home')
  return [home, ...stored.values()]
}

// ─── The reader's circle ────────────────────────────────────────────────────

/** Groups I am a member of now → their names. */
export function groupsIAmIn(db: Sqlite.Database, me: string): Map<string, string> {
  const groups = new Map<string, string>()
  for (const { key } of groupSpaces(db)) if (memberships(db, key).get(me)?.status === 'member') groups.set(key, groupProfile(db, key).name)
  return groups
}

/**
 * Who is how far from me: my contacts; the people my contacts follow
 * publicly (their "contacts" for the trust profile); members of my groups;
 * everyone else. The nearest circle wins.
 */
export function feedContext(db: Sqlite.Database, me: string, names: Names): FeedContext {
  const distance = new Map<string, TrustDistance>()
  const groups = groupsIAmIn(db, me)
  for (const groupId of groups.keys()) for (const member of currentMembers(db, groupId)) distance.set(member.identity, 'group-member')
  const contacts = (db.prepare("SELECT id FROM contacts WHERE status != 'blocked'").all() as Array<{ id: string }>).map((row) => row.id)
  const followedByContacts = db
    .prepare(`SELECT DISTINCT author FROM feed_public_follows WHERE owner IN (SELECT id FROM contacts WHERE status != 'blocked')`)
    .all() as Array<{ author: string }>
  for (const { author } of followedByContacts) distance.set(author, 'contact-of-contact')
  for (const id of contacts) distance.set(id, 'contact')
  const blocked = new Set((db.prepare("SELECT id FROM contacts WHERE status = 'blocked'").all() as Array<{ id: string }>).map((row) => row.id))
  const follows = new Map<string, Follow>()
  for (const [author, follow] of readFollows(db)) if (!blocked.has(author)) follows.set(author, follow)
  return {
    me,
    trustDistance: (author) => (author === me ? 'me' : (distance.get(author) ?? 'other')),
    follows,
    groups: new Set(groups.keys()),
    nameOf: (author) => names.of(author),
    groupNameOf: (groupId) => groups.get(groupId),
  }
}
