import type Sqlite from 'better-sqlite3-multiple-ciphers'
import { randomBytes } from 'node:crypto'
import type { FeedDefinition, FeedItemKind, FeedRelevance } from '../shared/domain/feed-builder'
import { DEFAULT_HOME_FEED, FEED_RELEVANCES } from '../shared/domain/feed-builder'
import type { RankedFeedPage } from '../main/core/feeds/ranking/feed-query'
import { FEED_ITEM_COLUMNS, candidateQuery, rankedFeed } from '../main/core/feeds/ranking/feed-query'
import type { FeedContext, FeedItem, Follow } from '../main/core/feeds/ranking/rank'
import { bruteForceFeed, contextOf, insertFeedItems } from '../main/core/feeds/ranking/test-kit'
import { createTestVault } from '../test/helpers/core'
import type { BenchResult, BenchSuite } from './bench-kit'

/**
 * The on-device feed ranking (main/core/feeds/ranking) over a big vault:
 * ROWS posts from AUTHORS authors in a SQLCipher vault (createTestVault:
 * migrations, pragmas, the test KDF), spread over DAYS days up to now and
 * inserted in random time order (the worst case for the table's locality).
 * Sizes: PLANET_BENCH_FEED_ROWS, _AUTHORS, _DAYS, _FOLLOWS, _GROUPS, _RUNS.
 * The reader follows FOLLOWS authors (a quarter of them by two hashtags
 * only), is in GROUPS of the 100 groups the items were shared in, and knows
 * a share of the people as contacts, contacts of contacts and group members.
 *
 * Ours: the Home feed (DEFAULT_HOME_FEED, limit 50) through rankedFeed —
 * statement prepared, candidates read newest first through the created_at
 * index, scored in JS, stop once no older row can enter, "why" terms for the
 * page. The peer, in the same run over the same rows: a plain
 * `SELECT … ORDER BY created_at DESC LIMIT 50` of the same columns (prepared
 * once, rows as arrays as ours are read: the cheapest a timeline can be).
 * RUNS of each, interleaved in batches of BATCH so a burst of load hits
 * both; p50 and p99. Goal p50 ≤ 50 ms. A second feed with a
 * 30-day half-life (the longest a feed allows) shows the price of a wide
 * recency window. Before timing, the Home page is checked against scoring
 * every row (the brute-force reference of the tests).
 */

const ROWS = Number(process.env.PLANET_BENCH_FEED_ROWS ?? 100_000)
const AUTHORS = Number(process.env.PLANET_BENCH_FEED_AUTHORS ?? 1_000)
const DAYS = Number(process.env.PLANET_BENCH_FEED_DAYS ?? 365)
const FOLLOWS = Number(process.env.PLANET_BENCH_FEED_FOLLOWS ?? 200)
const GROUPS = Number(process.env.PLANET_BENCH_FEED_GROUPS ?? 10)
const RUNS = Number(process.env.PLANET_BENCH_FEED_RUNS ?? 200)
const ALL_GROUPS = Math.max(100, GROUPS)
const TAGS = Array.from({ length: 40 }, (_, i) => `tag${i}`)
const BATCH = 20
const WARM_UP = 10
const LIMIT = 50
const GOAL_MS = 50
const DAY_MS = 86_400_000

const PLAIN_SQL = `SELECT ${FEED_ITEM_COLUMNS} FROM feed_items
  ORDER BY created_at DESC LIMIT ${LIMIT}`

function log(message: string): void {
  process.stderr.write(`  feeds: ${message}\n`)
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]!
}

function time(name: string, oursMs: number, peerName: string, peerMs: number, goal?: { text: string; minRatio: number }): BenchResult {
  const ratio = peerMs / oursMs
  return { name, value: oursMs, unit: 'ms', peerName, peerValue: peerMs, ratio, ...(goal ? { goal: goal.text, met: ratio >= goal.minRatio } : {}) }
}

const now = (): number => Number(process.hrtime.bigint()) / 1e6

