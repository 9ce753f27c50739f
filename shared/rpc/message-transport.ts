import type { ClientMessage, Result, ServerMessage } from './envelope'
import { serverMessage } from './envelope'
import type { ClientTransport } from './client'
import { RpcError } from './errors'

/** A duplex message channel: a WebSocket in the browser, the `ws` package in tests. */
export interface MessageChannel {
  send(message: ClientMessage): void
  onMessage(listener: (message: unknown) => void): void
  onClose(listener: (reason: string) => void): void
  close(): void
}

/**
 * Turns a message channel into a ClientTransport: numbers calls, matches
 * results to them, fans events out to subscribers, and fails every pending
 * call with TRANSPORT_CLOSED when the channel goes away. Messages that are not
 * valid server messages are dropped.
 */
export function createMessageTransport(channel: MessageChannel): ClientTransport {
  let nextId = 1
  let closedReason: string | null = null
  const pending = new Map<number, (result: Result) => void>()
  const listeners = new Map<number, (payload: unknown) => void>()

  channel.onMessage((raw) => {
    const parsed = serverMessage.safeParse(raw)
    if (!parsed.success) return
    const message: ServerMessage = parsed.data
    if (message.type === 'result') {
      const resolve = pending.get(message.id)
      pending.delete(message.id)
      resolve?.(message.ok ? { ok: true, value: message.value } : { ok: false, error: message.error })
    } else {
      listeners.get(message.id)?.(message.payload)
    }
  })

  channel.onClose((reason) => {
    closedReason = reason
    const error = new RpcError('TRANSPORT_CLOSED', `Connection to PLANET closed: ${reason}`).toWire()
    for (const resolve of pending.values()) resolve({ ok: false, error })
    pending.clear()
    listeners.clear()
  })

  return {
    call(method, input) {
      if (closedReason !== null) {
        return Promise.resolve({ ok: false, error: new RpcError('TRANSPORT_CLOSED', `Connection to PLANET closed: ${closedReason}`).toWire() })
      }
      const id = nextId++
      return new Promise<Result>((resolve) => {
        pending.set(id, resolve)
        channel.send({ type: 'call', id, method, input })
      })
    },
    subscribe(event, listener) {
      const id = nextId++
      listeners.set(id, listener)
      if (closedReason === null) channel.send({ type: 'subscribe', id, event })
      return () => {
        if (!listeners.delete(id)) return
        if (closedReason === null) channel.send({ type: 'unsubscribe', id })
      }
    },
    close() {
      channel.close()
    },
  }
}
