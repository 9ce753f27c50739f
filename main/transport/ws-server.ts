import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { readFile, realpath, stat } from 'node:fs/promises'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer, STATUS_CODES } from 'node:http'
import type { Duplex } from 'node:stream'
import { extname, join, resolve, sep } from 'node:path'
import type { RawData } from 'ws'
import { WebSocket, WebSocketServer } from 'ws'
import type { Router } from '../../shared/rpc'
import { WS_PATH, WS_TOKEN_PARAM } from '../../shared/rpc'
import type { CallContext } from '../core/handler-types'
import { contentTypeFor, resolveRendererPath } from './renderer-files'
import { createSession } from './session'

/**
 * Browser mode (`planet serve`): one HTTP server on 127.0.0.1 that serves the
 * built renderer and carries the RPC protocol over a WebSocket at WS_PATH.
 *
 * Who may talk to the core — every check runs before a WebSocket exists:
 * - only loopback: the server binds 127.0.0.1 and nothing else;
 * - Host must name this server (127.0.0.1:PORT or localhost:PORT), so a page
 *   on a rebound DNS name cannot read the app or reach the socket;
 * - Origin must be this server's own origin, so no other site (nor another
 *   local page) can open the socket from a victim's browser (403);
 * - the per-run token (32 random bytes, base64url) must be in the socket URL
 *   (401). It reaches the page in the URL *fragment* printed at start-up,
 *   `http://127.0.0.1:PORT/#token=TOKEN`, which browsers never send to a server.
 */
export interface BrowserServerOptions {
  /** The router to serve; or pass `core` and its router is used. */
  router?: Router<CallContext>
  core?: { readonly router: Router<CallContext> }
  /** The built renderer (out/renderer): index.html and its assets. */
  staticDir: string
  /** 0 (the default) picks a free port. */
  port?: number
  /** Fixed token for tests; by default 32 fresh random bytes per run. */
  token?: string
  /** Largest WebSocket message accepted, in bytes; bigger ones close the socket with 1009. */
  maxPayload?: number
  /** Unexpected server-side errors (never client mistakes) are reported here. */
  onError?: (error: unknown) => void
}

export interface BrowserServer {
  /** What `planet serve` prints: http://127.0.0.1:PORT/#token=TOKEN */
  readonly url: string
  /** http://127.0.0.1:PORT */
  readonly origin: string
  /** ws://127.0.0.1:PORT/rpc?token=TOKEN */
  readonly wsUrl: string
  readonly port: number
  readonly token: string
  /** Open WebSocket connections, for tests and diagnostics. */
  readonly connectionCount: number
  /** Stop listening, close every socket, and resolve once the server is down. Idempotent. */
  close(): Promise<void>
}

export const LOOPBACK_HOST = '127.0.0.1'
export const DEFAULT_MAX_PAYLOAD = 16 * 1024 * 1024

/** WebSocket close codes the server uses (RFC 6455 §7.4.1). */
export const WS_CLOSE = {
  goingAway: 1001,
  unsupportedData: 1003,
  policyViolation: 1008,
  messageTooBig: 1009,
} as const

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ')

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
}


const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,256}$/

/** A fresh per-run token: 32 random bytes, base64url (43 characters, safe in a URL fragment and query). */
export function createToken(): string {
  return randomBytes(32).toString('base64url')
}

/** Compare a presented token with the expected one in constant time, whatever their lengths. */
export function tokenMatches(presented: string | null | undefined, expected: string): boolean {
  if (typeof presented !== 'string') return false
  const a = createHash('sha256').update(presented).digest()
  const b = createHash('sha256').update(expected).digest()
  return timingSafeEqual(a, b)
}

/**
 * Map a request target to a file path under `root`, or refuse it. Pure, so
 * the path rules are tested on their own. Refused: anything not starting with
 * `/`, bad percent-encoding, `.`/`..` segments (raw or encoded), encoded
 * slashes or backslashes, NUL and other control characters, and dotfiles.
 */
export type StaticTarget =
  | { kind: 'file'; path: string; segments: string[] }
  | { kind: 'refused'; status: 400 | 404 }

