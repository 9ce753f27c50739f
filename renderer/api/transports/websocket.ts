import type { ClientTransport } from '../../../shared/rpc/client'
import type { MessageChannel } from '../../../shared/rpc/message-transport'
import { createMessageTransport } from '../../../shared/rpc/message-transport'

/** Why a socket closed, as far as a browser is allowed to know. */
export interface CloseInfo {
  code: number
  reason: string
}

export interface WebSocketConnection {
  transport: ClientTransport
  /** Called once when the socket closes after it was open. */
  onClose(listener: (info: CloseInfo) => void): void
}

export interface OpenWebSocketOptions {
  /** Give up on a socket that neither opens nor fails (a stalled server). */
  timeoutMs?: number
  /** For tests. */
  WebSocketImpl?: typeof WebSocket
}

/** The browser-mode channel: JSON text frames both ways; anything unparsable is dropped. */
export function webSocketChannel(socket: WebSocket): MessageChannel {
  return {
    send(message) {
      socket.send(JSON.stringify(message))
    },
    onMessage(listener) {
      socket.addEventListener('message', (event: MessageEvent) => {
        if (typeof event.data !== 'string') return
        let parsed: unknown
        try {
          parsed = JSON.parse(event.data)
        } catch {
          return
        }
        listener(parsed)
      })
    },
    onClose(listener) {
      socket.addEventListener('close', (event: CloseEvent) => listener(describeClose(event)))
    },
    close() {
      socket.close(1000, 'closed by the app')
    },
  }
}

/**
 * Opens the WebSocket to `planet serve` and resolves once it is open, or
 * rejects with a CloseInfo if it closes or stalls first (server gone, token
 * refused: browsers do not tell those apart).
 */
export function openWebSocket(url: string, options: OpenWebSocketOptions = {}): Promise<WebSocketConnection> {
  const Impl = options.WebSocketImpl ?? WebSocket
  const timeoutMs = options.timeoutMs ?? 10_000
  return new Promise((resolve, reject) => {
    let socket: WebSocket
    try {
      socket = new Impl(url)
    } catch (error) {
      reject({ code: 0, reason: error instanceof Error ? error.message : String(error) } satisfies CloseInfo)
      return
    }
    // Built now so its close handler is registered before any close can happen.
    const transport = createMessageTransport(webSocketChannel(socket))
    let opened = false
    const timer = setTimeout(() => {
      if (opened) return
      socket.close()
      reject({ code: 0, reason: 'timed out' } satisfies CloseInfo)
    }, timeoutMs)

    socket.addEventListener('open', () => {
      opened = true
      clearTimeout(timer)
      const closeListeners: Array<(info: CloseInfo) => void> = []
      socket.addEventListener('close', (event: CloseEvent) => {
        for (const listener of closeListeners) listener({ code: event.code, reason: describeClose(event) })
      })
      resolve({ transport, onClose: (listener) => closeListeners.push(listener) })
    })
    socket.addEventListener('close', (event: CloseEvent) => {
      if (opened) return
      clearTimeout(timer)
      reject({ code: event.code, reason: describeClose(event) } satisfies CloseInfo)
    })
  })
}

function describeClose(event: CloseEvent): string {
  return event.reason || `code ${event.code}`
}
