import { version } from '../../../../package.json'
import { FeedError } from './feed-error'
import { FEED_LIMITS } from './feed-parser'

/**
 * One HTTP(S) GET of a feed, with the limits an untrusted server needs
 * (ARCHITECTURE.md §13): only http/https, every redirect hop re-checked, a
 * deadline over the whole exchange, and a body read as a stream that is cut
 * off as soon as it passes `maxBytes` — a 50 MB answer costs at most
 * `maxBytes` plus one network chunk of memory, never 50 MB.
 *
 * It fetches exactly the URL it is given (and where that URL redirects); it
 * never follows links found in a feed.
 */

export const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/xml, text/xml'
export const FEED_USER_AGENT = `PLANET/${version}`

/** HTTP validators of a previous fetch, sent back so an unchanged feed costs a 304. */
export interface FeedValidators {
  etag?: string | null
  lastModified?: string | null
}

export interface FetchFeedOptions {
  /** Deadline for the whole exchange: redirects, headers and body. */
  timeoutMs?: number
  /** Largest body accepted, in bytes (after content decoding). */
  maxBytes?: number
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof globalThis.fetch
  /** Aborts the fetch (FEED_ABORTED), e.g. when the scheduler closes. */
  signal?: AbortSignal
  /** From the previous result for this feed: sent as If-None-Match / If-Modified-Since. */
  previous?: FeedValidators | null
  maxRedirects?: number
  userAgent?: string
  /** Extra gate on every URL fetched, the first and each redirect target. */
  allowUrl?: (url: URL) => boolean
  /**
   * Asked before each request, the first and each redirect target; throws
   * (a FeedError) to refuse. The app passes requirePublicAddress
   * (public-address.ts): no feed fetch reaches a private network.
   */
  checkAddress?: (url: URL) => Promise<void>
}

export interface FeedNotModified {
  notModified: true
  /** The URL that answered, after redirects. */
  url: string
  etag: string | null
  lastModified: string | null
}

export interface FeedFetched {
  notModified: false
  url: string
  status: number
  body: Uint8Array
  contentType: string | null
  /** Validators to pass as `previous` next time. */
  etag: string | null
  lastModified: string | null
}

export type FetchFeedResult = FeedNotModified | FeedFetched

export const DEFAULT_FETCH_TIMEOUT_MS = 15_000
export const DEFAULT_MAX_REDIRECTS = 5
const REDIRECTS = new Set([301, 302, 303, 307, 308])

/** Parses and checks a feed URL: absolute, http or https, no credentials. Throws FEED_BAD_URL. */
export function checkFeedUrl(input: string | URL, allowUrl?: (url: URL) => boolean): URL {
  let url: URL
  try {
    url = new URL(input)
  } catch {
    throw new FeedError('FEED_BAD_URL', `"${String(input).slice(0, 200)}" is not a web address. Give the full address of the feed, starting with https://.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FeedError('FEED_BAD_URL', `Feeds are read over http or https only; "${url.protocol}" addresses are refused. Give the feed's https:// address.`, {
      protocol: url.protocol,
    })
  }
  if (url.username || url.password) {
    throw new FeedError('FEED_BAD_URL', 'The feed address contains a user name or password, which PLANET does not send. Use a public feed address.')
  }
  if (allowUrl && !allowUrl(url)) {
    throw new FeedError('FEED_BAD_URL', `PLANET is not allowed to fetch ${url.origin}.`, { origin: url.origin })
  }
  url.hash = ''
  return url
}

/**
 * Fetches a feed. Resolves with the body or `{ notModified: true }` on a 304;
 * rejects with FeedError: FEED_BAD_URL, FEED_TIMEOUT, FEED_HTTP_ERROR (details.status),
 * FEED_TOO_LARGE (details.bytesRead), FEED_TOO_MANY_REDIRECTS, FEED_NETWORK_ERROR, FEED_ABORTED.
 */
