import type Sqlite from 'better-sqlite3-multiple-ciphers'
import fc from 'fast-check'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { FeedDefinition, FeedItemKind, FeedRelevance } from '../../../../shared/domain/feed-builder'
import { DEFAULT_HOME_FEED, FEED_ITEM_KINDS, FEED_RELEVANCES } from '../../../../shared/domain/feed-builder'
import { RpcError } from '../../../../shared/rpc/errors'
import { createTestVault } from '../../../../test/helpers/core'
import type { RankedFeedItem } from './feed-query'
import { candidateQuery, decodeTags, encodeTags, rankedFeed } from './feed-query'
import type { FeedContext, FeedItem, Follow } from './rank'
import { bruteForceFeed, contextOf, insertFeedItems } from './test-kit'

/**
 * rankedFeed against rows in a real SQLCipher vault, and against the
 * brute-force reference (score every row, sort) on random data: the SQL
 * pre-filter and the early stop must never change a page.
 */

const NOW = Date.UTC(2025, 5, 1, 12)
const HOUR = 3_600_000

let db: Sqlite.Database
let cleanup: () => Promise<void>

beforeAll(async () => {
  const test = await createTestVault('planet-feeds-')
  db = test.vault.db
  cleanup = test.cleanup
})

afterAll(async () => {
  await cleanup()
})

beforeEach(() => {
  db.exec('DELETE FROM feed_items')
})

function feed(fields: Partial<FeedDefinition> = {}): FeedDefinition {
  return { ...DEFAULT_HOME_FEED, ...fields }
}

/** Every page from the first to the last, through the cursors. */
function allPages(definition: FeedDefinition, context: FeedContext, now: number, limit: number): RankedFeedItem[] {
  const items: RankedFeedItem[] = []
  let cursor: string | null = null
  for (let page = 0; page < 1_000; page++) {
    const result = rankedFeed(db, definition, context, now, { limit, cursor })
    items.push(...result.items)
    cursor = result.nextCursor
    if (cursor === null) return items
    expect(result.items).toHaveLength(limit)
  }
  throw new Error('paging did not end')
}

const ids = (items: RankedFeedItem[]): string[] => items.map((entry) => entry.item.id)

describe('tags in the table', () => {
  it('are padded with spaces so that a whole tag can be found', () => {
    expect(encodeTags(['garden', 'soil'])).toBe(' garden soil ')
    expect(encodeTags([])).toBe(' ')
    expect(decodeTags(' garden soil ')).toEqual(['garden', 'soil'])
    expect(decodeTags(' ')).toEqual([])
    expect(decodeTags('')).toEqual([])
  })
})

