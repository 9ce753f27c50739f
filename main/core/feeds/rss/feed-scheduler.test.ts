import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { FeedError, FeedErrorCode } from './feed-error'
import type { FeedItem } from './feed-parser'
import { FeedScheduler, MAX_BACKOFF_MS, MIN_INTERVAL_MS } from './feed-scheduler'
import type { FeedSchedulerOptions, FeedSource } from './feed-scheduler'
import { FakeClock } from '../../../../test/helpers/fake-clock'
import { startFeedServer } from './fixtures/feed-server'
import type { FeedServer } from './fixtures/feed-server'

const MINUTE = 60_000
const TIMEOUT = 15_000

const rss = (ids: readonly string[]) =>
  `<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title><link>https://site.example/</link>${ids
    .map((id) => `<item><title>Item ${id}</title><guid isPermaLink="false">${id}</guid><link>https://site.example/${id}</link></item>`)
    .join('')}</channel></rss>`

type Handler = (init: RequestInit | undefined) => Response | Promise<Response>

const never: Handler = () => new Promise<Response>(() => undefined)
const endless: Handler = () => {
  const chunk = new Uint8Array(64 * 1024).fill(0x20)
  return new Response(new ReadableStream<Uint8Array>({ pull: (controller) => controller.enqueue(chunk) }))
}
const xml = (body: string, headers: Record<string, string> = {}): Handler => () => new Response(body, { headers: { 'content-type': 'application/rss+xml', ...headers } })
const status = (code: number): Handler => () => new Response('', { status: code })

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** A scheduler on a fake clock whose fetch is a table of URL → handler, with a recording consumer. */
function setup(feeds: FeedSource[], routes: Record<string, Handler>, options: Partial<FeedSchedulerOptions> = {}) {
  const clock = new FakeClock()
  const seen = new Set<string>()
  const delivered: Array<{ feedId: string; ids: string[] }> = []
  const items: Array<{ feedId: string; item: FeedItem }> = []
  const errors: Array<{ feedId: string; code: FeedErrorCode }> = []
  const calls: Array<{ url: string; headers: Headers }> = []
  const list = { feeds }
  const fakeFetch: typeof fetch = async (input, init) => {
    const url = String(input)
    calls.push({ url, headers: new Headers(init?.headers) })
    const handler = routes[url]
    return handler ? handler(init) : new Response('', { status: 404 })
  }
  const scheduler = new FeedScheduler({
    feeds: () => list.feeds,
    seen: (feedId, itemId) => seen.has(`${feedId}|${itemId}`),
    onItems: (feedId, batch: FeedItem[]) => {
      delivered.push({ feedId, ids: batch.map((item) => item.id) })
      for (const item of batch) {
        items.push({ feedId, item })
        seen.add(`${feedId}|${item.id}`)
      }
    },
    onError: (feedId, error: FeedError) => errors.push({ feedId, code: error.code }),
    clock,
    random: () => 0,
    fetch: fakeFetch,
    timeoutMs: TIMEOUT,
    ...options,
  })
  cleanups.push(() => scheduler.close())

  /** Lets every started fetch run to its end (the fake fetch answers at once). */
  async function flush(): Promise<void> {
    for (let round = 0; round < 4; round++) {
      await new Promise((resolve) => setImmediate(resolve))
      await Promise.race([scheduler.idle(), new Promise((resolve) => setImmediate(resolve))])
    }
  }

  /** Moves the fake clock forward, firing timers one by one and letting the async work they start finish. */
  async function advance(ms: number): Promise<void> {
    const end = clock.now() + ms
    await flush()
    for (;;) {
      const due = clock.nextDue()
      if (due === null || due > end) break
      clock.advance(due - clock.now())
      await flush()
    }
    clock.advance(end - clock.now())
    await flush()
  }

  const fetchesOf = (url: string) => calls.filter((call) => call.url === url).length
  return { clock, scheduler, delivered, items, errors, calls, list, seen, advance, flush, fetchesOf }
}

describe('FeedScheduler', () => {
  it('fetches every feed at open, then each interval, handing over only items not seen before', async () => {
    const routes: Record<string, Handler> = { 'https://a.example/rss': xml(rss(['a1', 'a2'])), 'https://b.example/rss': xml(rss(['b1', 'b1'])) }
    const t = setup(
      [
        { id: 'a', url: 'https://a.example/rss' },
        { id: 'b', url: 'https://b.example/rss' },
      ],
      routes,
    )
    await t.scheduler.ready()
    await t.advance(0)
    // b lists b1 twice: delivered once. (The two run at once, so either may finish first.)
    expect([...t.delivered].sort((x, y) => x.feedId.localeCompare(y.feedId))).toEqual([
      { feedId: 'a', ids: ['a1', 'a2'] },
      { feedId: 'b', ids: ['b1'] },
    ])
    routes['https://a.example/rss'] = xml(rss(['a3', 'a1', 'a2']))
    await t.advance(30 * MINUTE - 1)
    expect(t.calls).toHaveLength(2)
    await t.advance(1)
    expect(t.calls).toHaveLength(4)
    expect(t.delivered.slice(2)).toEqual([{ feedId: 'a', ids: ['a3'] }])
    expect(t.scheduler.status('a')).toMatchObject({ consecutiveFailures: 0, lastError: null, lastSuccessAt: t.clock.now(), nextFetchAt: t.clock.now() + 30 * MINUTE })
  })

  it('never polls more often than every 5 minutes, and adds up to 10% jitter', async () => {
    const t = setup([{ id: 'fast', url: 'https://fast.example/rss', intervalMs: 1000 }], { 'https://fast.example/rss': xml(rss(['1'])) }, { random: () => 0.5 })
    await t.scheduler.ready()
    await t.advance(MINUTE)
    const status = t.scheduler.status('fast')
    expect(status?.intervalMs).toBe(MIN_INTERVAL_MS)
    expect((status?.nextFetchAt ?? 0) - (status?.lastFetchAt ?? 0)).toBe(MIN_INTERVAL_MS * 1.05)
    await t.advance(60 * MINUTE)
    expect(t.fetchesOf('https://fast.example/rss')).toBeLessThanOrEqual(1 + 60 / 5)
  })

  it('backs a failing feed off exponentially up to 6 h while the good one keeps its schedule', async () => {
    const routes: Record<string, Handler> = { 'https://good.example/rss': xml(rss(['g'])), 'https://bad.example/rss': status(500) }
    const t = setup(
      [
        { id: 'good', url: 'https://good.example/rss' },
        { id: 'bad', url: 'https://bad.example/rss' },
      ],
      routes,
    )
    await t.scheduler.ready()
    await t.advance(0)
    const gaps: number[] = []
    for (let failure = 1; failure <= 7; failure++) {
      const bad = t.scheduler.status('bad')
      expect(bad).toMatchObject({ consecutiveFailures: failure, lastError: { code: 'FEED_HTTP_ERROR' } })
      expect(bad?.lastError?.message).toMatch(/HTTP 500/)
      gaps.push(((bad?.nextFetchAt ?? 0) - (bad?.lastFetchAt ?? 0)) / MINUTE)
      await t.advance((bad?.nextFetchAt ?? 0) - t.clock.now())
    }
    expect(gaps).toEqual([30, 60, 120, 240, 360, 360, 360])
    expect(MAX_BACKOFF_MS).toBe(360 * MINUTE)
    // 30 + 60 + 120 + 240 + 360 + 360 + 360 minutes passed: the good feed was fetched every 30 minutes all along.
    expect(t.fetchesOf('https://good.example/rss')).toBe(1 + (30 + 60 + 120 + 240 + 360 * 3) / 30)
    expect(t.scheduler.status('good')).toMatchObject({ consecutiveFailures: 0, lastError: null })
    expect(t.errors.every((error) => error.feedId === 'bad')).toBe(true)

    // Recovery resets the back-off.
    routes['https://bad.example/rss'] = xml(rss(['fixed']))
    await t.advance((t.scheduler.status('bad')?.nextFetchAt ?? 0) - t.clock.now())
    expect(t.scheduler.status('bad')).toMatchObject({ consecutiveFailures: 0, lastError: null })
    expect(t.delivered.at(-1)).toEqual({ feedId: 'bad', ids: ['fixed'] })
  })

  it('runs at most `concurrency` fetches at once; a hanging feed holds its slot only until the deadline', async () => {
    const t = setup(
      [
        { id: 'hang1', url: 'https://hang.example/1' },
        { id: 'hang2', url: 'https://hang.example/2' },
        { id: 'good', url: 'https://good.example/rss' },
      ],
      { 'https://hang.example/1': never, 'https://hang.example/2': never, 'https://good.example/rss': xml(rss(['g1'])) },
      { concurrency: 2 },
    )
    await t.scheduler.ready()
    await t.advance(0)
    expect(t.calls.map((call) => call.url)).toEqual(['https://hang.example/1', 'https://hang.example/2'])
    expect(t.scheduler.statuses().filter((feed) => feed.running)).toHaveLength(2)
    await t.advance(TIMEOUT - 1)
    expect(t.delivered).toEqual([])
    await t.advance(1)
    expect(t.delivered).toEqual([{ feedId: 'good', ids: ['g1'] }])
    expect(t.scheduler.status('hang1')).toMatchObject({ running: false, consecutiveFailures: 1, lastError: { code: 'FEED_TIMEOUT' } })
    expect(t.scheduler.status('hang2')?.lastError?.code).toBe('FEED_TIMEOUT')
  })

  it('cuts off a huge feed and records clear errors for broken and hostile ones, without delivering anything of them', async () => {
    const fixture = (name: string) => readFileSync(new URL(`fixtures/${name}`, import.meta.url), 'utf8')
    const feeds = ['huge', 'invalid', 'laughs', 'html', 'good'].map((id) => ({ id, url: `https://${id}.example/rss` }))
    const t = setup(
      feeds,
      {
        'https://huge.example/rss': endless,
        'https://invalid.example/rss': xml(fixture('invalid.xml')),
        'https://laughs.example/rss': xml(fixture('billion-laughs.xml')),
        'https://html.example/rss': xml(fixture('html-page.html')),
        'https://good.example/rss': xml(rss(['g1'])),
      },
      { concurrency: 1 },
    )
    await t.scheduler.ready()
    await t.advance(0)
    expect(t.delivered).toEqual([{ feedId: 'good', ids: ['g1'] }])
    expect(Object.fromEntries(t.scheduler.statuses().map((feed) => [feed.id, feed.lastError?.code ?? null]))).toEqual({
      huge: 'FEED_TOO_LARGE',
      invalid: 'FEED_INVALID_XML',
      laughs: 'FEED_ENTITY_EXPANSION',
      html: 'FEED_NOT_A_FEED',
      good: null,
    })
    expect(t.errors.map((error) => error.feedId)).toEqual(['huge', 'invalid', 'laughs', 'html'])
  })

  it('fetchNow ignores the schedule and back-off, and reports the outcome', async () => {
    const routes: Record<string, Handler> = { 'https://bad.example/rss': status(503) }
    const t = setup([{ id: 'bad', url: 'https://bad.example/rss' }], routes)
    await t.scheduler.ready()
    await t.advance(0)
    expect(t.scheduler.status('bad')?.consecutiveFailures).toBe(1)
    routes['https://bad.example/rss'] = xml(rss(['n1', 'n2']))
    const result = t.scheduler.fetchNow('bad')
    await t.flush()
    await expect(result).resolves.toEqual({ feedId: 'bad', ok: true, notModified: false, newItems: 2, skipped: 0 })
    expect(t.scheduler.status('bad')).toMatchObject({ consecutiveFailures: 0, lastError: null })
    await expect(t.scheduler.fetchNow('bad')).resolves.toMatchObject({ ok: true, newItems: 0 })
    await expect(t.scheduler.fetchNow('missing')).rejects.toThrow(/No feed/)
  })

  it('sends the previous validators; an unchanged feed (304) delivers nothing', async () => {
    const t = setup([{ id: 'e', url: 'https://e.example/rss' }], {
      'https://e.example/rss': (init) =>
        new Headers(init?.headers).get('if-none-match') === '"abc"' ? new Response(null, { status: 304 }) : new Response(rss(['e1']), { headers: { etag: '"abc"' } }),
    })
    await t.scheduler.ready()
    await t.advance(0)
    const second = t.scheduler.fetchNow('e')
    await t.flush()
    await expect(second).resolves.toMatchObject({ ok: true, notModified: true, newItems: 0 })
    expect(t.calls[1]?.headers.get('if-none-match')).toBe('"abc"')
    expect(t.delivered).toEqual([{ feedId: 'e', ids: ['e1'] }])
  })

  it('follows the feed list: new feeds are fetched after refresh(), removed ones no longer', async () => {
    const t = setup([{ id: 'a', url: 'https://a.example/rss' }], { 'https://a.example/rss': xml(rss(['a1'])), 'https://b.example/rss': xml(rss(['b1'])) })
    await t.scheduler.ready()
    await t.advance(0)
    t.list.feeds = [{ id: 'b', url: 'https://b.example/rss' }]
    await t.scheduler.refresh()
    await t.advance(0)
    expect(t.delivered.map((batch) => batch.feedId)).toEqual(['a', 'b'])
    expect(t.scheduler.status('a')).toBeNull()
    await t.advance(3 * 60 * MINUTE)
    expect(t.fetchesOf('https://a.example/rss')).toBe(1)
    expect(t.fetchesOf('https://b.example/rss')).toBeGreaterThan(3)
  })

  it('aborts the fetch of a feed removed while it runs, and survives a failing feed list', async () => {
    const t = setup(
      [
        { id: 'hang', url: 'https://hang.example/rss' },
        { id: 'a', url: 'https://a.example/rss' },
      ],
      { 'https://hang.example/rss': never, 'https://a.example/rss': xml(rss(['a1'])) },
    )
    await t.scheduler.ready()
    await t.advance(0)
    expect(t.scheduler.status('hang')?.running).toBe(true)
    t.list.feeds = [{ id: 'a', url: 'https://a.example/rss' }]
    await t.scheduler.refresh()
    await t.flush()
    expect(t.scheduler.status('hang')).toBeNull()
    expect(t.scheduler.statuses().some((feed) => feed.running)).toBe(false)
    expect(t.errors).toEqual([])

    // The host's list throws: the known feeds keep their schedule.
    Object.defineProperty(t.list, 'feeds', {
      get: () => {
        throw new Error('database locked')
      },
    })
    await t.advance(61 * MINUTE)
    expect(t.fetchesOf('https://a.example/rss')).toBe(3)
  })

  it('records a failing consumer and offers the same items again next time', async () => {
    let fail = true
    const t = setup([{ id: 'a', url: 'https://a.example/rss' }], { 'https://a.example/rss': xml(rss(['a1'])) })
    const delivered: string[][] = []
    const scheduler = new FeedScheduler({
      feeds: () => t.list.feeds,
      seen: () => false,
      onItems: (_feedId, items) => {
        if (fail) throw new Error('disk full')
        delivered.push(items.map((item) => item.id))
      },
      clock: t.clock,
      random: () => 0,
      fetch: async () => new Response(rss(['a1'])),
    })
    cleanups.push(() => scheduler.close())
    await scheduler.ready()
    const first = scheduler.fetchNow('a')
    await t.flush()
    await expect(first).resolves.toMatchObject({ ok: false, error: { code: 'FEED_CONSUMER_FAILED', message: expect.stringMatching(/disk full/) } })
    fail = false
    await expect(scheduler.fetchNow('a')).resolves.toMatchObject({ ok: true, newItems: 1 })
    expect(delivered).toEqual([['a1']])
  })

  it('close() aborts running fetches and leaves no timer behind', async () => {
    const t = setup(
      [
        { id: 'hang', url: 'https://hang.example/rss' },
        { id: 'good', url: 'https://good.example/rss' },
      ],
      { 'https://hang.example/rss': never, 'https://good.example/rss': xml(rss(['g'])) },
    )
    await t.scheduler.ready()
    await t.advance(0)
    expect(t.scheduler.status('hang')?.running).toBe(true)
    await t.scheduler.close()
    expect(t.clock.pending).toBe(0)
    expect(t.scheduler.status('hang')).toMatchObject({ running: false, lastError: { code: 'FEED_ABORTED' } })
    expect(t.errors).toEqual([])
    await expect(t.scheduler.fetchNow('good')).rejects.toThrow(/closed/)
  })
})

