import type { z } from 'zod'
import type { openedLink } from '../../../shared/contract/app'
import type { EventBus } from '../event-bus'

type OpenedLink = z.infer<typeof openedLink>

/**
 * planet:// links handed to the app by the OS. One that arrives before any UI
 * subscribed (the link that launched the app) waits here until the UI takes
 * it; later ones go out as `app.onLinkOpened` too. Only the newest waits: an
 * older unread link is stale.
 */
export class PendingLinks {
  #pending: OpenedLink | null = null
  readonly #events: EventBus

  constructor(events: EventBus) {
    this.#events = events
  }

  open(link: OpenedLink): void {
    if (this.#events.listenerCount('app.onLinkOpened') > 0) {
      this.#events.emit('app.onLinkOpened', link)
      return
    }
    this.#pending = link
  }

  take(): OpenedLink | null {
    const link = this.#pending
    this.#pending = null
    return link
  }
}