export function resolveStaticPath(root: string, target: string): StaticTarget {
  const result = resolveRendererPath(root, target.split(/[?#]/, 1)[0]!)
  return result.ok ? { kind: 'file', path: result.path, segments: result.segments } : { kind: 'refused', status: result.status }
}

/** Start the browser-mode server on 127.0.0.1. Resolves once it listens. */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const router = options.router ?? options.core?.router
  if (!router) throw new TypeError('startBrowserServer needs a router or a core')
  const token = options.token ?? createToken()
  if (!TOKEN_PATTERN.test(token)) throw new TypeError('The server token must be 16–256 base64url characters')
  const requestedPort = options.port ?? 0
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
    throw new RangeError(`Port must be an integer from 0 to 65535, got ${requestedPort}`)
  }
  const onError = options.onError ?? (() => undefined)
  const staticRoot = resolve(options.staticDir)
  let staticRealRoot: string | null = null

  const server = createServer({ requestTimeout: 30_000, headersTimeout: 10_000 })
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.maxPayload ?? DEFAULT_MAX_PAYLOAD,
    // Compression on a loopback socket costs CPU for nothing and widens the attack surface.
    perMessageDeflate: false,
    clientTracking: true,
  })

  let closing: Promise<void> | null = null
  let allowedHosts = new Set<string>()
  let allowedOrigins = new Set<string>()

  server.on('request', (req, res) => {
    handleHttp(req, res).catch((error: unknown) => {
      onError(error)
      if (!res.headersSent) sendStatus(res, 500)
      else res.destroy()
    })
  })

  server.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy())
    try {
      handleUpgrade(req, socket, head)
    } catch (error) {
      onError(error)
      rejectUpgrade(socket, 500)
    }
  })

  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
    else socket.destroy()
  })

  function hostAllowed(req: IncomingMessage): boolean {
    const host = req.headers.host
    return typeof host === 'string' && allowedHosts.has(host.toLowerCase())
  }

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!hostAllowed(req)) return sendStatus(res, 403, 'This address is not PLANET’s. Use the address `planet serve` printed.\n')
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD')
      return sendStatus(res, 405)
    }
    const target = resolveStaticPath(staticRoot, req.url ?? '')
    if (target.kind === 'refused') return sendStatus(res, target.status)
    if (target.segments.length === 0) return sendIndex(req, res)
    const file = await regularFileInside(target.path)
    if (file) return sendFile(req, res, file, target.path, target.path === join(staticRoot, 'index.html'))
    // Client-side routes (no extension) get the app; a missing asset is a real 404.
    const last = target.segments[target.segments.length - 1]!
    if (extname(last) !== '') return sendStatus(res, 404)
    return sendIndex(req, res)
  }

  async function sendIndex(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const index = join(staticRoot, 'index.html')
    const file = await regularFileInside(index)
    if (!file) return sendStatus(res, 404, 'PLANET’s interface is not built: run `npm run build`.\n')
    return sendFile(req, res, file, index, true)
  }

  /** The real path of `path` if it is a regular file that stays inside the static root after symlinks. */
  async function regularFileInside(path: string): Promise<string | null> {
    try {
      staticRealRoot ??= await realpath(staticRoot)
      const real = await realpath(path)
      if (!real.startsWith(staticRealRoot + sep)) return null
      const info = await stat(real)
      return info.isFile() ? real : null
    } catch {
      return null
    }
  }

  async function sendFile(req: IncomingMessage, res: ServerResponse, file: string, requested: string, isIndex: boolean): Promise<void> {
    const body = await readFile(file)
    setSecurityHeaders(res)
    res.statusCode = 200
    res.setHeader('Content-Type', contentTypeFor(requested))
    res.setHeader('Content-Length', body.length)
    // The port, so the origin, changes every run: caching buys little. index.html must never be stale.
    res.setHeader('Cache-Control', isIndex ? 'no-store' : 'no-cache')
    res.end(req.method === 'HEAD' ? undefined : body)
  }

  function handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (!hostAllowed(req)) return rejectUpgrade(socket, 403)
    let url: URL
    try {
      url = new URL(req.url ?? '', 'http://127.0.0.1')
    } catch {
      return rejectUpgrade(socket, 400)
    }
    if (url.pathname !== WS_PATH) return rejectUpgrade(socket, 404)
    if (!tokenMatches(url.searchParams.get(WS_TOKEN_PARAM), token)) return rejectUpgrade(socket, 401)
    const origin = req.headers.origin
    if (typeof origin !== 'string' || !allowedOrigins.has(origin.toLowerCase())) return rejectUpgrade(socket, 403)
    if (closing) return rejectUpgrade(socket, 503)
    wss.handleUpgrade(req, socket, head, (ws) => onConnection(ws))
  }

  function onConnection(ws: WebSocket): void {
    const session = createSession(router!, { transport: 'ws' }, (message) => {
      if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message))
    })
    ws.on('message', (data: RawData, isBinary: boolean) => {
      if (isBinary) return ws.close(WS_CLOSE.unsupportedData, 'PLANET speaks JSON text messages')
      let value: unknown
      try {
        value = JSON.parse(rawToString(data))
      } catch {
        return ws.close(WS_CLOSE.policyViolation, 'invalid JSON')
      }
      session.receive(value)
    })
    // `ws` reports protocol errors (e.g. a message over maxPayload) here and closes the socket itself.
    ws.on('error', () => undefined)
    ws.on('close', () => session.close())
  }

  await new Promise<void>((resolveListen, rejectListen) => {
    const onListenError = (error: Error): void => rejectListen(error)
    server.once('error', onListenError)
    server.listen({ port: requestedPort, host: LOOPBACK_HOST, exclusive: true }, () => {
      server.off('error', onListenError)
      resolveListen()
    })
  })
  server.on('error', onError)

  const address = server.address()
  if (address === null || typeof address === 'string') throw new Error('The server has no TCP address')
  const port = address.port
  const origin = `http://${LOOPBACK_HOST}:${port}`
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`, ...(port === 80 ? ['127.0.0.1', 'localhost'] : [])])
  allowedOrigins = new Set([origin, `http://localhost:${port}`, ...(port === 80 ? ['http://127.0.0.1', 'http://localhost'] : [])])

  return {
    url: `${origin}/#${WS_TOKEN_PARAM}=${token}`,
    origin,
    wsUrl: `ws://${LOOPBACK_HOST}:${port}${WS_PATH}?${WS_TOKEN_PARAM}=${token}`,
    port,
    token,
    get connectionCount() {
      return wss.clients.size
    },
    close() {
      closing ??= (async () => {
        const serverClosed = new Promise<void>((done) => server.close(() => done()))
        const sockets = [...wss.clients]
        for (const ws of sockets) ws.close(WS_CLOSE.goingAway, 'PLANET is shutting down')
        // Give clients a moment to answer the close frame, then cut whatever is left.
        await Promise.race([Promise.all(sockets.map(waitClosed)), delay(1000)])
        for (const ws of wss.clients) ws.terminate()
        server.closeAllConnections()
        await new Promise<void>((done) => wss.close(() => done()))
        await serverClosed
      })()
      return closing
    },
  }
}

function setSecurityHeaders(res: ServerResponse): void {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value)
}

function sendStatus(res: ServerResponse, status: number, body = `${STATUS_CODES[status] ?? 'Error'}\n`): void {
  setSecurityHeaders(res)
  res.statusCode = status
  res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  res.setHeader('Content-Length', Buffer.byteLength(body))
  res.setHeader('Cache-Control', 'no-store')
  res.end(body)
}

/** Answer a refused upgrade with a plain HTTP status and drop the socket; no WebSocket ever exists. */
function rejectUpgrade(socket: Duplex, status: number): void {
  const reason = STATUS_CODES[status] ?? 'Error'
  if (!socket.writable) return void socket.destroy()
  socket.once('finish', () => socket.destroy())
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${reason.length}\r\n\r\n${reason}`)
}

function rawToString(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  if (data instanceof ArrayBuffer) return Buffer.from(data).toString('utf8')
  return data.toString('utf8')
}

function waitClosed(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve()
  return new Promise((done) => ws.once('close', () => done()))
}

function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms).unref())
}
