import type { Clock } from '../../clock'
import { systemClock } from '../../clock'
import { Resource } from '../../resource'
import { FeedError } from './feed-error'
import type { FeedErrorCode } from './feed-error'
import { DEFAULT_FETCH_TIMEOUT_MS, fetchFeed } from './feed-fetcher'
import type { FeedValidators, FetchFeedOptions } from './feed-fetcher'
import { FEED_LIMITS, parseFeed } from './feed-parser'
import type { FeedItem, ParsedFeed } from './feed-parser'

/**
 * Polls RSS/Atom feeds on a schedule and hands over the items not seen before.
 *
 * Every feed is on its own: its failure is recorded on it (last error,
 * consecutive failures) and pushes only its own next attempt back,
 * exponentially up to 6 h. At most `concurrency` fetches run at once and each
 * is bounded by a deadline and a byte limit, so a hanging or huge feed holds a
 * slot for at most `timeoutMs` and never stalls the others.
 *
 * Time comes from the injected Clock: tests drive it, nothing waits 30 minutes.
 */

export const MINUTE = 60_000
export const DEFAULT_INTERVAL_MS = 30 * MINUTE
export const MIN_INTERVAL_MS = 5 * MINUTE
export const MAX_BACKOFF_MS = 6 * 60 * MINUTE
/** How often the feed list is read again when nothing else wakes the scheduler. */
export const LIST_REFRESH_MS = 5 * MINUTE

/** One feed an admin added. */
export interface FeedSource {
  /** The caller's stable id (e.g. the group-news feed row's id). */
  id: string
  /** http(s) address the admin gave; the only URL fetched for this feed (and where it redirects). */
  url: string
  /** Poll interval; defaults to 30 min and is never less than 5 min. */
  intervalMs?: number
}

export interface FeedLastError {
  code: FeedErrorCode
  message: string
  at: number
}

/** What the scheduler knows about one feed, for the admin's "feed status" view. */
export interface FeedStatus {
  id: string
  url: string
  intervalMs: number
  running: boolean
  nextFetchAt: number
  lastFetchAt: number | null
  lastSuccessAt: number | null
  lastError: FeedLastError | null
  consecutiveFailures: number
}

export type FeedRunResult =
  | { feedId: string; ok: true; notModified: boolean; newItems: number; skipped: number }
  | { feedId: string; ok: false; error: FeedLastError }

export interface FeedSchedulerOptions {
  /** The feeds to poll; read at open, on `refresh()`, and every few minutes. */
  feeds: () => readonly FeedSource[] | Promise<readonly FeedSource[]>
  /** Whether an item was already imported (the caller's store decides). */
  seen: (feedId: string, itemId: string) => boolean | Promise<boolean>
  /** Receives the new items of one fetch, in feed order. Should record them so `seen` answers true next time. */
  onItems: (feedId: string, items: FeedItem[], feed: ParsedFeed) => void | Promise<void>
  /** Told about each failed attempt (it is also kept in the feed's status). */
  onError?: (feedId: string, error: FeedError) => void
  clock?: Clock
  /** Source of jitter, in [0, 1). */
  random?: () => number
  /** Fetches at most this many feeds at once (default 2). */
  concurrency?: number
  defaultIntervalMs?: number
  /** A new feed is first fetched within this delay (spread so a restart does not fetch everything at once). */
  initialDelayMs?: number
  timeoutMs?: number
  maxBytes?: number
  /** Passed to fetchFeed (tests inject their own). */
  fetch?: FetchFeedOptions['fetch']
  allowUrl?: FetchFeedOptions['allowUrl']
  checkAddress?: FetchFeedOptions['checkAddress']
}

interface FeedState {
  source: FeedSource
  intervalMs: number
  nextAt: number
  queued: boolean
  running: Promise<FeedRunResult> | null
  lastFetchAt: number | null
  lastSuccessAt: number | null
  lastError: FeedLastError | null
  failures: number
  validators: FeedValidators | null
  /** Aborts the running fetch, if any. */
  controller: AbortController | null
  /** fetchNow() callers waiting for the next run of this feed. */
  waiters: Array<(result: FeedRunResult) => void>
}