export async function fetchFeed(url: string | URL, options: FetchFeedOptions = {}): Promise<FetchFeedResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS
  const maxBytes = options.maxBytes ?? FEED_LIMITS.maxBytes
  const maxRedirects = options.maxRedirects ?? DEFAULT_MAX_REDIRECTS
  const doFetch = options.fetch ?? globalThis.fetch
  let current = checkFeedUrl(url, options.allowUrl)

  const controller = new AbortController()
  const timer = setTimeout(() => {
    controller.abort(new FeedError('FEED_TIMEOUT', `The feed server did not answer within ${Math.round(timeoutMs / 1000)} s. It may be down or overloaded; PLANET will try again later.`, { timeoutMs }))
  }, timeoutMs)
  timer.unref?.()
  // A caller that aborts with a FeedError (the scheduler's own deadline) keeps its reason.
  const onAbort = (): void => {
    const reason: unknown = options.signal?.reason
    controller.abort(reason instanceof FeedError ? reason : new FeedError('FEED_ABORTED', 'The feed fetch was cancelled.'))
  }
  if (options.signal?.aborted) onAbort()
  else options.signal?.addEventListener('abort', onAbort, { once: true })

  const headers: Record<string, string> = { accept: FEED_ACCEPT, 'user-agent': options.userAgent ?? FEED_USER_AGENT }
  if (options.previous?.etag) headers['if-none-match'] = options.previous.etag
  if (options.previous?.lastModified) headers['if-modified-since'] = options.previous.lastModified

  try {
    for (let hop = 0; ; hop++) {
      if (options.checkAddress) await untilAborted(options.checkAddress(current), controller.signal)
      const response = await untilAborted(doFetch(current.href, { headers, redirect: 'manual', signal: controller.signal }), controller.signal)
      if (REDIRECTS.has(response.status)) {
        discard(response)
        if (hop >= maxRedirects) {
          throw new FeedError('FEED_TOO_MANY_REDIRECTS', `The feed address redirected more than ${maxRedirects} times. Open it in a browser and add the address it finally shows.`, { maxRedirects })
        }
        const location = response.headers.get('location')
        if (!location) throw new FeedError('FEED_HTTP_ERROR', `The feed server answered ${response.status} (a redirect) without saying where to.`, { status: response.status })
        current = checkFeedUrl(new URL(location, current), options.allowUrl)
        continue
      }
      const validators = { etag: response.headers.get('etag'), lastModified: response.headers.get('last-modified') }
      if (response.status === 304) {
        discard(response)
        return { notModified: true, url: current.href, ...validators }
      }
      if (response.status < 200 || response.status > 299) {
        discard(response)
        throw httpError(response.status, response.statusText)
      }
      const body = await readBody(response, maxBytes, controller)
      return { notModified: false, url: current.href, status: response.status, body, contentType: response.headers.get('content-type'), ...validators }
    }
  } catch (error) {
    // An abort surfaces as whatever the fetch implementation throws; report why we aborted instead.
    const reason: unknown = controller.signal.aborted ? controller.signal.reason : null
    controller.abort() // stop whatever is still in flight
    if (reason instanceof FeedError) throw reason
    if (error instanceof FeedError) throw error
    throw networkError(error)
  } finally {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', onAbort)
  }
}

/** Reads the body chunk by chunk, stopping the moment it passes `maxBytes`. */
async function readBody(response: Response, maxBytes: number, controller: AbortController): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'))
  if (Number.isFinite(declared) && declared > maxBytes) {
    discard(response)
    throw tooLarge(maxBytes, 0, declared)
  }
  if (!response.body) return new Uint8Array(0)
  const reader = response.body.getReader()
  const chunks: Uint8Array[] = []
  let bytesRead = 0
  try {
    for (;;) {
      const { done, value } = await untilAborted(reader.read(), controller.signal)
      if (done) break
      bytesRead += value.byteLength
      if (bytesRead > maxBytes) throw tooLarge(maxBytes, bytesRead, null)
      chunks.push(value)
    }
  } catch (error) {
    chunks.length = 0
    reader.cancel().catch(() => undefined)
    throw error
  }
  return Buffer.concat(chunks, bytesRead)
}

/**
 * Settles when the promise does or when the signal aborts, whichever is first —
 * so a fetch implementation that ignores its signal still cannot hold us past
 * the deadline.
 */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined)
    return Promise.reject(signal.reason)
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined)
}

function tooLarge(maxBytes: number, bytesRead: number, declared: number | null): FeedError {
  const size = declared === null ? `more than ${mb(maxBytes)}` : mb(declared)
  return new FeedError('FEED_TOO_LARGE', `The feed is ${size}; PLANET reads feeds of at most ${mb(maxBytes)}. Ask the publisher for a shorter feed.`, {
    maxBytes,
    bytesRead,
    ...(declared === null ? {} : { contentLength: declared }),
  })
}

function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MB`
}

function httpError(status: number, statusText: string): FeedError {
  const label = statusText ? `${status} ${statusText}` : String(status)
  const hint =
    status === 404 || status === 410
      ? 'The feed is not (or no longer) at this address; check it on the website.'
      : status === 401 || status === 403
        ? 'The server refuses to give the feed to PLANET (it may need a login).'
        : status === 429 || status >= 500
          ? 'The server has a problem or is busy; PLANET will try again later.'
          : 'Check the address on the website.'
  return new FeedError('FEED_HTTP_ERROR', `The feed server answered HTTP ${label}. ${hint}`, { status })
}

function networkError(error: unknown): FeedError {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : null
  const what = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'its name could not be found' : code === 'ECONNREFUSED' ? 'it refused the connection' : code ? `the connection failed (${code})` : 'the connection failed'
  return new FeedError('FEED_NETWORK_ERROR', `PLANET could not reach the feed server: ${what}. Check the address, or try again later.`, code ? { cause: code } : undefined, { cause: error })
}
