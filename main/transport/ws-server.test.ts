import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { WS_PATH } from '../../shared/rpc'
import { createTestCore } from '../../test/helpers/core'
import { createFakeRouter } from '../../test/helpers/fake-router'
import type { FakeRouter } from '../../test/helpers/fake-router'
import { connectRpc, openSocket, parseServeUrl, waitForClose } from '../../test/helpers/ws-client'
import type { BrowserServer } from './ws-server'
import { CONTENT_SECURITY_POLICY, createToken, resolveStaticPath, startBrowserServer, tokenMatches } from './ws-server'

const INDEX_HTML = '<!doctype html><title>PLANET</title><script type="module" src="./assets/app.js"></script>'
const SECRET = 'TOP-SECRET-PACKAGE-JSON'

let root: string
let staticDir: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'planet-ws-'))
  staticDir = join(root, 'renderer')
  await mkdir(join(staticDir, 'assets'), { recursive: true })
  await writeFile(join(staticDir, 'index.html'), INDEX_HTML)
  await writeFile(join(staticDir, 'assets', 'app.js'), 'console.log("planet")')
  await writeFile(join(staticDir, 'assets', 'style.css'), 'body{}')
  await writeFile(join(staticDir, '.env'), SECRET)
  await writeFile(join(root, 'package.json'), SECRET)
  await symlink(join(root, 'package.json'), join(staticDir, 'assets', 'escape.js'))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

const servers: BrowserServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()))
})

async function start(fake: FakeRouter = createFakeRouter(), extra: { maxPayload?: number } = {}) {
  const server = await startBrowserServer({ router: fake.router, staticDir, port: 0, ...extra })
  servers.push(server)
  return { server, fake }
}

