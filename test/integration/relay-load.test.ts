import { createHash, randomBytes } from 'node:crypto'
import type Hypercore from 'hypercore'
import HyperDHT from 'hyperdht'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseRelayCode } from '../../shared/domain/relay-code'
import { makeTempDir } from '../helpers/core'
import { inBatches } from '../helpers/groups'
import { waitFor } from '../helpers/people'
import type { RelayChild } from '../helpers/relay'
import { SimMember, relayChildReady, spawnRelay } from '../helpers/relay'
import type { Testnet } from '../helpers/testnet'
import { startTestnet } from '../helpers/testnet'

const MEMBERS = 50
const GROUPS = 20
/** Each member is in 2 groups, so each group has 5 members. */
const GROUPS_PER_MEMBER = 2
const BLOCKS = 20
const BLOCK_BYTES = 1024
/** Members share this many DHT nodes (each keeps its own device key pair). */
const DHT_NODES = 5

/**
 * Load: 50 simulated members in 20 groups against one `planet relay`
 * process on loopback. Members are lightweight (a corestore, a blind-peering
 * client and a device key pair each, on 5 shared DHT nodes), not full app
 * Cores: 50 vaults, Autobases and projections would not fit 2 CPU cores in
 * the test budget. They are never connected to each other: every block a
 * member reads of another member's core comes through the relay. Bounded:
 * 50 × 2 cores × 20 blocks of 1 KiB, one minute to sync. The relay's resident
 * memory (from its own metrics) is sampled throughout; the peak is printed
 * and must stay under 300 MB.
 */
describe('relay under load', () => {
  let testnet: Testnet
  let temp: Awaited<ReturnType<typeof makeTempDir>>
  let relay: RelayChild
  let metricsPort = 0
  const dhts: HyperDHT[] = []
  const members: Array<SimMember & { cleanup(): Promise<void> }> = []

  beforeAll(async () => {
    testnet = await startTestnet()
    temp = await makeTempDir('planet-relay-load-')
    relay = spawnRelay(temp.dir, testnet, '1GB')
    metricsPort = (await relayChildReady(relay)).metricsPort
    for (let i = 0; i < DHT_NODES; i++) dhts.push(new HyperDHT({ bootstrap: testnet.bootstrap, host: '127.0.0.1', ephemeral: true, firewalled: false }))
    // Each blind-peering client listens for network changes on its node: 10 members a node.
    for (const dht of dhts) dht.setMaxListeners(MEMBERS)
    await Promise.all(dhts.map((dht) => dht.ready()))
  }, 60_000)

  afterAll(async () => {
    await inBatches(members, 10, (member) => member.cleanup())
    for (const dht of dhts) await dht.destroy()
    relay?.child.kill('SIGTERM')
    await relay?.exited
    await testnet?.destroy()
    await temp?.cleanup()
  }, 60_000)

  it('every member ends in sync through the relay, and its memory stays bounded', async () => {
    const started = Date.now()
    const code = relay.lines.find((line) => line.msg === 'relay code')!.code as string
    const { publicKey, secret } = parseRelayCode(code)
    let peakRss = 0
    const sample = async () => {
      const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text()
      peakRss = Math.max(peakRss, Number(/^process_resident_memory_bytes (\d+)$/m.exec(text)?.[1] ?? 0))
      return text
    }
    const sampler = setInterval(() => void sample().catch(() => undefined), 250)
    try {
      for (let i = 0; i < MEMBERS; i++) members.push(await SimMember.create(testnet, publicKey, { dht: dhts[i % DHT_NODES]! }))
      // Member i is in groups (i % 20) and ((i + 7) % 20)… chosen so that every group has exactly 5 members.
      const groupKeys = Array.from({ length: GROUPS }, () => randomBytes(32))
      const membersOf: number[][] = Array.from({ length: GROUPS }, () => [])
      for (let i = 0; i < MEMBERS; i++) for (let k = 0; k < GROUPS_PER_MEMBER; k++) membersOf[(i * GROUPS_PER_MEMBER + k) % GROUPS]!.push(i)
      expect(membersOf.every((list) => list.length === (MEMBERS * GROUPS_PER_MEMBER) / GROUPS)).toBe(true)

      // The first member of each group is its admin and registers it.
      await inBatches(membersOf, 5, async (list, g) => {
        const admin = members[list[0]!]!
        expect(await admin.register(publicKey, secret, groupKeys[g]!, list.map((i) => members[i]!.device))).toMatchObject({ ok: true })
      })

      // Everyone writes their own core in each of their groups and asks the relay to keep it.
      const block = (g: number, i: number, n: number) => Buffer.from(createHash('sha256').update(`${g}/${i}/${n}`).digest().toString('hex').padEnd(BLOCK_BYTES, '-'))
      const cores = new Map<string, Hypercore>()
      await inBatches(membersOf.flatMap((list, g) => list.map((i) => [g, i] as const)), 10, async ([g, i]) => {
        const core = members[i]!.store.get({ name: `group-${g}` })
        await core.ready()
        await core.append(Array.from({ length: BLOCKS }, (_, n) => block(g, i, n)))
        cores.set(`${g}/${i}`, core)
        await members[i]!.peering.addCore(core, { referrer: groupKeys[g]! })
      })

      // Every member reads every other member's core in its groups, through the relay.
      await inBatches(membersOf.flatMap((list, g) => list.flatMap((i) => list.filter((j) => j !== i).map((j) => [g, i, j] as const))), 20, async ([g, i, j]) => {
        const reader = members[i]!
        const copy = reader.store.get({ key: cores.get(`${g}/${j}`)!.key })
        await copy.ready()
        await waitFor(`member ${i} to have member ${j}'s core in group ${g}`, async () => {
          await copy.update({ wait: true })
          return copy.length === BLOCKS
        }, 60_000)
        await copy.download({ start: 0, end: BLOCKS }).done()
        expect(((await copy.get(BLOCKS - 1)) as Buffer).equals(block(g, j, BLOCKS - 1))).toBe(true)
        await copy.close()
      })

      const metrics = await sample()
      expect(metrics).toMatch(new RegExp(`^planet_relay_cores_held ${MEMBERS * GROUPS_PER_MEMBER}$`, 'm'))
      expect(metrics).toMatch(new RegExp(`^planet_relay_groups_registered ${GROUPS}$`, 'm'))
      console.log(`relay load: ${MEMBERS} members, ${GROUPS} groups, ${MEMBERS * GROUPS_PER_MEMBER} cores in sync in ${Date.now() - started} ms; relay peak RSS ${(peakRss / 1e6).toFixed(0)} MB`)
      expect(peakRss).toBeGreaterThan(0)
      expect(peakRss).toBeLessThan(300e6)
    } finally {
      clearInterval(sampler)
    }
  }, 150_000)
})
