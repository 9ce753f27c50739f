import { createHash, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseRelayCode } from '../../shared/domain/relay-code'
import { makeTempDir } from '../helpers/core'
import { waitFor } from '../helpers/people'
import type { RelayChild } from '../helpers/relay'
import { SimMember, relayChildReady, spawnRelay, waitRelayHolds } from '../helpers/relay'
import type { Testnet } from '../helpers/testnet'
import { startTestnet } from '../helpers/testnet'

const BLOCK = 8 * 1024

/**
 * Crash safety of the real `planet relay` process: SIGKILL while a member is
 * still writing and the relay is still downloading; restart it on the same
 * data dir; it keeps its key, its registrations and what it held, catches up,
 * and serves every block to a member who was never online with the writer.
 * Also: JSON logs, loopback metrics, and a clean SIGTERM.
 */
describe('relay process: SIGKILL mid-sync and restart', () => {
  let testnet: Testnet
  let temp: Awaited<ReturnType<typeof makeTempDir>>
  beforeAll(async () => {
    testnet = await startTestnet()
    temp = await makeTempDir('planet-relay-cli-')
  })
  afterAll(async () => {
    await testnet.destroy()
    await temp.cleanup()
  })

  it('resumes with everything it held and completes the sync', async () => {
    const first = spawnRelay(temp.dir, testnet, '1GB')
    let second: RelayChild | null = null
    const { code } = await relayChildReady(first)
    const { publicKey, secret } = parseRelayCode(code)
    const ada = await SimMember.create(testnet, publicKey)
    const ben = await SimMember.create(testnet, publicKey)
    try {
      const group = randomBytes(32)
      expect(await ada.register(publicKey, secret, group, [ada.device, ben.device])).toMatchObject({ ok: true })
      const core = ada.store.get({ name: 'log' })
      await core.ready()
      const block = (i: number) => createHash('sha256').update(`block ${i}`).digest().toString('hex').padEnd(BLOCK, '.')
      let written = 0
      const writeMore = async (count: number) => {
        const batch = Array.from({ length: count }, (_, i) => Buffer.from(block(written + i)))
        await core.append(batch)
        written += count
      }
      await writeMore(200)
      await ada.peering.addCore(core, { referrer: group, target: publicKey })
      // Keep writing while the relay follows; kill it while it is behind.
      let writing = true
      const writer = (async () => {
        while (writing) {
          await writeMore(50)
          await new Promise((resolve) => setTimeout(resolve, 10))
        }
      })()
      const before = await waitFor('the relay to hold part of the core', async () => {
        const status = await ada.status(publicKey, group, [core])
        const held = status.ok ? status.cores![0]!.contiguous : 0
        return held > 0 ? held : undefined
      })
      first.child.kill('SIGKILL')
      expect(await first.exited).toBe(null)
      writing = false
      await writer
      expect(before).toBeLessThan(written)
      await writeMore(100)

      second = spawnRelay(temp.dir, testnet, '1GB')
      const restarted = await relayChildReady(second)
      expect(restarted.code).toBe(code)
      expect((second.lines.find((entry) => entry.msg === 'relay ready') as { groups: number }).groups).toBe(1)
      // blind-peering reconnects by itself and the relay catches up.
      await waitRelayHolds(ada, publicKey, group, [core], 60_000)

      // Ada leaves; Ben (registered before the crash) reads every block from the relay alone.
      const key = core.key
      const total = written
      await ada.close()
      const copy = ben.store.get({ key })
      await copy.ready()
      await ben.peering.addCore(copy, { referrer: group, target: publicKey })
      await waitFor('Ben to see the whole core', async () => {
        await copy.update({ wait: true })
        return copy.length === total
      }, 30_000)
      for (let i = 0; i < total; i += 97) expect(((await copy.get(i, { timeout: 10_000 })) as Buffer).toString()).toBe(block(i))
      expect(((await copy.get(total - 1, { timeout: 10_000 })) as Buffer).toString()).toBe(block(total - 1))

      // Metrics on loopback, in Prometheus text.
      const metrics = await (await fetch(`http://127.0.0.1:${restarted.metricsPort}/metrics`)).text()
      expect(metrics).toMatch(/^planet_relay_cores_held 1$/m)
      expect(metrics).toMatch(/^planet_relay_groups_registered 1$/m)
      expect(Number(/^planet_relay_blocks_served_total (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThan(0)
      expect(Number(/^planet_relay_bytes_stored (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(total * BLOCK)
      expect((await fetch(`http://127.0.0.1:${restarted.metricsPort}/other`)).status).toBe(404)

      second.child.kill('SIGTERM')
      expect(await second.exited).toBe(0)
      expect(second.lines.some((entry) => entry.msg === 'relay stopped')).toBe(true)
      expect(second.lines.every((entry) => typeof entry.level === 'number' && typeof entry.time === 'string')).toBe(true)
    } finally {
      first.child.kill('SIGKILL')
      second?.child.kill('SIGKILL')
      await ada.cleanup()
      await ben.cleanup()
    }
  }, 150_000)
})