describe('rankedFeed', () => {
  const context = contextOf({
    me: 'me',
    contacts: ['ada'],
    follows: [
      ['ada', { allPosts: true, tags: [] }],
      ['ben', { allPosts: false, tags: ['regenerative'] }],
    ],
    groups: ['garden'],
    names: { ada: 'Ada', ben: 'Ben', garden: 'Garden club' },
  })

  function row(id: string, fields: Partial<FeedItem>): FeedItem {
    return { id, kind: 'post', author: 'ada', tags: [], relevance: 'town', createdAt: NOW - HOUR, upvotes: 0, groupId: null, ...fields }
  }

  it('ranks the vault rows and says why, with what the feed leaves out left out', () => {
    insertFeedItems(db, [
      row('ada-new', { createdAt: NOW - HOUR }),
      row('ada-old', { createdAt: NOW - 48 * HOUR }),
      row('ben-soil', { author: 'ben', tags: ['regenerative'], createdAt: NOW - 2 * HOUR }),
      row('ben-other', { author: 'ben', tags: ['cooking'], createdAt: NOW - 2 * HOUR }),
      row('eve-post', { author: 'eve', createdAt: NOW }),
      row('eve-news', { author: 'eve', kind: 'groupNews', groupId: 'garden', upvotes: 12, createdAt: NOW - 3 * HOUR }),
      row('eve-choir', { author: 'eve', kind: 'groupNews', groupId: 'choir', createdAt: NOW }),
      row('mine', { author: 'me', createdAt: NOW - 30 * HOUR }),
    ])
    const page = rankedFeed(db, feed(), context, NOW)
    // Ben and Eve are strangers (trust 0.4); my own post weighs 1 but is a day older.
    expect(ids(page.items)).toEqual(['ada-new', 'mine', 'ben-soil', 'eve-news', 'ada-old'])
    expect(page.items).toEqual(bruteForceFeed(db, feed(), context, NOW))
    expect(page.nextCursor).toBeNull()
    expect(page.items[2]!.why.map((term) => term.label)).toContain("Tagged #regenerative, which you follow in Ben's posts")
    expect(page.items[3]!.why.map((term) => term.label)).toContain('12 upvotes in Garden club')
  })

  it('finds whole tags exactly: no LIKE wildcards, no case folding', () => {
    insertFeedItems(db, [
      row('underscore', { tags: ['a_b'] }),
      row('x', { tags: ['axb'] }),
      row('percent', { tags: ['a%b'] }),
      row('upper', { tags: ['Garden'] }),
      row('lower', { tags: ['garden'] }),
    ])
    expect(ids(rankedFeed(db, feed({ excludeTags: ['a_b'] }), context, NOW).items).sort()).toEqual(['lower', 'percent', 'upper', 'x'])
    expect(ids(rankedFeed(db, feed({ includeTags: ['a_b'] }), context, NOW).items)).toEqual(['underscore'])
    expect(ids(rankedFeed(db, feed({ includeTags: ['garden'] }), context, NOW).items)).toEqual(['lower'])
  })

  it('pages through cursors at the first page’s time, with nothing lost or repeated', () => {
    insertFeedItems(
      db,
      Array.from({ length: 57 }, (_, i) => row(`item-${String(i).padStart(2, '0')}`, { createdAt: NOW - (i % 7) * HOUR, upvotes: (i * 37) % 50 })),
    )
    const first = rankedFeed(db, feed(), context, NOW, { limit: 20 })
    expect(first.items).toHaveLength(20)
    // Later pages are scored at the first page's time, not at the `now` given.
    const second = rankedFeed(db, feed(), context, NOW + 10 * HOUR, { limit: 20, cursor: first.nextCursor })
    expect(second.at).toBe(NOW)
    const everything = allPages(feed(), context, NOW, 20)
    expect(ids(everything)).toEqual(ids(bruteForceFeed(db, feed(), context, NOW)))
    expect(everything).toHaveLength(57)
    expect(ids(everything.slice(20, 40))).toEqual(ids(second.items))
  })

  it('refuses a cursor it did not make, one from another feed, and a page size out of range', () => {
    insertFeedItems(db, [row('a', {}), row('b', {})])
    const first = rankedFeed(db, feed(), context, NOW, { limit: 1 })
    expect(first.nextCursor).not.toBeNull()
    expect(() => rankedFeed(db, feed(), context, NOW, { cursor: 'not a cursor' })).toThrow(RpcError)
    expect(() => rankedFeed(db, feed({ id: 'other' }), context, NOW, { cursor: first.nextCursor })).toThrow(/out of date/)
    for (const limit of [0, 201, 1.5]) {
      let error: unknown
      try {
        rankedFeed(db, feed(), context, NOW, { limit })
      } catch (caught) {
        error = caught
      }
      expect(error).toBeInstanceOf(RpcError)
      expect((error as RpcError).code).toBe('INVALID_INPUT')
    }
  })

  it('returns nothing, without a query, when every kind weighs 0', () => {
    insertFeedItems(db, [row('a', {})])
    const nothing = feed({ mix: { post: 0, blog: 0, groupNews: 0, announcement: 0 } })
    expect(candidateQuery(nothing, context)).toBeNull()
    expect(rankedFeed(db, nothing, context, NOW)).toEqual({ items: [], nextCursor: null, at: NOW, rowsRead: 0 })
  })

  it('walks the created_at index newest first, without sorting the candidates', () => {
    const query = candidateQuery(feed({ includeTags: ['garden'], excludeTags: ['politics'], relevance: ['town'] }), context)!
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params) as Array<{ detail: string }>).map((step) => step.detail)
    expect(plan.join('\n')).toMatch(/SCAN feed_items USING INDEX feed_items_created_at/)
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE FOR ORDER BY/)
  })

  it('stops reading once no older row can enter the page', () => {
    // 24 posts a day for 60 days by someone I follow; Home's half-life is a day.
    insertFeedItems(db, Array.from({ length: 1_440 }, (_, i) => row(`hourly-${i}`, { createdAt: NOW - i * HOUR, upvotes: i % 13 })))
    const page = rankedFeed(db, feed(), context, NOW, { limit: 50 })
    expect(page.rowsRead).toBeLessThan(200)
    expect(page.items).toEqual(bruteForceFeed(db, feed(), context, NOW).slice(0, 50))
  })
})

// ------------------------------------------------------------ random data

const AUTHORS = ['me', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9']
const GROUPS = ['g1', 'g2', 'g3', 'g4']
const TAGS = ['garden', 'soil', 'food', 'a_b', 'axb', 'regenerative']
/** Coarse times (whole quarter-hours over 20 days), so that equal scores and equal times happen. */
const QUARTER = 15 * 60_000

const weightArb = fc.oneof(fc.constantFrom(0, 0.25, 0.5, 1), fc.double({ min: 0, max: 1, noNaN: true }))

const itemArb = (id: string): fc.Arbitrary<FeedItem> =>
  fc.record({
    id: fc.constant(id),
    kind: fc.constantFrom<FeedItemKind>(...FEED_ITEM_KINDS),
    author: fc.constantFrom(...AUTHORS),
    tags: fc.subarray(TAGS, { maxLength: 3 }),
    relevance: fc.constantFrom<FeedRelevance>(...FEED_RELEVANCES),
    createdAt: fc.integer({ min: -8, max: 20 * 96 }).map((quarters) => NOW - quarters * QUARTER),
    upvotes: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 3_000 })),
    groupId: fc.option(fc.constantFrom(...GROUPS), { nil: null }),
  })

