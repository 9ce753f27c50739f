import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FeedError } from './feed-error'
import type { FeedErrorCode } from './feed-error'
import { FEED_ACCEPT, FEED_USER_AGENT, fetchFeed } from './feed-fetcher'
import type { FeedFetched, FetchFeedOptions } from './feed-fetcher'
import { FEED_LIMITS, parseFeed } from './feed-parser'
import { HUGE_TOTAL_BYTES, startFeedServer } from './fixtures/feed-server'
import type { FeedServer } from './fixtures/feed-server'

let server: FeedServer
beforeAll(async () => {
  server = await startFeedServer()
})
afterAll(async () => {
  await server.close()
})

async function fetchError(url: string, code: FeedErrorCode, options: FetchFeedOptions = {}): Promise<FeedError> {
  const error: unknown = await fetchFeed(url, options).then(
    (result) => expect.fail(`expected ${code}, got ${JSON.stringify({ ...result, body: undefined })}`),
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(FeedError)
  expect((error as FeedError).code).toBe(code)
  return error as FeedError
}

async function fetched(url: string, options: FetchFeedOptions = {}): Promise<FeedFetched> {
  const result = await fetchFeed(url, options)
  if (result.notModified) expect.fail('unexpected 304')
  return result
}

describe('fetchFeed against a loopback server', () => {
  it('fetches and parses the RSS 2.0, Atom and RSS 1.0 samples', async () => {
    const formats: string[] = []
    for (const path of ['/rss2.xml', '/atom.xml', '/rss1.rdf', '/rss091.xml', '/hostile.xml']) {
      const result = await fetched(server.origin + path)
      expect(result.status).toBe(200)
      const feed = parseFeed(result.body, server.origin + path)
      expect(feed.items.length).toBeGreaterThan(0)
      expect(feed.items.every((item) => item.sourceUrl === server.origin + path)).toBe(true)
      formats.push(feed.format)
    }
    expect(formats).toEqual(['rss2', 'atom', 'rss1', 'rss2', 'rss2'])
  })

  it('gives a clear error for each malformed sample, never a partial feed', async () => {
    const cases: Array<[string, FeedErrorCode]> = [
      ['/billion-laughs.xml', 'FEED_ENTITY_EXPANSION'],
      ['/external-entity.xml', 'FEED_ENTITY_EXPANSION'],
      ['/invalid.xml', 'FEED_INVALID_XML'],
      ['/page.html', 'FEED_NOT_A_FEED'],
    ]
    for (const [path, code] of cases) {
      const result = await fetched(server.origin + path)
      expect(() => parseFeed(result.body, server.origin + path)).toThrowError(expect.objectContaining({ code }))
    }
  })

  it('sends Accept, User-Agent and the validators of the previous fetch; a 304 is notModified', async () => {
    const first = await fetched(`${server.origin}/etag.xml`)
    expect(first).toMatchObject({ etag: '"v1"', lastModified: 'Tue, 14 May 2024 09:12:44 GMT' })
    const request = server.requests.findLast((entry) => entry.path === '/etag.xml')
    expect(request?.headers.accept).toBe(FEED_ACCEPT)
    expect(request?.headers['user-agent']).toBe(FEED_USER_AGENT)
    expect(FEED_USER_AGENT).toMatch(/^PLANET\/\d+\.\d+\.\d+/)

    const second = await fetchFeed(`${server.origin}/etag.xml`, { previous: { etag: first.etag, lastModified: first.lastModified } })
    expect(second).toEqual({ notModified: true, url: `${server.origin}/etag.xml`, etag: '"v1"', lastModified: null })
    const conditional = server.requests.findLast((entry) => entry.path === '/etag.xml')
    expect(conditional?.headers['if-none-match']).toBe('"v1"')
    expect(conditional?.headers['if-modified-since']).toBe('Tue, 14 May 2024 09:12:44 GMT')
  })

  it('follows up to 5 redirects and reports the final URL', async () => {
    const result = await fetched(`${server.origin}/redirect/5`)
    expect(result.url).toBe(`${server.origin}/rss2.xml`)
    expect((await fetched(`${server.origin}/redirect-absolute`)).url).toBe(`${server.origin}/atom.xml`)
    const error = await fetchError(`${server.origin}/redirect/6`, 'FEED_TOO_MANY_REDIRECTS')
    expect(error.message).toMatch(/more than 5/)
  })

  it('refuses a redirect to a non-http scheme', async () => {
    await fetchError(`${server.origin}/redirect-to-file`, 'FEED_BAD_URL')
  })

  it('refuses file:, data: and other schemes without any request', async () => {
    const before = server.requests.length
    for (const url of ['file:///etc/passwd', 'data:application/rss+xml,<rss/>', 'ftp://feeds.example/rss', 'javascript:alert(1)', 'not a url', `http://user:secret@127.0.0.1:1/`]) {
      await fetchError(url, 'FEED_BAD_URL')
    }
    await fetchError(`${server.origin}/rss2.xml`, 'FEED_BAD_URL', { allowUrl: (url) => url.hostname !== '127.0.0.1' })
    expect(server.requests.length).toBe(before)
  })

  it('reports HTTP errors with their status', async () => {
    const error = await fetchError(`${server.origin}/500`, 'FEED_HTTP_ERROR')
    expect(error.details).toEqual({ status: 500 })
    expect(error.message).toMatch(/HTTP 500.*try again later/)
    expect((await fetchError(`${server.origin}/404`, 'FEED_HTTP_ERROR')).message).toMatch(/not \(or no longer\) at this address/)
  })

  it('times out on a server that never answers, or stops sending', async () => {
    const hang = await fetchError(`${server.origin}/hang`, 'FEED_TIMEOUT', { timeoutMs: 200 })
    expect(hang.details).toEqual({ timeoutMs: 200 })
    await fetchError(`${server.origin}/trickle`, 'FEED_TIMEOUT', { timeoutMs: 200 })
  })

  it('aborts a 50 MB stream as soon as it passes maxBytes, holding at most one chunk more', async () => {
    let largestChunk = 0
    // Wraps the real fetch only to observe chunk sizes on the way in.
    const observing: typeof fetch = async (input, init) => {
      const response = await fetch(input, init)
      const body = response.body?.pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            largestChunk = Math.max(largestChunk, chunk.byteLength)
            controller.enqueue(chunk)
          },
        }),
      )
      return new Response(body, { status: response.status, headers: response.headers })
    }
    const error = await fetchError(`${server.origin}/huge.xml`, 'FEED_TOO_LARGE', { fetch: observing })
    const bytesRead = Number(error.details?.bytesRead)
    expect(bytesRead).toBeGreaterThan(FEED_LIMITS.maxBytes)
    expect(bytesRead).toBeLessThanOrEqual(FEED_LIMITS.maxBytes + largestChunk)
    expect(largestChunk).toBeLessThanOrEqual(1024 * 1024)
    await server.hugeClosed
    // The server was cut off long before the end: the client stopped reading and closed.
    expect(server.hugeBytesWritten()).toBeLessThan(HUGE_TOTAL_BYTES / 2)
  })

  it('refuses a declared Content-Length over the limit before reading the body', async () => {
    const error = await fetchError(`${server.origin}/huge-declared.xml`, 'FEED_TOO_LARGE')
    expect(error.details).toMatchObject({ bytesRead: 0, contentLength: HUGE_TOTAL_BYTES })
  })

  it('reports an unreachable server and honours the caller’s abort signal', async () => {
    const closed = await startFeedServer()
    const origin = closed.origin
    await closed.close()
    await fetchError(`${origin}/rss2.xml`, 'FEED_NETWORK_ERROR')

    const controller = new AbortController()
    const pending = fetchError(`${server.origin}/hang`, 'FEED_ABORTED', { signal: controller.signal })
    controller.abort()
    await pending
  })

  it('settles by the deadline even when the fetch implementation ignores its signal', async () => {
    const never: typeof fetch = () => new Promise<Response>(() => undefined)
    await fetchError('https://feeds.example/rss', 'FEED_TIMEOUT', { fetch: never, timeoutMs: 50 })
    const stuckBody: typeof fetch = async () => new Response(new ReadableStream({ pull: () => new Promise<void>(() => undefined) }))
    await fetchError('https://feeds.example/rss', 'FEED_TIMEOUT', { fetch: stuckBody, timeoutMs: 50 })
  })
})
