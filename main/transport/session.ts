import type { Result, Router, ServerMessage } from '../../shared/rpc'
import { callMessage, clientMessage, RpcError } from '../../shared/rpc'
import type { CallContext } from '../core/handler-types'

/**
 * The server half of the message protocol (shared/rpc/envelope.ts) for one
 * connected client, independent of what carries the messages (a WebSocket
 * today). The transport parses bytes into values and hands them to
 * `receive`; the session answers through `send`.
 *
 * Protocol, as the server keeps it:
 * - `call {id, method, input}` → exactly one `result {id}` (never sent after close);
 * - `subscribe {id, event}` → `result {id, ok:true, value:null}` once the
 *   subscription is live, then `event {id, …}` per emit; or one error
 *   `result {id}` (UNKNOWN_EVENT, BAD_ENVELOPE for an id already in use);
 * - `unsubscribe {id}` → no reply; unknown ids are ignored (idempotent);
 * - anything that is not a valid client message → a BAD_ENVELOPE `result`
 *   when it carries a usable `id`, otherwise nothing.
 *
 * `receive` never throws, whatever it is given; the session never trusts the
 * client beyond the envelope schema, and the router validates the rest.
 */
export interface Session {
  receive(raw: unknown): void
  /** Drop every subscription and stop sending. Idempotent. */
  close(): void
  readonly closed: boolean
  /** Live subscriptions, for tests and diagnostics. */
  readonly subscriptionCount: number
}

export interface SessionOptions {
  /** Most live subscriptions one client may hold; a UI needs a few dozen. */
  maxSubscriptions?: number
  /** Called when `send` throws (e.g. the socket went away mid-write); the session carries on. */
  onSendError?: (error: unknown) => void
}

const DEFAULT_MAX_SUBSCRIPTIONS = 1024
const messageId = callMessage.shape.id

export function createSession(
  router: Router<CallContext>,
  ctx: CallContext,
  send: (message: ServerMessage) => void,
  options: SessionOptions = {},
): Session {
  const maxSubscriptions = options.maxSubscriptions ?? DEFAULT_MAX_SUBSCRIPTIONS
  const subscriptions = new Map<number, () => void>()
  let closed = false

  function emit(message: ServerMessage): void {
    if (closed) return
    try {
      send(message)
    } catch (error) {
      options.onSendError?.(error)
    }
  }

  function reply(id: number, result: Result): void {
    emit(result.ok ? { type: 'result', id, ok: true, value: result.value } : { type: 'result', id, ok: false, error: result.error })
  }

  function refuse(id: number, error: RpcError): void {
    reply(id, { ok: false, error: error.toWire() })
  }

  function call(id: number, method: string, input: unknown): void {
    // router.call never rejects by contract; the catch is belt and braces so a
    // router bug becomes an INTERNAL answer instead of an unhandled rejection.
    router.call(method, input, ctx).then(
      (result) => reply(id, result),
      () => refuse(id, new RpcError('INTERNAL', `${method} failed unexpectedly`)),
    )
  }

  function subscribe(id: number, event: string): void {
    if (subscriptions.has(id)) {
      refuse(id, new RpcError('BAD_ENVELOPE', `Subscription id ${id} is already in use`))
      return
    }
    if (subscriptions.size >= maxSubscriptions) {
      refuse(id, new RpcError('BAD_ENVELOPE', `Too many subscriptions (at most ${maxSubscriptions})`))
      return
    }
    const result = router.subscribe(event, (payload) => emit({ type: 'event', id, event, payload }))
    if (!result.ok) {
      reply(id, result)
      return
    }
    subscriptions.set(id, result.value)
    reply(id, { ok: true, value: null })
  }

  function unsubscribe(id: number): void {
    const stop = subscriptions.get(id)
    if (!stop) return
    subscriptions.delete(id)
    stop()
  }

  return {
    receive(raw) {
      if (closed) return
      try {
        const parsed = clientMessage.safeParse(raw)
        if (!parsed.success) {
          const id = usableId(raw)
          if (id !== null) refuse(id, new RpcError('BAD_ENVELOPE', 'Not a valid PLANET message'))
          return
        }
        const message = parsed.data
        if (message.type === 'call') call(message.id, message.method, message.input)
        else if (message.type === 'subscribe') subscribe(message.id, message.event)
        else unsubscribe(message.id)
      } catch {
        // Only reachable through exotic values (getters that throw, revoked
        // proxies) that no wire format produces; a session never throws.
      }
    },
    close() {
      if (closed) return
      closed = true
      const stops = [...subscriptions.values()]
      subscriptions.clear()
      for (const stop of stops) {
        try {
          stop()
        } catch {}
      }
    },
    get closed() {
      return closed
    },
    get subscriptionCount() {
      return subscriptions.size
    },
  }
}

/** The id of a malformed message, when it has one the client could match a reply to. */
function usableId(raw: unknown): number | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null
  const parsed = messageId.safeParse((raw as { id?: unknown }).id)
  return parsed.success ? parsed.data : null
}
