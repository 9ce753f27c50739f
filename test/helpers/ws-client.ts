import WebSocket from 'ws'
import type { ClientMessage, ClientTransport, MessageChannel } from '../../shared/rpc'
import { createMessageTransport, RpcClient, WS_PATH, WS_TOKEN_PARAM } from '../../shared/rpc'

/**
 * The browser's side of `planet serve`, played by the `ws` package: tests,
 * integration runs and benches talk to a running server exactly as the
 * renderer does (same envelope, same transport code from shared/rpc).
 * Everything here connects to 127.0.0.1 only.
 */

/** A `ws` socket as the MessageChannel shared/rpc's message transport expects. JSON text frames; bad JSON is dropped. */
export function wsChannel(ws: WebSocket): MessageChannel {
  return {
    send(message: ClientMessage) {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message))
    },
    onMessage(listener) {
      ws.on('message', (data) => {
        let value: unknown
        try {
          value = JSON.parse(String(data))
        } catch {
          return
        }
        listener(value)
      })
    },
    onClose(listener) {
      ws.on('close', (code, reason) => listener(`${code}${reason.length ? ` ${reason.toString()}` : ''}`))
    },
    close() {
      ws.close()
    },
  }
}

export interface ServeAddress {
  /** http://127.0.0.1:PORT */
  origin: string
  token: string
  /** ws://127.0.0.1:PORT/rpc?token=TOKEN */
  wsUrl: string
}

/** Parse the line `planet serve` prints (http://127.0.0.1:PORT/#token=TOKEN) the way the renderer reads location. */
export function parseServeUrl(url: string): ServeAddress {
  const parsed = new URL(url)
  const token = new URLSearchParams(parsed.hash.slice(1)).get(WS_TOKEN_PARAM)
  if (!token) throw new Error(`No token in ${url}`)
  if (parsed.hostname !== '127.0.0.1') throw new Error(`Refusing to connect anywhere but 127.0.0.1: ${url}`)
  return { origin: parsed.origin, token, wsUrl: `ws://${parsed.host}${WS_PATH}?${WS_TOKEN_PARAM}=${encodeURIComponent(token)}` }
}

export interface WsConnectOptions {
  /** Origin header; defaults to the server's own origin (as a browser on the page would send). Pass null to send none. */
  origin?: string | null
  headers?: Record<string, string>
}

/** Open a raw socket; resolves once open, rejects with the HTTP status if the upgrade is refused. */
export function openSocket(wsUrl: string, options: WsConnectOptions = {}): Promise<WebSocket> {
  const url = new URL(wsUrl)
  if (url.hostname !== '127.0.0.1') return Promise.reject(new Error(`Refusing to connect anywhere but 127.0.0.1: ${wsUrl}`))
  const origin = options.origin === undefined ? `http://${url.host}` : options.origin
  const ws = new WebSocket(wsUrl, { ...(origin === null ? {} : { origin }), headers: options.headers, perMessageDeflate: false })
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`Upgrade refused: HTTP ${res.statusCode}`), { status: res.statusCode }))
      res.resume()
      ws.terminate()
    })
    ws.once('error', reject)
  })
}

export interface WsRpc {
  client: RpcClient
  transport: ClientTransport
  ws: WebSocket
  /** Close the socket and wait until it is closed. */
  close(): Promise<void>
}

/** Connect an RpcClient to a running server by its printed URL or its ws:// URL. */
export async function connectRpc(url: string, options: WsConnectOptions = {}): Promise<WsRpc> {
  const wsUrl = url.startsWith('ws://') ? url : parseServeUrl(url).wsUrl
  const ws = await openSocket(wsUrl, options)
  const transport = createMessageTransport(wsChannel(ws))
  return {
    client: new RpcClient(transport),
    transport,
    ws,
    close: () =>
      new Promise<void>((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve()
        ws.once('close', () => resolve())
        ws.close()
      }),
  }
}

/** Resolve with the close code and reason the server sends. */
export function waitForClose(ws: WebSocket): Promise<{ code: number; reason: string }> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve({ code: 1006, reason: '' })
  return new Promise((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })))
}
