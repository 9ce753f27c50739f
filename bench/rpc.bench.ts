import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { WebSocket, WebSocketServer } from 'ws'
import { createAppHandlers } from '../main/core/app/app-handlers'
import { Core } from '../main/core/core'
import { createIdentityHandlers } from '../main/core/identity/identity-handlers'
import type { CallContext } from '../main/core/handler-types'
import { createInProcessTransport } from '../main/transport/in-process'
import { startBrowserServer } from '../main/transport/ws-server'
import { RpcClient } from '../shared/rpc'
import { connectRpc } from '../test/helpers/ws-client'
import type { BenchResult, BenchSuite } from './bench-kit'
import { median } from './bench-kit'

/**
 * What a UI call costs on top of the work it asks for: `app.getInfo` (a
 * handler that does nothing but build a small object) through the whole RPC
 * stack — validation, router, transport — against peers measured in this run:
 * - a direct call of the same handler (the ideal: no RPC at all);
 * - `router.call` (validation and routing, no transport), to split the cost;
 * - a raw `ws` echo of the same envelope over the same loopback (the fair peer
 *   for the WebSocket: a socket round trip has a fixed cost no RPC can avoid).
 * - the same comparison for `identity.get`, a call that does real work (a vault
 *   read), which is what the UI's calls look like.
 * Figures are median microseconds per sequential round trip. As everywhere in
 * bench/, ratio is higher-is-better, so for times it is peer/ours: the goal
 * "ours ≤ 1.25× the peer's time" reads ratio ≥ 0.8.
 */

const GOAL = 1.25
const BATCHES = 9

/**
 * Median µs per sequential call for each candidate. Batches are interleaved
 * (A B C, A B C, …) so a burst of load on a shared machine hits every
 * candidate alike instead of skewing whichever ran during it.
 */
async function perCallMicros<K extends string>(candidates: Record<K, { iterations: number; fn: () => unknown }>): Promise<Record<K, number>> {
  const entries = Object.entries(candidates) as Array<[K, { iterations: number; fn: () => unknown }]>
  for (const [, { iterations, fn }] of entries) for (let i = 0; i < Math.min(iterations, 2000); i++) await fn() // warm-up
  const samples = new Map<K, number[]>(entries.map(([name]) => [name, []]))
  for (let batch = 0; batch < BATCHES; batch++) {
    for (const [name, { iterations, fn }] of entries) {
      const start = process.hrtime.bigint()
      for (let i = 0; i < iterations; i++) await fn()
      samples.get(name)!.push(Number(process.hrtime.bigint() - start) / 1e3 / iterations)
    }
  }
  return Object.fromEntries(entries.map(([name]) => [name, median(samples.get(name)!)])) as Record<K, number>
}

function row(name: string, value: number, peerName: string, peerValue: number, goal = true): BenchResult {
  const ratio = peerValue / value
  return {
    name,
    value: round(value),
    unit: 'µs/call',
    peerName,
    peerValue: round(peerValue),
    ratio: round(ratio),
    ...(goal ? { goal: `>= ${round(1 / GOAL)}x (<= ${GOAL}x peer time)`, met: ratio >= 1 / GOAL } : {}),
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000
}

/** A bare `ws` server on 127.0.0.1 that echoes every text message: the floor for any request/response over WebSocket. */
async function startEchoServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false })
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()))
  wss.on('connection', (ws) => ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary })))
  const address = wss.address()
  if (address === null || typeof address === 'string') throw new Error('the echo server has no TCP address')
  return { url: `ws://127.0.0.1:${address.port}`, close: () => new Promise((resolve) => wss.close(() => resolve())) }
}

const suite: BenchSuite = {
  name: 'rpc round trip',
  async run() {
    const dir = await mkdtemp(join(tmpdir(), 'planet-bench-rpc-'))
    const staticDir = join(dir, 'static')
    await mkdir(staticDir)
    await writeFile(join(staticDir, 'index.html'), '<!doctype html>')
    const info = { host: 'test' as const, version: '0.0.0-bench', dataDir: join(dir, 'data') }
    // A cheap KDF: unlock cost is vault.bench's subject, not this one's.
    const core = new Core({ ...info, log: () => undefined, kdf: { N: 1024, r: 8, p: 1 } })
    await core.ready()
    const server = await startBrowserServer({ core, staticDir, port: 0 })
    const echo = await startEchoServer()
    const ctx: CallContext = { transport: 'in-process' }
    try {
      const handler = createAppHandlers(info)['app.getInfo']
      const inProcess = new RpcClient(createInProcessTransport(core.router))
      const ws = await connectRpc(server.url)
      const echoSocket = new WebSocket(echo.url, { perMessageDeflate: false })
      await new Promise((resolve, reject) => echoSocket.once('open', resolve).once('error', reject))
      let echoId = 0
      const echoRoundTrip = (): Promise<unknown> =>
        new Promise((resolve) => {
          // The same envelope both ways, serialised and parsed on each side as the RPC does.
          echoSocket.once('message', (data) => resolve(JSON.parse(String(data))))
          echoSocket.send(JSON.stringify({ type: 'call', id: ++echoId, method: 'app.getInfo', input: {} }))
        })

      const { direct, router, inProc } = await perCallMicros({
        direct: { iterations: 50_000, fn: () => handler({}, ctx) },
        router: { iterations: 10_000, fn: () => core.router.call('app.getInfo', {}, ctx) },
        inProc: { iterations: 10_000, fn: () => inProcess.call('app.getInfo', {}) },
      })
      const { raw, overWs } = await perCallMicros({
        raw: { iterations: 1_000, fn: echoRoundTrip },
        overWs: { iterations: 1_000, fn: () => ws.client.call('app.getInfo', {}) },
      })

      // A representative call: identity.get reads the vault and builds the summary.
      // Its direct peer is the same handler code on the same vault, without the RPC stack.
      await inProcess.call('identity.create', { passphrase: 'bench passphrase', displayName: 'Bench' })
      const identityGet = createIdentityHandlers(core.services)['identity.get']
      const real = await perCallMicros({
        direct: { iterations: 5_000, fn: () => identityGet({}, ctx) },
        routed: { iterations: 5_000, fn: () => core.router.call('identity.get', {}, ctx) },
        inProc: { iterations: 5_000, fn: () => inProcess.call('identity.get', {}) },
        overWs: { iterations: 1_000, fn: () => ws.client.call('identity.get', {}) },
      })

      echoSocket.close()
      await ws.close()
      return [
        row('router.call (identity.get): validation + routing', real.routed, 'direct handler call', real.direct),
        row('in-process RPC (identity.get)', real.inProc, 'direct handler call', real.direct),
        row('WebSocket RPC (identity.get)', real.overWs, 'direct handler call', real.direct),
        row('in-process RPC (app.getInfo)', inProc, 'direct handler call', direct),
        row('in-process transport only', inProc, 'router.call, no transport', router),
        row('WebSocket RPC (app.getInfo)', overWs, 'raw ws echo, same envelope', raw),
        row('WebSocket RPC (app.getInfo)', overWs, 'direct handler call', direct),
      ]
    } finally {
      await echo.close()
      await server.close()
      await core.close()
      await rm(dir, { recursive: true, force: true })
    }
  },
}

export default suite
