import Corestore from 'corestore'
import type Hypercore from 'hypercore'
import HyperDHT from 'hyperdht'
import Hyperswarm from 'hyperswarm'
import type { SwarmConnection } from 'hyperswarm'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Space } from '../main/core/spaces/space'
import type { TestCore } from '../test/helpers/core'
import { installNetworkGuard } from '../test/helpers/network-guard'
import { connect, createPerson, waitFor } from '../test/helpers/people'
import type { Testnet } from '../test/helpers/testnet'
import { startTestnet } from '../test/helpers/testnet'
import type { BenchResult, BenchSuite, IoStats } from './bench-kit'
import { ioText, median, storeStats } from './bench-kit'

/**
 * What the DM engine (Autobase space → apply → SQLCipher projection) costs on
 * top of moving its bytes, against raw hypercore replication measured in this
 * run, on a loopback hyperdht testnet (every socket on 127.0.0.1; the test
 * network guard is installed and PLANET_TEST=1 is set while the suite runs):
 *
 * 1. Catch-up: Ben's swarm is suspended (every connection dropped, as a
 *    laptop lid closing), Ada writes CATCHUP_MESSAGES messages, Ben resumes.
 *    Timed from the moment Ben's swarm has a connection again until Ben's
 *    vault holds every message (the event the UI listens to, then a vault
 *    check). The peer: a plain Corestore replicating one hypercore with the
 *    same number of blocks and the same total bytes as Ada's writer core
 *    gained, over hyperswarm on the same testnet, timed from the reader's
 *    connection until `download().done()`; the median of RAW_CATCHUP_ROUNDS
 *    fresh readers, run before ours (Ben offline) and after it (once both
 *    sides have signed everything), so neither side gets the quiet machine.
 *    Goal ≥ 0.9× (ours ≤ 1.1× its time). The same two times from resume /
 *    join (rediscovery included) are reported too, without a goal: that part
 *    is hyperswarm's, not ours. The log adds RocksDB batches per block.
 * 2. Send → visible: `chats.sendMessage` on Ada until the message is in Ben's
 *    vault (detected by `chats.onMessagesChanged` + a vault check), p50 and
 *    p99 over LATENCY_MESSAGES sequential sends. Goal p50 ≤ 50 ms. The peer:
 *    a raw hypercore append until the reader's 'append' event, and until
 *    the reader can read the block, over the same kind of swarm connection.
 *    Sends are interleaved in batches with the raw appends.
 */

const CATCHUP_MESSAGES = Number(process.env.PLANET_BENCH_CATCHUP ?? 10_000)
const RAW_CATCHUP_ROUNDS = 3
const LATENCY_MESSAGES = Number(process.env.PLANET_BENCH_LATENCY ?? 300)
const LATENCY_BATCH = 50
const LATENCY_GOAL_MS = 50
const CATCHUP_GOAL = 0.9
const CATCHUP_TIMEOUT_MS = 120_000
const STEP_TIMEOUT_MS = 10_000
const SETTLE_TIMEOUT_MS = 30_000
/** PLANET_BENCH_LOG=1 prints both Cores' logs. */
const VERBOSE = process.env.PLANET_BENCH_LOG === '1'

/** The swarm calls used here that main/core/net/holepunch.d.ts does not declare. */
interface SuspendableSwarm {
  suspend(): Promise<void>
  resume(): Promise<void>
}

interface CoreLengths {
  length: number
  byteLength: number
}

interface CatchUp {
  fromJoin: number
  fromConnection: number
  io: IoStats
}

/** When `core` grows past `index` (its 'append' event). */
function nextAppend(core: Hypercore, index: number): Promise<number> {
  return new Promise((resolve) => {
    const onAppend = (): void => {
      if (core.length <= index) return
      core.off('append', onAppend)
      resolve(now())
    }
    core.on('append', onAppend)
  })
}

const now = (): number => Number(process.hrtime.bigint()) / 1e6

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank]!
}

function time(name: string, oursMs: number, peerName: string, peerMs: number, goal?: { text: string; minRatio: number }): BenchResult {
  const ratio = peerMs / oursMs
  return { name, value: oursMs, unit: 'ms', peerName, peerValue: peerMs, ratio, ...(goal ? { goal: goal.text, met: ratio >= goal.minRatio } : {}) }
}

function withTimeout<T>(what: string, promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms)
  })
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer))
}