const JITTER = 0.1

export class FeedScheduler extends Resource {
  readonly #options: FeedSchedulerOptions
  readonly #clock: Clock
  readonly #random: () => number
  readonly #concurrency: number
  readonly #timeoutMs: number
  readonly #states = new Map<string, FeedState>()
  readonly #queue: FeedState[] = []
  readonly #controllers = new Set<AbortController>()
  readonly #runs = new Set<Promise<FeedRunResult>>()
  #active = 0
  #timer: unknown = null
  #nextListAt = 0
  #syncing: Promise<void> | null = null

  constructor(options: FeedSchedulerOptions) {
    super()
    this.#options = options
    this.#clock = options.clock ?? systemClock
    this.#random = options.random ?? Math.random
    this.#concurrency = Math.max(1, Math.floor(options.concurrency ?? 2))
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS
  }

  protected async _open(): Promise<void> {
    await this.#sync()
    this.#arm()
  }

  protected async _close(): Promise<void> {
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer)
    this.#timer = null
    this.#queue.length = 0
    for (const controller of this.#controllers) controller.abort(new FeedError('FEED_ABORTED', 'PLANET is shutting down; the feed fetch was cancelled.'))
    await Promise.allSettled([...this.#runs])
  }

  /** Reads the feed list again now (call it after an admin adds, edits or removes a feed). */
  async refresh(): Promise<void> {
    await this.#sync()
    this.#enqueueDue()
    this.#pump()
    this.#arm()
  }

  /**
   * Fetches one feed as soon as a slot is free, ignoring its schedule and
   * back-off, and resolves with the outcome. If it is already being fetched,
   * resolves with that fetch's outcome. Rejects for an unknown feed id.
   */
  async fetchNow(feedId: string): Promise<FeedRunResult> {
    if (this.closing) throw new Error('FeedScheduler is closed')
    if (!this.#states.has(feedId)) await this.#sync()
    const state = this.#states.get(feedId)
    if (!state) throw new Error(`No feed with id ${feedId}`)
    if (state.running) return state.running
    const result = new Promise<FeedRunResult>((resolve) => state.waiters.push(resolve))
    const queued = this.#queue.indexOf(state)
    if (queued !== -1) this.#queue.splice(queued, 1)
    state.queued = true
    this.#queue.unshift(state)
    this.#pump()
    return result
  }

  status(feedId: string): FeedStatus | null {
    const state = this.#states.get(feedId)
    return state ? this.#statusOf(state) : null
  }

  statuses(): FeedStatus[] {
    return [...this.#states.values()].map((state) => this.#statusOf(state))
  }

  /** Resolves when no fetch is running or queued (tests; a host that wants to drain before closing). */
  async idle(): Promise<void> {
    // A finished run starts the next queued one before its promise's other reactions run, so this sees it.
    while (this.#runs.size > 0) {
      await Promise.allSettled([...this.#runs])
      await Promise.resolve()
    }
  }

  #statusOf(state: FeedState): FeedStatus {
    return {
      id: state.source.id,
      url: state.source.url,
      intervalMs: state.intervalMs,
      running: state.running !== null,
      nextFetchAt: state.nextAt,
      lastFetchAt: state.lastFetchAt,
      lastSuccessAt: state.lastSuccessAt,
      lastError: state.lastError,
      consecutiveFailures: state.failures,
    }
  }

  // --- the feed list -----------------------------------------------------------------

  #sync(): Promise<void> {
    this.#syncing ??= this.#readList().finally(() => {
      this.#syncing = null
    })
    return this.#syncing
  }

  async #readList(): Promise<void> {
    const now = this.#clock.now()
    this.#nextListAt = now + LIST_REFRESH_MS
    let list: readonly FeedSource[]
    try {
      list = await this.#options.feeds()
    } catch {
      return // keep polling the feeds we know; the list is read again at the next refresh
    }
    if (this.closing) return
    const current = new Map<string, FeedSource>()
    for (const source of Array.isArray(list) ? list : []) {
      if (source && typeof source.id === 'string' && source.id !== '' && typeof source.url === 'string' && !current.has(source.id)) current.set(source.id, source)
    }
    for (const [id, state] of this.#states) {
      if (current.has(id)) continue
      this.#states.delete(id)
      this.#retire(state, 'The feed was removed.')
    }
    for (const [id, source] of current) {
      const asked = Number.isFinite(source.intervalMs) ? source.intervalMs : this.#options.defaultIntervalMs
      const intervalMs = Math.max(MIN_INTERVAL_MS, Number.isFinite(asked) ? Number(asked) : DEFAULT_INTERVAL_MS)
      const existing = this.#states.get(id)
      if (existing && existing.source.url === source.url) {
        existing.source = source
        if (intervalMs < existing.intervalMs && existing.failures === 0) existing.nextAt = Math.min(existing.nextAt, now + intervalMs)
        existing.intervalMs = intervalMs
        continue
      }
      // A new feed, or one whose address changed: a fresh start.
      if (existing) this.#retire(existing, 'The feed address changed.')
      this.#states.set(id, {
        source,
        intervalMs,
        nextAt: now + Math.floor(this.#random() * (this.#options.initialDelayMs ?? MINUTE)),
        queued: false,
        running: null,
        lastFetchAt: null,
        lastSuccessAt: null,
        lastError: null,
        failures: 0,
        validators: null,
        controller: null,
        waiters: [],
      })
    }
  }