/** A seeded PRNG (mulberry32): the same data set every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

interface World {
  items: FeedItem[]
  context: FeedContext
}

/**
 * Authors post at different rates (some ten times more than others); 70 %
 * posts, 10 % blog posts, 15 % group news, 5 % announcements; group kinds
 * carry one of ALL_GROUPS groups; 0–3 of 40 tags; upvotes mostly a few,
 * rarely hundreds.
 */
function world(at: number): World {
  const random = seeded(0x5eed)
  const authors = Array.from({ length: AUTHORS }, () => randomBytes(32).toString('hex'))
  const groups = Array.from({ length: ALL_GROUPS }, () => randomBytes(32).toString('hex'))
  const rates = authors.map(() => 0.2 + random() * 1.8)
  const totalRate = rates.reduce((sum, rate) => sum + rate, 0)
  const cumulative: number[] = []
  rates.reduce((sum, rate, i) => (cumulative[i] = sum + rate / totalRate), 0)
  const pickAuthor = (): string => {
    const r = random()
    let low = 0
    let high = cumulative.length - 1
    while (low < high) {
      const mid = (low + high) >>> 1
      if (cumulative[mid]! < r) low = mid + 1
      else high = mid
    }
    return authors[low]!
  }
  const items: FeedItem[] = Array.from({ length: ROWS }, () => {
    const k = random()
    const kind: FeedItemKind = k < 0.7 ? 'post' : k < 0.8 ? 'blog' : k < 0.95 ? 'groupNews' : 'announcement'
    const grouped = kind === 'groupNews' || kind === 'announcement'
    const tagCount = Math.floor(random() * 4)
    const tags = [...new Set(Array.from({ length: tagCount }, () => TAGS[Math.floor(random() * TAGS.length)]!))]
    return {
      id: randomBytes(16).toString('hex'),
      kind,
      author: pickAuthor(),
      tags,
      relevance: FEED_RELEVANCES[Math.floor(random() * FEED_RELEVANCES.length)] as FeedRelevance,
      createdAt: at - Math.floor(random() * DAYS * DAY_MS),
      upvotes: Math.floor(random() ** 4 * 300),
      groupId: grouped ? groups[Math.floor(random() * groups.length)]! : null,
    }
  })

  // Me: the first author. Follows: the next FOLLOWS, a quarter by hashtag.
  const me = authors[0]!
  const followed = authors.slice(1, 1 + FOLLOWS)
  const follows: Array<[string, Follow]> = followed.map((author, i) => [
    author,
    i % 4 === 3 ? { allPosts: false, tags: [TAGS[i % TAGS.length]!, TAGS[(i * 7 + 3) % TAGS.length]!] } : { allPosts: true, tags: [] },
  ])
  // Half the follows are contacts, a quarter contacts of contacts; some strangers share groups.
  const contacts = followed.filter((_, i) => i % 2 === 0)
  const contactsOfContacts = [...followed.filter((_, i) => i % 4 === 1), ...authors.slice(1 + FOLLOWS, 1 + FOLLOWS + 200)]
  const groupMembers = authors.slice(1 + FOLLOWS + 200, 1 + FOLLOWS + 400)
  const context = contextOf({ me, contacts, contactsOfContacts, groupMembers, follows, groups: groups.slice(0, GROUPS) })
  return { items, context }
}

interface Samples {
  ours: number[]
  plain: number[]
  /** The first timed page, for the log. */
  page?: RankedFeedPage
}

function measure(db: Sqlite.Database, feed: FeedDefinition, context: FeedContext, at: number): Samples {
  const plain = db.prepare(PLAIN_SQL).raw(true)
  const samples: Samples = { ours: [], plain: [] }
  for (let i = 0; i < WARM_UP; i++) {
    rankedFeed(db, feed, context, at, { limit: LIMIT })
    plain.all()
  }
  for (let done = 0; done < RUNS; done += BATCH) {
    const count = Math.min(BATCH, RUNS - done)
    for (let i = 0; i < count; i++) {
      const start = now()
      const page = rankedFeed(db, feed, context, at, { limit: LIMIT })
      samples.ours.push(now() - start)
      samples.page ??= page
    }
    for (let i = 0; i < count; i++) {
      const start = now()
      const rows = plain.all()
      samples.plain.push(now() - start)
      if (rows.length !== Math.min(LIMIT, ROWS)) throw new Error(`the plain query gave ${rows.length} rows`)
    }
  }
  return samples
}