function log(message: string): void {
  process.stderr.write(`  people: ${message}\n`)
}

/** A hyperswarm on the loopback testnet (never the public DHT). */
function loopbackSwarm(testnet: Testnet): Hyperswarm {
  return new Hyperswarm({ dht: new HyperDHT({ bootstrap: testnet.bootstrap, host: '127.0.0.1' }) })
}

/** Block sizes adding up to exactly `byteLength` over `length` blocks. */
function blocksLike({ length, byteLength }: CoreLengths): Buffer[] {
  const base = Math.floor(byteLength / length)
  const extra = byteLength % length
  return Array.from({ length }, (_, i) => randomBytes(base + (i < extra ? 1 : 0)))
}

/** A raw writer: a Corestore with one core and a swarm announcing it. */
class RawWriter {
  readonly store: Corestore
  readonly swarm: Hyperswarm
  core!: Hypercore

  constructor(dir: string, testnet: Testnet) {
    this.store = new Corestore(dir)
    this.swarm = loopbackSwarm(testnet)
    this.swarm.on('connection', (connection: SwarmConnection) => {
      connection.on('error', () => undefined)
      this.store.replicate(connection)
    })
  }

  async open(blocks: Buffer[]): Promise<void> {
    this.core = this.store.get({ name: 'bench' })
    await this.core.ready()
    for (let i = 0; i < blocks.length; i += 1000) await this.core.append(blocks.slice(i, i + 1000))
    await this.swarm.join(this.core.discoveryKey, { server: true, client: false }).flushed()
  }

  async close(): Promise<void> {
    await this.swarm.destroy().catch(() => undefined)
    await this.store.close().catch(() => undefined)
  }
}

/** A raw reader of the writer's core in a fresh Corestore, connected over its own swarm. */
class RawReader {
  readonly store: Corestore
  readonly swarm: Hyperswarm
  readonly core: Hypercore
  readonly connected: Promise<number>

  constructor(dir: string, testnet: Testnet, key: Buffer) {
    this.store = new Corestore(dir)
    this.swarm = loopbackSwarm(testnet)
    this.core = this.store.get({ key })
    this.connected = new Promise((resolve) => {
      this.swarm.on('connection', (connection: SwarmConnection) => {
        connection.on('error', () => undefined)
        resolve(now())
        this.store.replicate(connection)
      })
    })
  }

  join(): void {
    this.swarm.join(this.core.discoveryKey, { server: false, client: true })
  }

  async close(): Promise<void> {
    await this.swarm.destroy().catch(() => undefined)
    await this.store.close().catch(() => undefined)
  }
}

/** Raw replication of `blocks` into a fresh reader: ms from join and from connection until every block is local. */
async function rawCatchUp(dir: string, testnet: Testnet, writer: RawWriter, length: number, round: number): Promise<CatchUp> {
  const reader = new RawReader(join(dir, `raw-reader-${round}`), testnet, writer.core.key)
  try {
    await reader.core.ready()
    const io = storeStats(reader.store)
    const download = reader.core.download({ start: 0, end: length })
    const start = now()
    reader.join()
    await withTimeout('raw catch-up', download.done(), CATCHUP_TIMEOUT_MS)
    const done = now()
    const counted = io()
    if (!(await reader.core.has(0, length))) throw new Error('raw reader is missing blocks')
    return { fromJoin: done - start, fromConnection: done - (await reader.connected), io: counted }
  } finally {
    await reader.close()
  }
}

function countMessages(person: TestCore, conversationId: string): number {
  return (person.core.vault.db.prepare('SELECT COUNT(*) AS n FROM space_messages WHERE space = ?').get(conversationId) as { n: number }).n
}

function hasMessage(person: TestCore, conversationId: string, id: string): boolean {
  return person.core.vault.db.prepare('SELECT 1 FROM space_messages WHERE space = ? AND id = ?').get(conversationId, id) !== undefined
}

/**
 * Resolves (with the time) when `check` holds, tested on every
 * `chats.onMessagesChanged` for the conversation and every `pollMs` besides
 * (a safety net, should an event be missed); rejects after `timeoutMs`.
 */
