import Corestore from 'corestore'
import type Hypercore from 'hypercore'
import HyperDHT from 'hyperdht'
import { randomBytes } from 'node:crypto'
import { parseRelayCode } from '../shared/domain/relay-code'
import { makeTempDir } from '../test/helpers/core'
import { installNetworkGuard } from '../test/helpers/network-guard'
import { SimMember, relayChildReady, spawnRelay, startRelay, waitRelayHolds } from '../test/helpers/relay'
import type { Testnet } from '../test/helpers/testnet'
import { startTestnet } from '../test/helpers/testnet'
import type { BenchResult, BenchSuite } from './bench-kit'
import { median, timeMs } from './bench-kit'

/**
 * The community relay (`planet relay`, main/relay), on a loopback testnet
 * (PLANET_TEST=1 and the tests' network guard while it runs).
 *
 * 1. Fan-out: a group's OPS ops (one writer core of OPS blocks of OP_BYTES,
 *    the size of a sealed chat op) held by the relay after its writer went
 *    offline, downloaded by READERS members at once (lightweight members:
 *    corestore + blind-peering, test/helpers/relay.ts). Peer: raw hypercore
 *    replication of the same core from a single plain peer (a Corestore
 *    behind a HyperDHT server) to READERS readers at once, on the same
 *    testnet. Timed until every reader has every block; median of 3 rounds,
 *    relay and raw interleaved. Ratio raw time / relay time (goal ≥ 0.8).
 * 2. Memory: a `planet relay` process (the real CLI) holding CORES cores
 *    (10 blocks of 1 KiB each, added by 10 members), its resident memory
 *    from its own metrics while the members are connected. Peer: the 300 MB
 *    budget (ratio budget / ours, goal ≥ 1).
 *
 * Sizes: PLANET_BENCH_RELAY_OPS (10 000), PLANET_BENCH_RELAY_CORES (1 000).
 */
const OPS = Number(process.env.PLANET_BENCH_RELAY_OPS ?? 10_000)
const OP_BYTES = 400
const READERS = 10
const ROUNDS = 3
const CORES = Number(process.env.PLANET_BENCH_RELAY_CORES ?? 1_000)
const MEMORY_BUDGET_MB = 300

async function readAll(store: Corestore, key: Buffer, length: number, connect: (core: Hypercore) => Promise<void>): Promise<void> {
  const copy = store.get({ key })
  await copy.ready()
  await connect(copy)
  while (copy.length < length) await copy.update({ wait: true })
  await copy.download({ start: 0, end: length }).done()
  await copy.close()
}

async function fanOut(testnet: Testnet): Promise<BenchResult> {
  const relay = await startRelay(testnet, { maxBytes: 10e9 })
  const { publicKey, secret } = relay.code
  const cleanups: Array<() => Promise<void>> = []
  try {
    // The writer: its core, held by the relay, then offline.
    const writer = await SimMember.create(testnet, publicKey)
    cleanups.push(() => writer.cleanup())
    const readers: Array<Awaited<ReturnType<typeof SimMember.create>>> = []
    for (let r = 0; r < READERS * ROUNDS; r++) {
      const reader = await SimMember.create(testnet, publicKey)
      readers.push(reader)
      cleanups.push(() => reader.cleanup())
    }
    const group = randomBytes(32)
    await writer.register(publicKey, secret, group, [writer.device, ...readers.map((reader) => reader.device)])
    const core = writer.store.get({ name: 'group-log' })
    await core.ready()
    for (let i = 0; i < OPS; i += 1000) await core.append(Array.from({ length: Math.min(1000, OPS - i) }, () => randomBytes(OP_BYTES)))
    // The raw peer: a plain Corestore with the same blocks, serving over a DHT server.
    const rawTemp = await makeTempDir('planet-bench-raw-')
    const rawStore = new Corestore(rawTemp.dir)
    const rawDht = new HyperDHT({ bootstrap: testnet.bootstrap, host: '127.0.0.1', ephemeral: true, firewalled: false })
    const rawKeyPair = HyperDHT.keyPair()
    const rawServer = rawDht.createServer({}, (connection) => {
      connection.on('error', () => undefined)
      rawStore.replicate(connection)
    })
    await rawServer.listen(rawKeyPair)
    cleanups.push(async () => {
      await rawServer.close()
      await rawDht.destroy()
      await rawStore.close()
      await rawTemp.cleanup()
    })
    const rawCopy = rawStore.get({ key: core.key })
    await rawCopy.ready()
    const feed = writer.store.replicate(true)
    const sink = rawStore.replicate(false)
    feed.pipe(sink).pipe(feed)
    await rawCopy.download({ start: 0, end: OPS }).done()
    feed.destroy()
    sink.destroy()
    await writer.peering.addCore(core, { referrer: group, target: publicKey })
    await waitRelayHolds(writer, publicKey, group, [core], 120_000)
    await writer.close()

    const relayTimes: number[] = []
    const rawTimes: number[] = []
    for (let round = 0; round < ROUNDS; round++) {
      const batch = readers.slice(round * READERS, (round + 1) * READERS)
      const rawReaders: Array<{ store: Corestore; dht: HyperDHT; done: () => Promise<void> }> = []
      for (let r = 0; r < READERS; r++) {
        const temp = await makeTempDir('planet-bench-reader-')
        const store = new Corestore(temp.dir)
        const dht = new HyperDHT({ bootstrap: testnet.bootstrap, host: '127.0.0.1', ephemeral: true, firewalled: false })
        rawReaders.push({ store, dht, done: async () => (await dht.destroy(), await store.close(), await temp.cleanup()) })
      }
      const raw = () =>
        timeMs(() =>
          Promise.all(
            rawReaders.map(({ store, dht }) =>
              readAll(store, core.key, OPS, async () => {
                const socket = dht.connect(rawKeyPair.publicKey)
                socket.on('error', () => undefined)
                store.replicate(socket)
              }),
            ),
          ),
        )
      const viaRelay = () => timeMs(() => Promise.all(batch.map((reader) => readAll(reader.store, core.key, OPS, (copy) => reader.peering.addCore(copy, { referrer: group, target: publicKey })))))
      if (round % 2 === 0) {
        rawTimes.push(await raw())
        relayTimes.push(await viaRelay())
      } else {
        relayTimes.push(await viaRelay())
        rawTimes.push(await raw())
      }
      for (const reader of rawReaders) await reader.done()
    }
    const ours = median(relayTimes)
    const peer = median(rawTimes)
    const ratio = peer / ours
    return {
      name: `relay fan-out: ${OPS} ops to ${READERS} members (ms)`,
      value: ours,
      unit: 'ms',
      peerName: 'raw hypercore from one peer',
      peerValue: peer,
      ratio,
      goal: '>= 0.8x',
      met: ratio >= 0.8,
    }
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined)
    await relay.cleanup()
  }
}