const suite: BenchSuite = {
  name: 'feeds',
  async run() {
    const { vault, cleanup } = await createTestVault('planet-bench-feeds-')
    try {
      const db = vault.db
      const at = Date.now()
      const setupStart = now()
      const { items, context } = world(at)
      insertFeedItems(db, items)
      db.exec('ANALYZE')
      const authors = new Set(items.map((item) => item.author)).size
      log(`${items.length} rows by ${authors} authors over ${DAYS} days in a SQLCipher vault (setup, not timed: ${((now() - setupStart) / 1000).toFixed(1)} s)`)
      log(`the reader follows ${context.follows.size} authors (${[...context.follows.values()].filter((follow) => !follow.allPosts).length} by hashtag) and is in ${context.groups.size} groups`)

      // Exact: the page equals scoring every row (untimed).
      const checkStart = now()
      const reference = bruteForceFeed(db, DEFAULT_HOME_FEED, context, at).slice(0, LIMIT)
      const checkMs = now() - checkStart
      const page = rankedFeed(db, DEFAULT_HOME_FEED, context, at, { limit: LIMIT })
      if (JSON.stringify(page.items) !== JSON.stringify(reference)) throw new Error('the ranked Home feed differs from scoring every row')
      const query = candidateQuery(DEFAULT_HOME_FEED, context)!
      const candidates = db.prepare(`SELECT count(*) FROM (${query.sql})`).pluck().get(...query.params) as number
      log(`Home page checked against scoring all ${items.length} rows (${checkMs.toFixed(0)} ms for the brute force, once); the SQL pre-filter matches ${candidates} rows`)

      const home = measure(db, DEFAULT_HOME_FEED, context, at)
      const slowFeed: FeedDefinition = { ...DEFAULT_HOME_FEED, id: 'slow', name: 'Slow', recencyHalfLifeHours: 720 }
      const slow = measure(db, slowFeed, context, at)

      const ms = (value: number): string => value.toFixed(value < 10 ? 2 : 1)
      const spread = (values: number[]): string => `p50 ${ms(percentile(values, 50))} / p99 ${ms(percentile(values, 99))} / max ${ms(Math.max(...values))} ms`
      const window = ({ page }: Samples): string => {
        const oldest = Math.min(...page!.items.map((entry) => entry.item.createdAt))
        return `${page!.items.length} items; ${page!.rowsRead} candidate rows read; the oldest item on the page is ${((at - oldest) / 3_600_000).toFixed(0)} h old`
      }
      log(`Home (half-life ${DEFAULT_HOME_FEED.recencyHalfLifeHours} h): ${spread(home.ours)}; ${window(home)}`)
      log(`30-day half-life: ${spread(slow.ours)}; ${window(slow)}`)
      log(`plain ORDER BY created_at DESC LIMIT ${LIMIT}: ${spread(home.plain)} (beside Home), ${spread(slow.plain)} (beside the 30-day feed)`)

      const p = percentile
      const rows = `${Math.round(ROWS / 1000)}k rows`
      const peer = `plain ORDER BY created_at LIMIT ${LIMIT}`
      return [
        time(`ranked Home feed, p50 (${rows}, limit ${LIMIT}, ${RUNS} runs)`, p(home.ours, 50), 'budget', GOAL_MS, { text: `p50 <= ${GOAL_MS} ms`, minRatio: 1 }),
        time(`ranked Home feed, p50 (${rows})`, p(home.ours, 50), peer, p(home.plain, 50)),
        time(`ranked Home feed, p99 (${rows})`, p(home.ours, 99), peer, p(home.plain, 99)),
        time(`ranked feed, 30-day half-life, p50 (${rows})`, p(slow.ours, 50), peer, p(slow.plain, 50)),
        time(`ranked feed, 30-day half-life, p99 (${rows})`, p(slow.ours, 99), peer, p(slow.plain, 99)),
      ]
    } finally {
      await cleanup()
    }
  },
}

export default suite
