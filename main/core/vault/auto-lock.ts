import type { Clock } from '../clock'

export interface AutoLockOptions {
  clock: Clock
  /** Called once when the idle time has passed; the owner locks the vault and says why. */
  onIdle: () => void
}

/**
 * Locks the vault after a period without activity. Every call from a UI
 * `touch()`es it (the router's beforeCall), so touches are frequent: a touch
 * only records the time, and the single pending timer, when it fires early,
 * re-arms itself for the remainder instead of being cleared and set again on
 * every call.
 */
export class AutoLock {
  readonly #clock: Clock
  readonly #onIdle: () => void
  #minutes = 0
  #running = false
  #lastActivity = 0
  #timer: unknown = null

  constructor(options: AutoLockOptions) {
    this.#clock = options.clock
    this.#onIdle = options.onIdle
  }

  /** Idle minutes before locking; 0 = never. */
  get minutes(): number {
    return this.#minutes
  }

  /** True between start() and stop() or the idle lock. */
  get running(): boolean {
    return this.#running
  }

  /** Begin watching (after an unlock); idle time counts from now. */
  start(minutes: number): void {
    this.#running = true
    this.#lastActivity = this.#clock.now()
    this.setMinutes(minutes)
  }

  /** Change the idle time; a running watch keeps counting from the last activity. */
  setMinutes(minutes: number): void {
    if (!Number.isInteger(minutes) || minutes < 0) throw new RangeError(`auto-lock minutes must be a non-negative integer, got ${minutes}`)
    this.#minutes = minutes
    this.#arm()
  }

  /** Activity: postpone the lock. Cheap enough to call on every request. */
  touch(): void {
    if (!this.#running) return
    this.#lastActivity = this.#clock.now()
    if (this.#timer === null) this.#arm()
  }

  /** Stop watching (manual lock, shutdown). Idempotent. */
  stop(): void {
    this.#running = false
    this.#clear()
  }

  #arm(): void {
    this.#clear()
    if (!this.#running || this.#minutes === 0) return
    const due = this.#lastActivity + this.#minutes * 60_000
    this.#timer = this.#clock.setTimeout(() => this.#fire(), Math.max(0, due - this.#clock.now()))
  }

  #fire(): void {
    this.#timer = null
    if (!this.#running || this.#minutes === 0) return
    if (this.#clock.now() - this.#lastActivity < this.#minutes * 60_000) {
      // Touched since this timer was set: wait for the rest of the new idle period.
      this.#arm()
      return
    }
    // One lock per unlock: the next start() (after an unlock) re-arms.
    this.#running = false
    this.#onIdle()
  }

  #clear(): void {
    if (this.#timer === null) return
    this.#clock.clearTimeout(this.#timer)
    this.#timer = null
  }
}