async function memory(testnet: Testnet): Promise<BenchResult> {
  const temp = await makeTempDir('planet-bench-relay-mem-')
  const relay = spawnRelay(temp.dir, testnet, '10GB')
  const members: Array<Awaited<ReturnType<typeof SimMember.create>>> = []
  try {
    const { code, metricsPort } = await relayChildReady(relay)
    const { publicKey, secret } = parseRelayCode(code)
    const rss = async () => {
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()
      return { rss: Number(/^process_resident_memory_bytes (\d+)$/m.exec(text)?.[1]), cores: Number(/^planet_relay_cores_held (\d+)$/m.exec(text)?.[1]) }
    }
    const idle = await rss()
    for (let m = 0; m < 10; m++) members.push(await SimMember.create(testnet, publicKey))
    const group = randomBytes(32)
    await members[0]!.register(publicKey, secret, group, members.map((member) => member.device))
    const perMember = Math.ceil(CORES / members.length)
    let peak = 0
    for (const [index, member] of members.entries()) {
      for (let c = 0; c < perMember && index * perMember + c < CORES; c++) {
        const core = member.store.get({ name: `core-${c}` })
        await core.ready()
        await core.append(Array.from({ length: 10 }, () => randomBytes(1024)))
        member.peering.addCoreBackground(core, { referrer: group, target: publicKey })
      }
    }
    const deadline = Date.now() + 300_000
    for (;;) {
      const now = await rss()
      peak = Math.max(peak, now.rss)
      if (now.cores >= CORES) break
      if (Date.now() > deadline) throw new Error(`the relay held only ${now.cores} of ${CORES} cores after 5 minutes`)
      await new Promise((resolve) => setTimeout(resolve, 500))
    }
    // Let the downloads finish, then read it again.
    await new Promise((resolve) => setTimeout(resolve, 3_000))
    peak = Math.max(peak, (await rss()).rss)
    const mb = peak / 1e6
    return {
      name: `relay resident memory, ${CORES} cores held (MB; idle ${(idle.rss / 1e6).toFixed(0)} MB)`,
      value: mb,
      unit: 'MB',
      peerName: 'the 300 MB budget',
      peerValue: MEMORY_BUDGET_MB,
      ratio: MEMORY_BUDGET_MB / mb,
      goal: '<= 300 MB (>= 1x)',
      met: mb <= MEMORY_BUDGET_MB,
    }
  } finally {
    for (const member of members) await member.cleanup().catch(() => undefined)
    relay.child.kill('SIGTERM')
    await relay.exited
    await temp.cleanup()
  }
}

const suite: BenchSuite = {
  name: 'relay',
  async run() {
    const previousFlag = process.env.PLANET_TEST
    process.env.PLANET_TEST = '1'
    installNetworkGuard()
    const testnet = await startTestnet()
    try {
      return [await fanOut(testnet), await memory(testnet)]
    } finally {
      await testnet.destroy()
      if (previousFlag === undefined) delete process.env.PLANET_TEST
      else process.env.PLANET_TEST = previousFlag
    }
  },
}

export default suite
