import type Sqlite from 'better-sqlite3-multiple-ciphers'
import type { z } from 'zod'
import type { newsFeed, newsItem } from '../../../shared/contract/groups'
import type { NewsImportContent } from '../../../shared/domain/group-ops'
import { isAdminRole } from '../../../shared/domain/groups'
import { MAX_POST_TIME } from '../../../shared/domain/posts'
import { signImport, verifyImport } from '../feeds/posts/post-signing'
import type { FeedItem, ParsedFeed } from '../feeds/rss/feed-parser'
import type { FeedRunResult, FeedSchedulerOptions, FeedSource, FeedStatus } from '../feeds/rss/feed-scheduler'
import { FeedScheduler } from '../feeds/rss/feed-scheduler'
import type { PeopleSession } from '../people/session'
import type { GroupContext } from './group-queries'
import { currentMembers, groupSpaces } from './group-queries'
import type { GroupService } from './group-service'

export type NewsItem = z.infer<typeof newsItem>
export type NewsFeed = z.infer<typeof newsFeed>

/** Items imported per feed per poll, at most. */
export const NEWS_IMPORTS_PER_POLL = 20

interface NewsRow {
  seq: number
  id: string
  author: string
  kind: 'post' | 'import'
  title: string
  link: string | null
  text: string
  tags: string
  source_url: string | null
  feed_id: string | null
  signed_item: string | null
  published_at: number | null
  created_at: number
  sealed: number
}

/**
 * The group news, ranked from the view only (so every member sees the same
 * order): the number of current members whose newest vote on an item is an
 * upvote, descending; then log position, ascending.
 */
/**
 * Upvotes per news item: how many current members' newest vote on it is an
 * upvote; and the items I upvoted.
 */
export function standingUpvotes(db: Sqlite.Database, space: string, me: string): { votes: Map<string, number>; mine: Set<string> } {
  const members = new Set(currentMembers(db, space).map((member) => member.identity))
  const standing = db
    .prepare(
      `SELECT v.target, v.author, v.on_ FROM group_news_votes v
       WHERE v.space = ? AND v.seq = (SELECT MAX(seq) FROM group_news_votes w WHERE w.space = v.space AND w.target = v.target AND w.author = v.author)`,
    )
    .all(space) as Array<{ target: string; author: string; on_: number }>
  const votes = new Map<string, number>()
  const mine = new Set<string>()
  for (const vote of standing) {
    if (vote.on_ !== 1) continue
    if (vote.author === me) mine.add(vote.target)
    if (members.has(vote.author)) votes.set(vote.target, (votes.get(vote.target) ?? 0) + 1)
  }
  return { votes, mine }
}

export function listNews(db: Sqlite.Database, context: GroupContext, space: string): NewsItem[] {
  const rows = db.prepare('SELECT * FROM group_news WHERE space = ? ORDER BY seq').all(space) as NewsRow[]
  const { votes, mine } = standingUpvotes(db, space, context.me)
  const items = rows.map((row): NewsItem => {
    const signed = row.signed_item === null ? null : (JSON.parse(row.signed_item) as unknown)
    return {
      id: row.id,
      groupId: space,
      kind: row.kind,
      title: row.title,
      link: row.link,
      text: row.text,
      tags: JSON.parse(row.tags) as string[],
      sourceUrl: row.source_url,
      feedId: row.feed_id,
      publishedAt: row.published_at,
      signatureValid: row.kind === 'import' && row.sealed === 0 ? verifyImport(signed).ok : null,
      authorId: row.author,
      authorName: context.nameOf(row.author),
      createdAt: row.created_at,
      position: row.seq,
      votes: votes.get(row.id) ?? 0,
      myVote: mine.has(row.id),
      readable: row.sealed === 0,
    }
  })
  return items.sort((a, b) => b.votes - a.votes || a.position - b.position)
}

/** The feeds standing in a group (added, not removed), oldest first. Sealed ones have url ''. */
export function standingFeeds(db: Sqlite.Database, space: string): Array<{ id: string; url: string; author: string; seq: number }> {
  return db
    .prepare(
      `SELECT id, url, author, seq FROM group_news_feeds f
       WHERE space = ? AND NOT EXISTS (SELECT 1 FROM group_news_feed_removals r WHERE r.space = f.space AND r.feed = f.id)
       ORDER BY seq`,
    )
    .all(space) as Array<{ id: string; url: string; author: string; seq: number }>
}

