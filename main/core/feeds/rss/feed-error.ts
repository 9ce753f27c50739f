/**
 * Stable codes for everything that can go wrong with one RSS/Atom feed. The
 * group-news feature shows them per feed ("last error") and matches on them,
 * so a code is never renamed or reused — add new ones at the end.
 *
 * Checklist when group news gets its contract: every code a handler can
 * surface must also be added to ERROR_CODES in shared/rpc/errors.ts.
 */
export const FEED_ERROR_CODES = [
  // the URL and the HTTP exchange (feed-fetcher.ts)
  'FEED_BAD_URL',
  'FEED_TIMEOUT',
  'FEED_HTTP_ERROR',
  'FEED_NETWORK_ERROR',
  'FEED_TOO_MANY_REDIRECTS',
  'FEED_ABORTED',
  // the document (feed-parser.ts)
  'FEED_TOO_LARGE',
  'FEED_INVALID_XML',
  'FEED_ENTITY_EXPANSION',
  'FEED_NOT_A_FEED',
  'FEED_TOO_MANY_ITEMS',
  'FEED_UNSUPPORTED_ENCODING',
  // the scheduler's consumer (feed-scheduler.ts)
  'FEED_CONSUMER_FAILED',
] as const

export type FeedErrorCode = (typeof FEED_ERROR_CODES)[number]

/**
 * The one error the feed module throws on purpose. `message` is written for the
 * admin who added the feed: it says what is wrong and what to try. `details`
 * is plain JSON (HTTP status, byte counts, line/column) for logs and tests.
 */
export class FeedError extends Error {
  readonly code: FeedErrorCode
  readonly details?: Record<string, unknown>

  constructor(code: FeedErrorCode, message: string, details?: Record<string, unknown>, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'FeedError'
    this.code = code
    this.details = details
  }

  /** Plain JSON, safe to store as a feed's "last error" or send over the wire. */
  toJSON(): { code: FeedErrorCode; message: string; details?: Record<string, unknown> } {
    return this.details === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, details: this.details }
  }
}

export function isFeedError(value: unknown): value is FeedError {
  return value instanceof FeedError
}