function whenVisible(person: TestCore, conversationId: string, check: () => boolean, timeoutMs: number, pollMs: number): { done: Promise<number>; cancel: () => void } {
  let unsubscribe = (): void => undefined
  let timer: NodeJS.Timeout | undefined
  let deadline: NodeJS.Timeout | undefined
  const cancel = (): void => {
    unsubscribe()
    clearInterval(timer)
    clearTimeout(deadline)
  }
  const done = new Promise<number>((resolve, reject) => {
    const test = (): void => {
      if (!check()) return
      const at = now()
      cancel()
      resolve(at)
    }
    unsubscribe = person.client.subscribe('chats.onMessagesChanged', (payload) => {
      if (payload.conversationId === conversationId) test()
    })
    timer = setInterval(test, pollMs)
    deadline = setTimeout(() => {
      cancel()
      reject(new Error(`timed out after ${timeoutMs} ms waiting for the message to be visible`))
    }, timeoutMs)
  })
  // Awaited by the caller; this only keeps an early exit (another step failing first) from an unhandled rejection.
  done.catch(() => undefined)
  return { done, cancel }
}

const suite: BenchSuite = {
  name: 'people',
  async run() {
    const previousFlag = process.env.PLANET_TEST
    // Tests' rules: loopback only, refused anywhere else by the Core and by the
    // socket guard (which stays installed for the rest of the process: it only
    // ever lets loopback through, which is all the other suites use).
    process.env.PLANET_TEST = '1'
    installNetworkGuard()
    const dir = await mkdtemp(join(tmpdir(), 'planet-bench-people-'))
    let testnet: Testnet | null = null
    let ada: TestCore | null = null
    let ben: TestCore | null = null
    const raw: Array<{ close(): Promise<void> }> = []
    try {
      testnet = await startTestnet()
      ada = await createPerson(testnet, 'Ada', { log: VERBOSE })
      ben = await createPerson(testnet, 'Ben', { log: VERBOSE })
      const { conversationId, inviterId } = await connect(ada.client, ben.client, 'Ben')
      await waitFor('Ben to learn Ada’s name', async () => (await ben!.client.call('contacts.get', { id: inviterId })).displayName === 'Ada')
      const adaSession = ada.core.people.current!
      const benSession = ben.core.people.current!
      const adaSpace: Space = adaSession.spaces.get(conversationId)!
      const benSpace: Space = benSession.spaces.get(conversationId)!
      await adaSpace.flush()
      await benSpace.flush()

      // ── 1. catch-up after being offline ────────────────────────────────
      const benSwarm = benSession.network.swarm!
      const suspendable = benSwarm as unknown as SuspendableSwarm
      await suspendable.suspend()
      for (const connection of benSwarm.connections) connection.destroy()
      await waitFor('Ada to see Ben go offline', () => adaSession.network.connectionCount === 0, STEP_TIMEOUT_MS)

      const local = adaSpace.base.local as Hypercore & CoreLengths
      const before: CoreLengths = { length: local.length, byteLength: local.byteLength }
      const benBefore = countMessages(ben, conversationId)
      const writeStart = now()
      let lastId = ''
      // One append per message, as sendMessage does (concurrent appends would
      // be packed into multi-node Autobase batches, which Ben applies differently).
      for (let i = 0; i < CATCHUP_MESSAGES; i++) {
        const op = await adaSession.appendOp(adaSpace, { t: 'message.post', text: `offline message ${i} ${randomBytes(12).toString('base64')}` })
        lastId = op.id
      }
      await adaSpace.flush()
      const writeMs = now() - writeStart
      const gained: CoreLengths = { length: local.length - before.length, byteLength: local.byteLength - before.byteLength }
      log(
        `Ada wrote ${CATCHUP_MESSAGES} messages while Ben was offline (setup, not timed: ${(writeMs / 1000).toFixed(1)} s); her writer core gained ` +
          `${gained.length} blocks, ${(gained.byteLength / 1e6).toFixed(2)} MB (now ${local.length} blocks, ${(local.byteLength / 1e6).toFixed(2)} MB)`,
      )
      if (countMessages(ben, conversationId) !== benBefore) throw new Error('Ben received messages while offline')

      // The peer: the same number of blocks and bytes, raw. Rounds before and
      // after ours, so a burst of load on the machine does not hit one side only.
      const writer = new RawWriter(join(dir, 'raw-writer'), testnet)
      raw.push(writer)
      await writer.open(blocksLike(gained))
      const rawRounds: CatchUp[] = []
      for (let round = 0; round < RAW_CATCHUP_ROUNDS - 1; round++) rawRounds.push(await rawCatchUp(dir, testnet, writer, gained.length, round))

      const benStats = storeStats(benSession.network.store)
      const adaStats = storeStats(adaSession.network.store)
      const caughtUp = whenVisible(ben, conversationId, () => hasMessage(ben!, conversationId, lastId), CATCHUP_TIMEOUT_MS, 50)
      const reconnected = new Promise<number>((resolve) => benSwarm.once('connection', () => resolve(now())))
      const resumeStart = now()
      await suspendable.resume()
      const doneAt = await caughtUp.done
      const connectedAt = await reconnected
      const benIo = benStats()
      const adaIo = adaStats()
      const benCount = countMessages(ben, conversationId) - benBefore
      if (benCount !== CATCHUP_MESSAGES) throw new Error(`Ben holds ${benCount} of ${CATCHUP_MESSAGES} messages after catch-up`)
      const ours: CatchUp = { fromJoin: doneAt - resumeStart, fromConnection: doneAt - connectedAt, io: benIo }
      log(
        `Ben caught up: reconnected ${(connectedAt - resumeStart).toFixed(0)} ms after resume, all ${CATCHUP_MESSAGES} in his vault ` +
          `${ours.fromConnection.toFixed(0)} ms later (${((CATCHUP_MESSAGES / ours.fromConnection) * 1000).toFixed(0)} messages/s); ` +
          `Ben's corestore did ${ioText(benIo, CATCHUP_MESSAGES)}; Ada's did ${ioText(adaIo, CATCHUP_MESSAGES)}`,
      )
      // Let both sides finish indexing (acks, signing) before the last raw round.
      const settled = await waitFor(
        'both sides to sign every entry',
        () => adaSpace.signedLength === adaSpace.viewLength && benSpace.signedLength === benSpace.viewLength && benSpace.viewLength === adaSpace.viewLength,
        SETTLE_TIMEOUT_MS,
      ).then(
        () => true,
        () => false,
      )
      log(`${settled ? 'signed on both sides' : 'not signed on both sides yet'} ${(now() - doneAt).toFixed(0)} ms after the last message reached Ben's vault`)
      rawRounds.push(await rawCatchUp(dir, testnet, writer, gained.length, RAW_CATCHUP_ROUNDS - 1))
      const rawFromConnection = median(rawRounds.map((r) => r.fromConnection))
      const rawFromJoin = median(rawRounds.map((r) => r.fromJoin))
      log(
        `raw hypercore: ${gained.length} blocks in ${rawRounds.map((r) => r.fromConnection.toFixed(0)).join(' / ')} ms from connection ` +
          `(${rawRounds.map((r) => r.fromJoin.toFixed(0)).join(' / ')} ms from join); median ${((gained.length / rawFromConnection) * 1000).toFixed(0)} blocks/s; ` +
          `reader's corestore did ${ioText(rawRounds[0]!.io, gained.length)}`,
      )
      await writer.close()

      // ── 2. send → visible on the other side ────────────────────────────
      const latencyWriter = new RawWriter(join(dir, 'latency-writer'), testnet)
      raw.push(latencyWriter)
      await latencyWriter.open([])
      const latencyReader = new RawReader(join(dir, 'latency-reader'), testnet, latencyWriter.core.key)
      raw.push(latencyReader)
      await latencyReader.core.ready()
      latencyReader.core.download({ start: 0, end: -1 })
      latencyReader.join()
      await withTimeout('the raw latency pair to connect', latencyReader.connected, STEP_TIMEOUT_MS)
      const blockSize = Math.round(gained.byteLength / gained.length)
      // Ben's replica of Ada's writer core: its 'append' is when the new length reached Ben.
      const adaOnBen = benSession.network.store.get({ key: local.key })
      raw.push(adaOnBen)
      await adaOnBen.ready()

      const planetSamples: number[] = []
      const sendSamples: number[] = []
      const localSamples: number[] = []
      const arrivedSamples: number[] = []
      const appendSamples: number[] = []
      const blockSamples: number[] = []
      // Warm-up (not counted).
      await ada.client.call('chats.sendMessage', { conversationId, text: 'warm-up' })
      const find = benSession.db.prepare('SELECT 1 FROM space_messages WHERE space = ? AND seq >= ? AND text = ?')
      const projected = benSession.db.prepare('SELECT projected_length FROM spaces WHERE key = ?').pluck()
      for (let batch = 0; batch < LATENCY_MESSAGES / LATENCY_BATCH; batch++) {
        for (let i = 0; i < LATENCY_BATCH; i++) {
          const text = `latency ${batch * LATENCY_BATCH + i} ${randomBytes(12).toString('base64')}`
          const from = projected.get(conversationId) as number
          const visible = whenVisible(ben, conversationId, () => find.get(conversationId, from, text) !== undefined, STEP_TIMEOUT_MS, 5)
          // Approximate: an Autobase ack on Ada's writer would grow it too (at most once a second).
          const written = nextAppend(local, local.length)
          const arrived = nextAppend(adaOnBen, adaOnBen.length)
          const start = now()
          await ada.client.call('chats.sendMessage', { conversationId, text })
          sendSamples.push(now() - start)
          planetSamples.push((await visible.done) - start)
          localSamples.push((await withTimeout('Ada’s block in her writer core', written, STEP_TIMEOUT_MS)) - start)
          arrivedSamples.push((await withTimeout('Ada’s block to reach Ben', arrived, STEP_TIMEOUT_MS)) - start)
        }
        for (let i = 0; i < LATENCY_BATCH; i++) {
          const reader = latencyReader.core
          const index = latencyWriter.core.length
          const appended = nextAppend(reader, index)
          const start = now()
          await latencyWriter.core.append(randomBytes(blockSize))
          const appendedAt = await withTimeout('the raw append to arrive', appended, STEP_TIMEOUT_MS)
          await withTimeout('the raw block to arrive', reader.get(index), STEP_TIMEOUT_MS)
          const readableAt = now()
          appendSamples.push(appendedAt - start)
          blockSamples.push(readableAt - start)
        }
      }
      const p = (values: number[], q: number): number => percentile(values, q)
      const ms = (value: number): string => value.toFixed(value < 10 ? 2 : 1)
      const spread = (values: number[]): string => `p50 ${ms(p(values, 50))} / p99 ${ms(p(values, 99))} / max ${ms(Math.max(...values))} ms`
      log(`send → visible in Ben's vault: ${spread(planetSamples)}`)
      log(`  send → the block is in Ada's writer core (sign, Autobase append + apply): ${spread(localSamples)}`)
      log(`  send → its length reached Ben's replica of Ada's core ('append'): ${spread(arrivedSamples)}`)
      log(`  send → sendMessage returned on Ada (the above + her own projection): ${spread(sendSamples)}`)
      log(`raw append → remote 'append': ${spread(appendSamples)}; → remote block readable: ${spread(blockSamples)}`)

      return [
        time(`DM catch-up, ${CATCHUP_MESSAGES} msgs (connected → all in vault)`, ours.fromConnection, `raw hypercore, ${gained.length} blocks (connected → downloaded)`, rawFromConnection, {
          text: `>= ${CATCHUP_GOAL}x raw hypercore`,
          minRatio: CATCHUP_GOAL,
        }),
        time(`DM catch-up, ${CATCHUP_MESSAGES} msgs (resume → all in vault)`, ours.fromJoin, 'raw hypercore (join → downloaded)', rawFromJoin),
        time(`DM send → visible on peer, p50 (${LATENCY_MESSAGES})`, p(planetSamples, 50), 'budget', LATENCY_GOAL_MS, { text: `<= ${LATENCY_GOAL_MS} ms`, minRatio: 1 }),
        time(`DM send → visible on peer, p50 (${LATENCY_MESSAGES})`, p(planetSamples, 50), "raw append → remote 'append'", p(appendSamples, 50)),
        time(`DM send → visible on peer, p99 (${LATENCY_MESSAGES})`, p(planetSamples, 99), "raw append → remote 'append'", p(appendSamples, 99)),
        time(`DM send → visible on peer, p50 (${LATENCY_MESSAGES})`, p(planetSamples, 50), 'raw append → remote block readable', p(blockSamples, 50)),
      ]
    } finally {
      for (const item of raw.reverse()) await item.close()
      await ada?.cleanup().catch(() => undefined)
      await ben?.cleanup().catch(() => undefined)
      await testnet?.destroy().catch(() => undefined)
      await rm(dir, { recursive: true, force: true })
      if (previousFlag === undefined) delete process.env.PLANET_TEST
      else process.env.PLANET_TEST = previousFlag
    }
  },
}

export default suite