/** A signed imported item from a parsed feed item (importer = me). Null when it cannot be one (no usable link). */
export function importOf(item: FeedItem, feed: ParsedFeed, feedUrl: string, importer: string, secretKey: Uint8Array, now: number): NewsImportContent | null {
  const link = item.link ?? feed.link ?? feedUrl
  const publishedAt = item.published !== null && item.published >= 0 && item.published <= MAX_POST_TIME ? item.published : null
  try {
    const signed = signImport({ v: 1, sourceUrl: feedUrl, title: item.title, link, summary: item.summary, publishedAt, importer, importedAt: now }, secretKey)
    return { item: signed, guid: item.id }
  } catch {
    return null
  }
}

/**
 * Fetching the group news feeds on an admin's device: one FeedScheduler per
 * session, over every feed of every group where I am an admin. Only the URLs
 * the admins gave are fetched (and where they redirect). New items (by the
 * feed's id for them, against what the group already has from that feed)
 * become news.import ops signed by me, at most NEWS_IMPORTS_PER_POLL a poll.
 */
export class GroupNewsFetcher {
  readonly #groups: GroupService
  readonly #session: PeopleSession
  readonly #scheduler: FeedScheduler
  /** Feed op id → group. */
  readonly #spaceOf = new Map<string, string>()

  constructor(groups: GroupService, session: PeopleSession, options: Partial<FeedSchedulerOptions> = {}) {
    this.#groups = groups
    this.#session = session
    this.#scheduler = new FeedScheduler({
      clock: groups.clock,
      ...options,
      feeds: () => this.#feeds(),
      seen: (feedId, itemId) => this.#seen(feedId, itemId),
      onItems: (feedId, items, feed) => this.#import(feedId, items, feed),
    })
  }

  async start(): Promise<void> {
    await this.#scheduler.ready()
  }

  async close(): Promise<void> {
    await this.#scheduler.close()
  }

  /** The feed list changed (added, removed, my role changed). */
  async refresh(): Promise<void> {
    if (!this.#scheduler.closing) await this.#scheduler.refresh()
  }

  async fetchNow(feedId: string): Promise<FeedRunResult> {
    await this.refresh()
    return this.#scheduler.fetchNow(feedId)
  }

  status(feedId: string): FeedStatus | null {
    return this.#scheduler.status(feedId)
  }

  #feeds(): FeedSource[] {
    const session = this.#session
    const sources: FeedSource[] = []
    this.#spaceOf.clear()
    for (const { key } of groupSpaces(session.db)) {
      const space = session.spaces.get(key)
      if (!space || space.kind !== 'group' || !space.writable) continue
      const me = this.#groups.stateOf(space).members.get(session.me)
      if (!me || !isAdminRole(me.role)) continue
      for (const feed of standingFeeds(session.db, key)) {
        if (feed.url === '') continue
        this.#spaceOf.set(feed.id, key)
        sources.push({ id: feed.id, url: feed.url })
      }
    }
    return sources
  }

  #seen(feedId: string, itemId: string): boolean {
    const space = this.#spaceOf.get(feedId)
    if (!space) return true
    return this.#session.db.prepare('SELECT 1 FROM group_news WHERE space = ? AND feed_id = ? AND item_guid = ?').get(space, feedId, itemId) !== undefined
  }

  async #import(feedId: string, items: FeedItem[], feed: ParsedFeed): Promise<void> {
    const session = this.#session
    const key = this.#spaceOf.get(feedId)
    const space = key ? session.spaces.get(key) : undefined
    if (!key || !space) throw new Error('the group of this feed is not open')
    const url = standingFeeds(session.db, key).find((row) => row.id === feedId)?.url
    if (!url) throw new Error('the feed was removed')
    const now = this.#groups.clock.now()
    let imported = 0
    for (const item of items) {
      if (imported >= NEWS_IMPORTS_PER_POLL) break
      const content = importOf(item, feed, url, session.me, session.identity.signing.secretKey, now)
      if (!content) continue
      this.#groups.requireAdmin(session, space)
      await this.#groups.appendSealed(session, space, 'news.import', { feed: feedId }, content)
      imported++
    }
    await space.flush()
    if (imported > 0) this.#groups.events.emit('groups.onNewsChanged', { groupId: key })
  }
}
