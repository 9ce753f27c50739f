import type Sqlite from 'better-sqlite3-multiple-ciphers'
import type { FeedDefinition } from '../../../../shared/domain/feed-builder'
import type { FeedItemTuple, RankedFeedItem } from './feed-query'
import { FEED_ITEM_COLUMNS, encodeTags, rowToItem } from './feed-query'
import type { FeedContext, FeedItem, Follow, TrustDistance } from './rank'
import { compareRanked, score } from './rank'

/**
 * Helpers for the ranking tests and bench/feeds.bench.ts. They fill the
 * vault's real `feed_items` table (migration 0005-feeds): a test vault has it.
 */
export function insertFeedItems(db: Sqlite.Database, items: readonly FeedItem[]): void {
  const insert = db.prepare(
    'INSERT INTO feed_items (id, kind, author, tags, relevance, created_at, upvotes, group_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
  db.transaction(() => {
    for (const item of items) {
      insert.run(item.id, item.kind, item.author, encodeTags(item.tags), item.relevance, item.createdAt, item.upvotes, item.groupId)
    }
  })()
}

export interface TestCircle {
  me: string
  contacts?: Iterable<string>
  contactsOfContacts?: Iterable<string>
  groupMembers?: Iterable<string>
  follows?: Iterable<[string, Follow]>
  groups?: Iterable<string>
  names?: Record<string, string>
}

/** A FeedContext from plain lists: whoever is in no list is 'other'. */
export function contextOf(circle: TestCircle): FeedContext {
  const distance = new Map<string, TrustDistance>()
  for (const id of circle.groupMembers ?? []) distance.set(id, 'group-member')
  for (const id of circle.contactsOfContacts ?? []) distance.set(id, 'contact-of-contact')
  for (const id of circle.contacts ?? []) distance.set(id, 'contact')
  distance.set(circle.me, 'me')
  const names = new Map(Object.entries(circle.names ?? {}))
  return {
    me: circle.me,
    trustDistance: (author) => distance.get(author) ?? 'other',
    follows: new Map(circle.follows ?? []),
    groups: new Set(circle.groups ?? []),
    nameOf: (id) => names.get(id),
    groupNameOf: (id) => names.get(id),
  }
}

/** The reference: score every row of the table, sort, no shortcuts. */
export function bruteForceFeed(db: Sqlite.Database, feed: FeedDefinition, context: FeedContext, now: number): RankedFeedItem[] {
  const rows = db.prepare(`SELECT ${FEED_ITEM_COLUMNS} FROM feed_items`).raw(true).all() as FeedItemTuple[]
  const ranked: RankedFeedItem[] = []
  for (const row of rows) {
    const item = rowToItem(row)
    const scored = score(item, feed, context, now)
    if (scored !== null) ranked.push({ item, score: scored.score, why: scored.terms })
  }
  return ranked.sort(compareRanked)
}
