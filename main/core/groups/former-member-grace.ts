import type { Clock } from '../clock'
import type { PeopleSession } from '../people/session'
import type { Membership } from './group-queries'
import { memberships } from './group-queries'

type Log = (level: 'info' | 'warn' | 'error', message: string, data?: unknown) => void

/** setTimeout's ceiling (about 24.8 days): a later end is waited for in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1
/** Fire a little after the end, so the firewall's own `now - leftAt < grace` test is already false. */
const AFTER_END_MS = 1_000

/**
 * When the firewall's grace for a group's former members next ends (null: no
 * grace running). Until then a removed member's device is still admitted.
 */
export function nextGraceEnd(members: Iterable<Pick<Membership, 'status' | 'leftAt'>>, now: number, graceMs: number): number | null {
  let next: number | null = null
  for (const member of members) {
    if (member.status === 'member' || member.leftAt === null) continue
    const end = member.leftAt + graceMs
    if (end > now && (next === null || end < next)) next = end
  }
  return next
}

/**
 * The end of former members' grace, per group, for one people session.
 *
 * The firewall (GroupService.allowedDevices) admits a group's former members
 * for a grace period after they left, but it is only rebuilt when something
 * changes (membership, contacts); nothing re-checks it when a grace simply
 * runs out. A device that stays connected would then keep replicating the
 * group's cores (and anything readable with keys it kept, like shared folder
 * drives) for as long as it likes. This timer makes the grace really end:
 * when it does, the allow-list is reloaded and the connections it no longer
 * admits are dropped.
 *
 * GroupService arms it for every group when the session starts and again
 * whenever a group's membership changes; the session closes it.
 */
export class FormerMemberGrace {
  readonly #session: PeopleSession
  readonly #clock: Clock
  readonly #graceMs: () => number
  readonly #log: Log
  /** groupId → the grace end its timer waits for. */
  readonly #timers = new Map<string, { at: number; handle: unknown }>()
  #closed = false

  constructor(session: PeopleSession, clock: Clock, graceMs: () => number, log: Log) {
    this.#session = session
    this.#clock = clock
    this.#graceMs = graceMs
    this.#log = log
  }

  /** Arm, move or clear the group's timer to its next grace end (idempotent). */
  watch(groupId: string): void {
    if (this.#closed) return
    const now = this.#clock.now()
    const all = memberships(this.#session.db, groupId)
    const mine = all.get(this.#session.me)?.status
    // As in allowedDevices: a group I left or was removed from admits nobody.
    const end = mine === 'removed' || mine === 'left' ? null : nextGraceEnd(all.values(), now, this.#graceMs())
    const current = this.#timers.get(groupId)
    if (current?.at === end) return
    if (current) this.#clock.clearTimeout(current.handle)
    this.#timers.delete(groupId)
    if (end === null) return
    const handle = this.#clock.setTimeout(() => this.#ended(groupId), Math.min(end - now + AFTER_END_MS, MAX_TIMER_MS))
    this.#timers.set(groupId, { at: end, handle })
  }

  close(): void {
    this.#closed = true
    for (const { handle } of this.#timers.values()) this.#clock.clearTimeout(handle)
    this.#timers.clear()
  }

  #ended(groupId: string): void {
    this.#timers.delete(groupId)
    if (this.#closed) return
    try {
      this.#session.reloadAllowedDevices()
      const swarm = this.#session.network.swarm
      for (const connection of swarm ? [...swarm.connections] : []) {
        const device = connection.remotePublicKey.toString('hex')
        if (!this.#session.allowedDevices.has(device)) this.#session.network.disconnect(device)
      }
      // The next former member's grace, if any (or this one again, when the timer's ceiling cut the wait short).
      if (this.#session.spaces.has(groupId)) this.watch(groupId)
    } catch (error) {
      // The vault may have locked meanwhile (its database closes before the session does).
      this.#log('warn', 'could not end a former member’s grace', error instanceof Error ? error.message : error)
    }
  }
}