interface RawResponse {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** An HTTP request with the path sent exactly as given (no normalisation), always to 127.0.0.1. */
function get(server: BrowserServer, path: string, options: { method?: string; host?: string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: server.port, path, method: options.method ?? 'GET', headers: { host: options.host ?? `127.0.0.1:${server.port}` } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

async function refusedStatus(promise: Promise<unknown>): Promise<number | undefined> {
  try {
    const ws = await promise
    ;(ws as WebSocket).terminate()
    return undefined
  } catch (error) {
    return (error as { status?: number }).status
  }
}

describe('startBrowserServer: address and token', () => {
  it('listens on 127.0.0.1 only and prints the fixed URL format', async () => {
    const { server } = await start()
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=${server.token}`)
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{43}$/)
    expect(server.wsUrl).toBe(`ws://127.0.0.1:${server.port}${WS_PATH}?token=${server.token}`)
    expect(parseServeUrl(server.url)).toEqual({ origin: server.origin, token: server.token, wsUrl: server.wsUrl })
  })

  it('makes a fresh 32-byte base64url token per run and compares tokens exactly', async () => {
    const a = createToken()
    expect(Buffer.from(a, 'base64url')).toHaveLength(32)
    expect(createToken()).not.toBe(a)
    expect(tokenMatches(a, a)).toBe(true)
    expect(tokenMatches(a.slice(1), a)).toBe(false)
    expect(tokenMatches(`${a}x`, a)).toBe(false)
    expect(tokenMatches('', a)).toBe(false)
    expect(tokenMatches(null, a)).toBe(false)
    const { server: one } = await start()
    const { server: two } = await start()
    expect(one.token).not.toBe(two.token)
  })

  it('refuses a bad port or token up front', async () => {
    const { router } = createFakeRouter()
    await expect(startBrowserServer({ router, staticDir, port: 70000 })).rejects.toThrow(/Port/)
    await expect(startBrowserServer({ router, staticDir, token: 'short' })).rejects.toThrow(/token/)
    await expect(startBrowserServer({ staticDir })).rejects.toThrow(/router/)
  })

  it('reports a port already in use', async () => {
    const { server } = await start()
    const { router } = createFakeRouter()
    await expect(startBrowserServer({ router, staticDir, port: server.port })).rejects.toThrow(/EADDRINUSE/)
  })
})

describe('startBrowserServer: WebSocket admission', () => {
  it('refuses a missing or wrong token with 401', async () => {
    const { server } = await start()
    const base = `ws://127.0.0.1:${server.port}${WS_PATH}`
    expect(await refusedStatus(openSocket(base))).toBe(401)
    expect(await refusedStatus(openSocket(`${base}?token=`))).toBe(401)
    expect(await refusedStatus(openSocket(`${base}?token=${createToken()}`))).toBe(401)
    expect(await refusedStatus(openSocket(`${base}?token=${server.token.slice(0, -1)}`))).toBe(401)
    expect(server.connectionCount).toBe(0)
  })

  it('refuses a foreign or missing Origin with 403', async () => {
    const { server } = await start()
    expect(await refusedStatus(openSocket(server.wsUrl, { origin: 'http://evil.example' }))).toBe(403)
    expect(await refusedStatus(openSocket(server.wsUrl, { origin: null }))).toBe(403)
    expect(await refusedStatus(openSocket(server.wsUrl, { origin: 'null' }))).toBe(403)
    expect(await refusedStatus(openSocket(server.wsUrl, { origin: `http://127.0.0.1:${server.port + 1}` }))).toBe(403)
    expect(await refusedStatus(openSocket(server.wsUrl, { origin: `https://127.0.0.1:${server.port}` }))).toBe(403)
    expect(server.connectionCount).toBe(0)
  })

  it('refuses a Host that is not this server (DNS rebinding) with 403', async () => {
    const { server } = await start()
    const status = await refusedStatus(openSocket(server.wsUrl, { origin: 'http://rebound.example:' + server.port, headers: { Host: `rebound.example:${server.port}` } }))
    expect(status).toBe(403)
    const sameOrigin = await refusedStatus(openSocket(server.wsUrl, { headers: { Host: `rebound.example:${server.port}` } }))
    expect(sameOrigin).toBe(403)
  })

  it('refuses other paths with 404', async () => {
    const { server } = await start()
    expect(await refusedStatus(openSocket(`ws://127.0.0.1:${server.port}/other?token=${server.token}`))).toBe(404)
  })

  it('accepts the right token with the server’s own origin, as 127.0.0.1 or localhost', async () => {
    const { server } = await start()
    const a = await connectRpc(server.url)
    expect(await a.client.call('app.getInfo', {})).toMatchObject({ name: 'PLANET' })
    const b = await connectRpc(server.wsUrl, { origin: `http://localhost:${server.port}`, headers: { Host: `localhost:${server.port}` } })
    expect(await b.client.call('vault.getStatus', {})).toEqual({ state: 'none', autoLockMinutes: null })
    await a.close()
    await b.close()
  })
})

describe('startBrowserServer: RPC over WebSocket', () => {
  it('answers calls with the ws call context and typed errors', async () => {
    const { server, fake } = await start()
    const rpc = await connectRpc(server.url)
    expect(await rpc.client.call('app.getInfo', {})).toEqual({ name: 'PLANET', version: '0.0.0-test', host: 'test', dataDir: '/nowhere' })
    expect(fake.calls.at(-1)?.ctx).toEqual({ transport: 'ws' })
    expect(await rpc.client.try('vault.setAutoLock', { minutes: -5 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await rpc.transport.call('no.such', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    await rpc.close()
  })

  it('delivers events over the socket and stops after unsubscribe', async () => {
    const { server, fake } = await start()
    const rpc = await connectRpc(server.url)
    const seen: unknown[] = []
    const unsubscribe = rpc.client.subscribe('vault.onLocked', (payload) => seen.push(payload))
    await rpc.client.call('vault.lock', {})
    await expect.poll(() => seen).toEqual([{ reason: 'manual' }])
    unsubscribe()
    // The unsubscribe travels before this call on the same ordered socket.
    await rpc.client.call('vault.lock', {})
    await rpc.client.call('app.getInfo', {})
    expect(seen).toEqual([{ reason: 'manual' }])
    expect(fake.events.listenerCount('vault.onLocked')).toBe(0)
    await rpc.close()
  })

  it('drops every subscription when the socket closes', async () => {
    const { server, fake } = await start()
    const rpc = await connectRpc(server.url)
    rpc.client.subscribe('vault.onLocked', () => undefined)
    rpc.client.subscribe('vault.onUnlocked', () => undefined)
    await rpc.client.call('app.getInfo', {})
    expect(fake.events.listenerCount('vault.onLocked')).toBe(1)
    await rpc.close()
    await expect.poll(() => fake.events.listenerCount('vault.onLocked') + fake.events.listenerCount('vault.onUnlocked')).toBe(0)
  })

  it('answers garbage envelopes with BAD_ENVELOPE or silence and keeps the connection', async () => {
    const { server } = await start()
    const ws = await openSocket(server.wsUrl)
    const replies: unknown[] = []
    ws.on('message', (data) => replies.push(JSON.parse(String(data))))
    ws.send(JSON.stringify({ type: 'launch', id: 5 }))
    ws.send(JSON.stringify({ hello: 'world' }))
    ws.send(JSON.stringify([1, 2, 3]))
    ws.send('42')
    ws.send('null')
    ws.send(JSON.stringify({ type: 'call', id: 6, method: 'app.getInfo', input: {} }))
    await expect.poll(() => replies.length).toBe(2)
    expect(replies[0]).toMatchObject({ type: 'result', id: 5, ok: false, error: { code: 'BAD_ENVELOPE' } })
    expect(replies[1]).toMatchObject({ type: 'result', id: 6, ok: true })
    expect(ws.readyState).toBe(WebSocket.OPEN)
    ws.close()
  })

  it('closes a socket that sends invalid JSON or binary with a policy code, and keeps serving others', async () => {
    const { server } = await start()
    const other = await connectRpc(server.url)
    const bad = await openSocket(server.wsUrl)
    const closed = waitForClose(bad)
    bad.send('{not json')
    expect((await closed).code).toBe(1008)
    const binary = await openSocket(server.wsUrl)
    const binaryClosed = waitForClose(binary)
    binary.send(Buffer.from([1, 2, 3]))
    expect((await binaryClosed).code).toBe(1003)
    expect(await other.client.call('app.getInfo', {})).toMatchObject({ name: 'PLANET' })
    await other.close()
  })

  it('closes a socket whose message exceeds maxPayload with 1009', async () => {
    const { server } = await start(createFakeRouter(), { maxPayload: 1024 })
    const ws = await openSocket(server.wsUrl)
    const closed = waitForClose(ws)
    ws.send(JSON.stringify({ type: 'call', id: 1, method: 'app.getInfo', input: { pad: 'x'.repeat(4096) } }))
    expect((await closed).code).toBe(1009)
    const fresh = await connectRpc(server.url)
    expect(await fresh.client.call('app.getInfo', {})).toMatchObject({ name: 'PLANET' })
    await fresh.close()
  })

  it('fails pending calls and closes sockets when the server closes', async () => {
    const { server } = await start(createFakeRouter({ 'vault.getStatus': () => new Promise(() => undefined) }))
    const rpc = await connectRpc(server.url)
    const pending = rpc.transport.call('vault.getStatus', {})
    await rpc.client.call('app.getInfo', {})
    await server.close()
    expect(await pending).toMatchObject({ ok: false, error: { code: 'TRANSPORT_CLOSED' } })
    await server.close() // idempotent
  })
})

describe('startBrowserServer with a real Core', () => {
  it('creates an identity, delivers vault events and keeps the vault locked to other callers after lock', async () => {
    const test = await createTestCore()
    const server = await startBrowserServer({ core: test.core, staticDir, port: 0 })
    servers.push(server)
    try {
      const rpc = await connectRpc(server.url)
      const seen: string[] = []
      rpc.client.subscribe('vault.onUnlocked', () => seen.push('unlocked'))
      rpc.client.subscribe('vault.onLocked', ({ reason }) => seen.push(`locked:${reason}`))
      expect(await rpc.client.call('vault.getStatus', {})).toEqual({ state: 'none', autoLockMinutes: null })
      const created = await rpc.client.call('identity.create', { passphrase: 'correct horse battery staple', displayName: 'Ada' })
      expect(created.phrase).toHaveLength(24)
      expect(await rpc.client.call('identity.get', {})).toMatchObject({ profile: { displayName: 'Ada' } })
      await rpc.client.call('vault.lock', {})
      await expect.poll(() => seen).toEqual(['unlocked', 'locked:manual'])
      // A second browser tab sees the same core, locked.
      const other = await connectRpc(server.url)
      expect(await other.client.try('identity.get', {})).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } })
      await other.close()
      await rpc.close()
    } finally {
      await server.close()
      await test.cleanup()
    }
  })
})

describe('startBrowserServer: static files', () => {
  it('serves index.html with the CSP and security headers, never cached', async () => {
    const { server } = await start()
    const res = await get(server, '/')
    expect(res.status).toBe(200)
    expect(res.body).toBe(INDEX_HTML)
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self' ws://127.0.0.1:*; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'",
    )
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    expect(res.headers['cache-control']).toBe('no-store')
    expect((await get(server, '/index.html')).headers['cache-control']).toBe('no-store')
  })

  it('serves assets with their content types', async () => {
    const { server } = await start()
    const js = await get(server, '/assets/app.js')
    expect(js.status).toBe(200)
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(js.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    expect((await get(server, '/assets/style.css?v=1')).headers['content-type']).toBe('text/css; charset=utf-8')
    const head = await get(server, '/assets/app.js', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.body).toBe('')
  })

  it('falls back to index.html for client-side routes, but 404s a missing asset', async () => {
    const { server } = await start()
    const route = await get(server, '/contacts/123')
    expect(route.status).toBe(200)
    expect(route.body).toBe(INDEX_HTML)
    expect(route.headers['cache-control']).toBe('no-store')
    expect((await get(server, '/settings/')).body).toBe(INDEX_HTML)
    expect((await get(server, '/assets/missing.js')).status).toBe(404)
    expect((await get(server, '/favicon.ico')).status).toBe(404)
  })

  it.each([
    '/../package.json',
    '/assets/../../package.json',
    '/%2e%2e/package.json',
    '/%2E%2E/package.json',
    '/assets/%2e%2e/%2e%2e/package.json',
    '/..%2fpackage.json',
    '/..%5cpackage.json',
    '/%2e%2e%2fpackage.json',
    '/assets%2f..%2f..%2fpackage.json',
    '/%00',
    '/index.html%00.js',
    '/%zz',
    '//etc/passwd',
    '/.env',
    '/assets/.%2e/.env',
    '/%2eenv',
    '/assets/escape.js',
    'package.json',
    '*',
  ])('refuses %s', async (path) => {
    const { server } = await start()
    const res = await get(server, path)
    expect([400, 403, 404]).toContain(res.status)
    expect(res.body).not.toContain(SECRET)
    // Targets without a leading slash are refused by Node's HTTP parser before our handler runs.
    if (path.startsWith('/')) expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
  })

  it('refuses a foreign Host header (DNS rebinding) on plain HTTP too', async () => {
    const { server } = await start()
    expect((await get(server, '/', { host: `evil.example:${server.port}` })).status).toBe(403)
    expect((await get(server, '/', { host: 'evil.example' })).status).toBe(403)
    expect((await get(server, '/', { host: `localhost:${server.port}` })).status).toBe(200)
  })

  it('allows only GET and HEAD', async () => {
    const { server } = await start()
    const res = await get(server, '/', { method: 'POST' })
    expect(res.status).toBe(405)
    expect(res.headers.allow).toBe('GET, HEAD')
  })
})

describe('resolveStaticPath', () => {
  it('maps safe paths inside the root and refuses everything else', () => {
    expect(resolveStaticPath('/srv/app', '/assets/a.js')).toEqual({ kind: 'file', path: '/srv/app/assets/a.js', segments: ['assets', 'a.js'] })
    expect(resolveStaticPath('/srv/app', '/')).toEqual({ kind: 'file', path: '/srv/app', segments: [] })
    expect(resolveStaticPath('/srv/app', '/a%20b.js?x=1#y')).toMatchObject({ kind: 'file', path: '/srv/app/a b.js' })
    expect(resolveStaticPath('/srv/app', '/../x')).toEqual({ kind: 'refused', status: 400 })
    expect(resolveStaticPath('/srv/app', '/a/%2e%2e/%2e%2e/x')).toEqual({ kind: 'refused', status: 400 })
    expect(resolveStaticPath('/srv/app', '/.git/config')).toEqual({ kind: 'refused', status: 404 })
    expect(resolveStaticPath('/srv/app', 'http://evil/')).toEqual({ kind: 'refused', status: 400 })
  })
})
