import type { EventName, EventPayload } from '../../shared/contract'
import type { EventSource } from '../../shared/rpc'
import { parseEventPayload } from '../../shared/rpc'

type Listener = (payload: never) => void

/**
 * Typed events from the core to every connected UI. Payloads are validated
 * against the contract once per emit, so a bad payload is a bug found here,
 * not in a renderer. A throwing listener never stops the others.
 */
export class EventBus implements EventSource {
  readonly #listeners = new Map<EventName, Set<Listener>>()

  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.#listeners.get(event)
    if (!set) this.#listeners.set(event, (set = new Set()))
    set.add(listener as Listener)
    return () => {
      set.delete(listener as Listener)
    }
  }

  emit<E extends EventName>(event: E, payload: EventPayload<E>): void {
    const set = this.#listeners.get(event)
    if (!set || set.size === 0) return
    const parsed = parseEventPayload(event, payload)
    for (const listener of [...set]) {
      try {
        ;(listener as (payload: EventPayload<E>) => void)(structuredClone(parsed))
      } catch (error) {
        console.error(`listener for ${event} failed`, error)
      }
    }
  }

  listenerCount(event: EventName): number {
    return this.#listeners.get(event)?.size ?? 0
  }
}