describe('FeedScheduler against a loopback HTTP server', () => {
  let server: FeedServer

  it('keeps importing the good feeds while hanging, huge and broken ones fail and back off', async () => {
    server = await startFeedServer()
    cleanups.push(() => server.close())
    const paths = { rss2: '/rss2.xml', atom: '/atom.xml', rss1: '/rss1.rdf', live: '/live.xml', hang: '/hang', huge: '/huge.xml', e500: '/500', invalid: '/invalid.xml', laughs: '/billion-laughs.xml' }
    const feeds = Object.entries(paths).map(([id, path]) => ({ id, url: server.origin + path }))
    const t = setup(feeds, {}, { fetch: undefined, concurrency: 2 })
    server.setLive(rss(['l1']))
    await t.scheduler.ready()
    t.clock.advance(0)

    const codes = () => Object.fromEntries(t.scheduler.statuses().map((feed) => [feed.id, feed.lastError?.code ?? (feed.lastSuccessAt ? 'ok' : 'pending')]))
    await vi.waitFor(() => expect(t.delivered.map((batch) => batch.feedId).sort()).toEqual(['atom', 'live', 'rss1', 'rss2']), { timeout: 5000, interval: 10 })
    await vi.waitFor(() => expect(codes()).toMatchObject({ huge: 'FEED_TOO_LARGE', e500: 'FEED_HTTP_ERROR', invalid: 'FEED_INVALID_XML', laughs: 'FEED_ENTITY_EXPANSION' }), { timeout: 5000, interval: 10 })
    // The hanging feed has held one of the two slots the whole time; the other slot did all the work.
    expect(codes().hang).toBe('pending')
    expect(t.scheduler.status('hang')?.running).toBe(true)
    t.clock.advance(TIMEOUT)
    await vi.waitFor(() => expect(codes().hang).toBe('FEED_TIMEOUT'), { timeout: 5000, interval: 10 })
    // Every imported item records the feed it came from.
    for (const { feedId, item } of t.items) expect(item.sourceUrl).toBe(server.origin + paths[feedId as keyof typeof paths])

    // Next round: only the new item of the live feed comes through; failures count up and back off further.
    server.setLive(rss(['l2', 'l1']))
    const before = t.delivered.length
    t.clock.advance(30 * MINUTE)
    await vi.waitFor(() => expect(t.scheduler.status('laughs')?.consecutiveFailures).toBe(2), { timeout: 5000, interval: 10 })
    await vi.waitFor(() => expect(t.scheduler.statuses().every((feed) => !feed.running || feed.id === 'hang')).toBe(true), { timeout: 5000, interval: 10 })
    await vi.waitFor(() => expect(t.scheduler.status('rss2')?.lastFetchAt).toBe(t.clock.now()), { timeout: 5000, interval: 10 })
    expect(t.delivered.slice(before)).toEqual([{ feedId: 'live', ids: ['l2'] }])
    for (const id of ['e500', 'invalid', 'laughs', 'huge']) {
      const feed = t.scheduler.status(id)
      expect(feed?.consecutiveFailures).toBe(2)
      expect((feed?.nextFetchAt ?? 0) - (feed?.lastFetchAt ?? 0)).toBe(60 * MINUTE)
    }
    for (const id of ['rss2', 'atom', 'rss1', 'live']) {
      const feed = t.scheduler.status(id)
      expect(feed).toMatchObject({ consecutiveFailures: 0, lastError: null })
      expect((feed?.nextFetchAt ?? 0) - (feed?.lastFetchAt ?? 0)).toBe(30 * MINUTE)
    }
  })
})
