import type Sqlite from 'better-sqlite3-multiple-ciphers'
import { z } from 'zod'
import type { FeedDefinition, FeedTerm } from '../../../../shared/domain/feed-builder'
import { FEED_ITEM_KINDS, FEED_LIMITS } from '../../../../shared/domain/feed-builder'
import { RpcError } from '../../../../shared/rpc/errors'
import type { FeedContext, FeedItem, RankPosition } from './rank'
import { GROUP_KINDS, bestPossibleScore, compareRanked, score, scoreOnly } from './rank'

/**
 * A ranked page of a feed, read from the vault's `feed_items` table (columns
 * and indexes: README.md beside this file). Exact: the page is the one you
 * would get by scoring every row with rank.ts and sorting — the query only
 * skips rows that provably cannot be on it (feed-query.test.ts checks this
 * against a brute-force reference on random data).
 *
 * 1. SQL pre-filter (a superset of what `score` accepts): kinds with a
 *    non-zero weight; the reader's own items, items by authors they follow
 *    (the per-author hashtag rule is checked in JS), and group kinds from
 *    groups they are in; included/excluded tags with instr() on the padded
 *    tag string; relevance IN the chosen levels.
 * 2. Rows come newest first, walking the created_at index (no sort step:
 *    the first rows arrive at once), and are scored in JS.
 * 3. The recency window: once the page (plus one row, to know whether there
 *    is a next page) is full, a row's best possible score — every factor at
 *    its maximum for this feed, at the row's age — only falls as rows get
 *    older. As soon as it is below the worst score on the page, no later row
 *    can enter, and reading stops.
 */

export interface FeedPageOptions {
  /** Items on the page; the feed's own `limit` when absent. */
  limit?: number
  /** `nextCursor` of the previous page. */
  cursor?: string | null
}

export interface RankedFeedItem {
  item: FeedItem
  score: number
  /** "Why am I seeing this": the terms that ranked it (rank.ts). */
  why: FeedTerm[]
}

export interface RankedFeedPage {
  items: RankedFeedItem[]
  /** Pass it back for the next page; null on the last page. */
  nextCursor: string | null
  /** The time the scores were computed at: `now`, or the first page's time when paging. */
  at: number
  /** Rows the SQL pre-filter returned and the scan read (for benchmarks and tests). */
  rowsRead: number
}

/** The columns the query reads, in the order of a FeedItemTuple. */
export const FEED_ITEM_COLUMNS = 'id, kind, author, tags, relevance, created_at, upvotes, group_id'

/**
 * A row of feed_items as the query reads it: an array, not an object
 * (better-sqlite3's raw mode), which cut the per-row cost by about a third.
 */
export type FeedItemTuple = [
  id: string,
  kind: FeedItem['kind'],
  author: string,
  tags: string,
  relevance: FeedItem['relevance'],
  createdAt: number,
  upvotes: number,
  groupId: string | null,
]

/** Tags as the table stores them: ' tag1 tag2 ', so ' tag ' finds a whole tag. */
export function encodeTags(tags: readonly string[]): string {
  return tags.length === 0 ? ' ' : ` ${tags.join(' ')} `
}

export function decodeTags(text: string): string[] {
  return text.split(' ').filter((tag) => tag.length > 0)
}

export function rowToItem([id, kind, author, tags, relevance, createdAt, upvotes, groupId]: FeedItemTuple): FeedItem {
  return { id, kind, author, tags: decodeTags(tags), relevance, createdAt, upvotes, groupId }
}

/**
 * A page position: the time the first page was scored at (later pages reuse
 * it, so scores do not drift between pages) and the last item's place in the
 * ranking order. Opaque to callers.
 */
const cursorSchema = z.object({
  v: z.literal(1),
  feed: z.string(),
  at: z.number(),
  score: z.number(),
  createdAt: z.number(),
  id: z.string(),
})
type Cursor = z.infer<typeof cursorSchema>

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url')
}

function decodeCursor(text: string, feed: FeedDefinition): Cursor {
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
  } catch {
    parsed = null
  }
  const result = cursorSchema.safeParse(parsed)
  if (!result.success || result.data.feed !== feed.id) {
    throw new RpcError('INVALID_INPUT', 'This page of the feed is out of date; load the feed again.')
  }
  return result.data
}

/**
 * Relative margin on the stop test: the bound and the score are computed
 * with the same operations in the same order, but 2^x is not guaranteed to
 * be monotonic to the last bit in every libm.
 */
const BOUND_MARGIN = 1e-9

interface Candidate {
  item: FeedItem
  score: number
}

/**
 * One page of `feed`, best first. `context` is called while the rows are
 * being read, so its functions must not query `db` (better-sqlite3 refuses a
 * second statement on a connection while one is iterating): load contacts,
 * follows and groups into memory first. With a cursor, scores are computed at
 * the cursor's time and `now` is ignored.
 */