  /** Takes a feed out of the schedule; fetchNow() callers waiting for a run that will not happen are answered. */
  #retire(state: FeedState, why: string): void {
    const index = this.#queue.indexOf(state)
    if (index !== -1) this.#queue.splice(index, 1)
    state.queued = false
    if (state.running) {
      // Its run ends now and answers them.
      state.controller?.abort(new FeedError('FEED_ABORTED', why))
      return
    }
    const error: FeedLastError = { code: 'FEED_ABORTED', message: why, at: this.#clock.now() }
    for (const resolve of state.waiters.splice(0)) resolve({ feedId: state.source.id, ok: false, error })
  }

  // --- timing ------------------------------------------------------------------------

  /** Sets the one timer for the earliest moment something is due: a feed or the list refresh. */
  #arm(): void {
    if (this.closing) return
    if (this.#timer !== null) this.#clock.clearTimeout(this.#timer)
    let due = this.#nextListAt
    for (const state of this.#states.values()) {
      if (!state.running && !state.queued) due = Math.min(due, state.nextAt)
    }
    this.#timer = this.#clock.setTimeout(() => this.#onTimer(), Math.max(0, due - this.#clock.now()))
  }

  #onTimer(): void {
    this.#timer = null
    if (this.closing) return
    const list = this.#clock.now() >= this.#nextListAt ? this.#sync() : Promise.resolve()
    void list.then(() => {
      if (this.closing) return
      this.#enqueueDue()
      this.#pump()
      this.#arm()
    })
  }

  #enqueueDue(): void {
    const now = this.#clock.now()
    const due = [...this.#states.values()].filter((state) => !state.running && !state.queued && state.nextAt <= now).sort((a, b) => a.nextAt - b.nextAt)
    for (const state of due) {
      state.queued = true
      this.#queue.push(state)
    }
  }

  #pump(): void {
    while (!this.closing && this.#active < this.#concurrency && this.#queue.length > 0) {
      const state = this.#queue.shift()
      if (!state) break
      state.queued = false
      if (this.#states.get(state.source.id) !== state) continue
      this.#start(state)
    }
  }

  /** Next attempt: the interval after a success; after n failures interval·2^(n−1), at most 6 h. Plus up to 10% jitter. */
  #delay(state: FeedState): number {
    const base = state.failures === 0 ? state.intervalMs : Math.min(MAX_BACKOFF_MS, state.intervalMs * 2 ** Math.min(state.failures - 1, 20))
    const jittered = Math.round(base * (1 + JITTER * this.#random()))
    return state.failures === 0 ? jittered : Math.min(MAX_BACKOFF_MS, jittered)
  }

  // --- one fetch ---------------------------------------------------------------------

  #start(state: FeedState): void {
    this.#active++
    const run = this.#run(state) // never rejects: every outcome is a FeedRunResult
    state.running = run
    this.#runs.add(run)
    void run.then((result) => {
      this.#runs.delete(run)
      this.#active--
      state.running = null
      for (const resolve of state.waiters.splice(0)) resolve(result)
      this.#pump()
      this.#arm()
    })
  }

  async #run(state: FeedState): Promise<FeedRunResult> {
    const feedId = state.source.id
    const controller = new AbortController()
    this.#controllers.add(controller)
    state.controller = controller
    const deadline = this.#clock.setTimeout(() => {
      controller.abort(new FeedError('FEED_TIMEOUT', `The feed server did not answer within ${Math.round(this.#timeoutMs / 1000)} s. It may be down or overloaded; PLANET will try again later.`))
    }, this.#timeoutMs)
    state.lastFetchAt = this.#clock.now()
    try {
      const fetched = await fetchFeed(state.source.url, {
        timeoutMs: this.#timeoutMs,
        maxBytes: this.#options.maxBytes ?? FEED_LIMITS.maxBytes,
        fetch: this.#options.fetch,
        signal: controller.signal,
        previous: state.validators,
        allowUrl: this.#options.allowUrl,
        checkAddress: this.#options.checkAddress,
      })
      let newItems = 0
      let skipped = 0
      if (!fetched.notModified) {
        const feed = parseFeed(fetched.body, state.source.url, { maxBytes: this.#options.maxBytes ?? FEED_LIMITS.maxBytes })
        skipped = feed.skipped
        const fresh = await this.#unseen(feedId, feed.items, controller.signal)
        if (this.#states.get(feedId) !== state || this.closing) throw new FeedError('FEED_ABORTED', 'The feed was removed while it was being fetched.')
        if (fresh.length > 0) {
          try {
            await this.#options.onItems(feedId, fresh, feed)
          } catch (error) {
            throw new FeedError('FEED_CONSUMER_FAILED', `The feed was read but its items could not be saved (${error instanceof Error ? error.message : String(error)}). PLANET will try again.`, undefined, { cause: error })
          }
        }
        newItems = fresh.length
      }
      state.validators = { etag: fetched.etag, lastModified: fetched.lastModified }
      state.failures = 0
      state.lastError = null
      state.lastSuccessAt = this.#clock.now()
      state.nextAt = this.#clock.now() + this.#delay(state)
      return { feedId, ok: true, notModified: fetched.notModified, newItems, skipped }
    } catch (caught) {
      const error = caught instanceof FeedError ? caught : new FeedError('FEED_NETWORK_ERROR', `Reading the feed failed: ${caught instanceof Error ? caught.message : String(caught)}`, undefined, { cause: caught })
      const lastError = { code: error.code, message: error.message, at: this.#clock.now() }
      state.failures++
      state.lastError = lastError
      state.nextAt = this.#clock.now() + this.#delay(state)
      if (!this.closing && this.#states.get(feedId) === state) {
        try {
          this.#options.onError?.(feedId, error)
        } catch {}
      }
      return { feedId, ok: false, error: lastError }
    } finally {
      this.#clock.clearTimeout(deadline)
      this.#controllers.delete(controller)
      state.controller = null
    }
  }

  /** Items whose id the caller has not seen, each id once even if the feed repeats it. */
  async #unseen(feedId: string, items: FeedItem[], signal: AbortSignal): Promise<FeedItem[]> {
    const ids = new Set<string>()
    const fresh: FeedItem[] = []
    for (const item of items) {
      if (ids.has(item.id)) continue
      ids.add(item.id)
      if (signal.aborted) throw signal.reason
      if (!(await this.#options.seen(feedId, item.id))) fresh.push(item)
    }
    return fresh
  }
}