const itemsArb = fc
  .integer({ min: 0, max: 250 })
  .chain((count) => fc.tuple(...Array.from({ length: count }, (_, i) => itemArb(`i${String(i).padStart(3, '0')}`))))
  .map((items) => items as FeedItem[])

const feedArb: fc.Arbitrary<FeedDefinition> = fc
  .record({
    mix: fc.record({ post: weightArb, blog: weightArb, groupNews: weightArb, announcement: weightArb }),
    trust: fc.record({ contacts: weightArb, contactsOfContacts: weightArb, groupMembers: weightArb, others: weightArb }),
    recencyHalfLifeHours: fc.oneof(fc.constantFrom(1, 6, 24, 720), fc.double({ min: 1, max: 720, noNaN: true })),
    upvoteWeight: weightArb,
    tags: fc.shuffledSubarray(TAGS, { maxLength: 4 }),
    split: fc.nat(4),
    relevance: fc.oneof(fc.constant<FeedRelevance[]>([]), fc.subarray([...FEED_RELEVANCES])),
    limit: fc.integer({ min: 1, max: 30 }),
  })
  .map(({ tags, split, ...rest }) => feed({ ...rest, includeTags: tags.slice(0, split), excludeTags: tags.slice(split) }))

const contextArb: fc.Arbitrary<FeedContext> = fc
  .record({
    circle: fc.array(fc.constantFrom('contact', 'coc', 'member', 'other'), { minLength: AUTHORS.length, maxLength: AUTHORS.length }),
    follows: fc.array(
      fc.option(
        fc.record({ allPosts: fc.boolean(), tags: fc.subarray(TAGS, { maxLength: 3 }) }).map((follow): Follow => follow),
        { nil: undefined },
      ),
      { minLength: AUTHORS.length, maxLength: AUTHORS.length },
    ),
    groups: fc.subarray(GROUPS),
  })
  .map(({ circle, follows, groups }) =>
    contextOf({
      me: 'me',
      contacts: AUTHORS.filter((_, i) => circle[i] === 'contact'),
      contactsOfContacts: AUTHORS.filter((_, i) => circle[i] === 'coc'),
      groupMembers: AUTHORS.filter((_, i) => circle[i] === 'member'),
      follows: AUTHORS.flatMap((author, i) => (follows[i] && author !== 'me' ? [[author, follows[i]] as [string, Follow]] : [])),
      groups,
    }),
  )

describe('rankedFeed equals scoring every row', () => {
  it('for the first page and for every page through the cursors, on random data', () => {
    fc.assert(
      fc.property(itemsArb, feedArb, contextArb, fc.integer({ min: 0, max: 8 * HOUR }), (items, definition, context, later) => {
        db.exec('DELETE FROM feed_items')
        insertFeedItems(db, items)
        const now = NOW + later
        const reference = bruteForceFeed(db, definition, context, now)
        const first = rankedFeed(db, definition, context, now)
        expect(first.items).toEqual(reference.slice(0, definition.limit))
        expect(first.nextCursor === null).toBe(reference.length <= definition.limit)
        expect(first.rowsRead).toBeLessThanOrEqual(items.length)
        const pageSize = 1 + (items.length % 7)
        expect(ids(allPages(definition, context, now, pageSize))).toEqual(ids(reference))
      }),
      { numRuns: 200 },
    )
  })

  it('with many rows, where the early stop does the work', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1_000, max: 3_000 }),
        fc.integer(),
        feedArb,
        contextArb,
        (count, seed, definition, context) => {
          db.exec('DELETE FROM feed_items')
          const random = mulberry32(seed)
          const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!
          const items: FeedItem[] = Array.from({ length: count }, (_, i) => ({
            id: `r${i}`,
            kind: pick(FEED_ITEM_KINDS),
            author: pick(AUTHORS),
            tags: TAGS.filter(() => random() < 0.2),
            relevance: pick(FEED_RELEVANCES),
            createdAt: NOW - Math.floor(random() * 60 * 24) * HOUR,
            upvotes: random() < 0.5 ? 0 : Math.floor(random() ** 3 * 2_000),
            groupId: random() < 0.5 ? pick(GROUPS) : null,
          }))
          insertFeedItems(db, items)
          const reference = bruteForceFeed(db, definition, context, NOW)
          expect(rankedFeed(db, definition, context, NOW).items).toEqual(reference.slice(0, definition.limit))
        },
      ),
      { numRuns: 40 },
    )
  })
})

/** A small seeded PRNG, so a failing case replays from fast-check's seed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}