export function rankedFeed(
  db: Sqlite.Database,
  feed: FeedDefinition,
  context: FeedContext,
  now: number,
  options: FeedPageOptions = {},
): RankedFeedPage {
  const limit = options.limit ?? feed.limit
  if (!Number.isInteger(limit) || limit < 1 || limit > FEED_LIMITS.pageSize) {
    throw new RpcError('INVALID_INPUT', `A feed page holds 1 to ${FEED_LIMITS.pageSize} items.`)
  }
  const cursor = options.cursor ? decodeCursor(options.cursor, feed) : null
  const at = cursor?.at ?? now
  const after: RankPosition | null = cursor
    ? { score: cursor.score, item: { id: cursor.id, createdAt: cursor.createdAt } }
    : null

  const query = candidateQuery(feed, context)
  if (query === null) return { items: [], nextCursor: null, at, rowsRead: 0 }

  const want = limit + 1
  const top: Candidate[] = []
  let rowsRead = 0
  const rows = db.prepare(query.sql).raw(true).iterate(...query.params) as IterableIterator<FeedItemTuple>
  for (const row of rows) {
    rowsRead++
    const createdAt = row[5]
    if (top.length === want) {
      const floor = top[want - 1]!.score
      if (bestPossibleScore(feed, createdAt, at) < floor * (1 - BOUND_MARGIN)) break
    }
    const item = rowToItem(row)
    const value = scoreOnly(item, feed, context, at)
    if (value === null) continue
    const candidate = { item, score: value }
    if (after !== null && compareRanked(candidate, after) <= 0) continue
    insertRanked(top, candidate, want)
  }

  const page = top.slice(0, limit)
  const items = page.map(({ item }) => {
    const scored = score(item, feed, context, at)!
    return { item, score: scored.score, why: scored.terms }
  })
  const last = page.at(-1)
  const nextCursor =
    top.length > limit && last
      ? encodeCursor({ v: 1, feed: feed.id, at, score: last.score, createdAt: last.item.createdAt, id: last.item.id })
      : null
  return { items, nextCursor, at, rowsRead }
}

/** Keep `top` sorted best-first and at most `size` long. */
function insertRanked(top: Candidate[], candidate: Candidate, size: number): void {
  if (top.length === size && compareRanked(candidate, top[size - 1]!) >= 0) return
  let low = 0
  let high = top.length
  while (low < high) {
    const mid = (low + high) >>> 1
    if (compareRanked(top[mid]!, candidate) <= 0) low = mid + 1
    else high = mid
  }
  top.splice(low, 0, candidate)
  if (top.length > size) top.pop()
}

/**
 * The SQL pre-filter. Every condition is implied by `score` returning
 * non-null, so no row the feed would show is dropped; the rest is checked in
 * JS. Lists of authors and groups go in as one JSON parameter each (the
 * statement text stays short; SQLite builds a lookup table once per run).
 * `+author` and `+group_id` keep the planner on the created_at index: the
 * author index would need a sort of every candidate before the first row.
 * null when no row can be shown (every kind weighs 0).
 */
export function candidateQuery(feed: FeedDefinition, context: FeedContext): { sql: string; params: unknown[] } | null {
  const kinds = FEED_ITEM_KINDS.filter((kind) => feed.mix[kind] > 0)
  if (kinds.length === 0) return null
  const where: string[] = []
  const params: unknown[] = []

  where.push(`kind IN (${kinds.map(() => '?').join(', ')})`)
  params.push(...kinds)

  const who = ['+author IN (SELECT value FROM json_each(?))']
  params.push(JSON.stringify([context.me, ...context.follows.keys()]))
  const groupKinds = kinds.filter((kind) => GROUP_KINDS.has(kind))
  if (context.groups.size > 0 && groupKinds.length > 0) {
    who.push(`(+group_id IN (SELECT value FROM json_each(?)) AND kind IN (${groupKinds.map(() => '?').join(', ')}))`)
    params.push(JSON.stringify([...context.groups]), ...groupKinds)
  }
  where.push(`(${who.join(' OR ')})`)

  if (feed.includeTags.length > 0) {
    where.push(`(${feed.includeTags.map(() => 'instr(tags, ?) > 0').join(' OR ')})`)
    params.push(...feed.includeTags.map((tag) => ` ${tag} `))
  }
  for (const tag of feed.excludeTags) {
    where.push('instr(tags, ?) = 0')
    params.push(` ${tag} `)
  }
  if (feed.relevance.length > 0) {
    where.push(`relevance IN (${feed.relevance.map(() => '?').join(', ')})`)
    params.push(...feed.relevance)
  }

  const sql = `SELECT ${FEED_ITEM_COLUMNS} FROM feed_items
    WHERE ${where.join('\n      AND ')}
    ORDER BY created_at DESC`
  return { sql, params }
}
