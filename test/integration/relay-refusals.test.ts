import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Testnet } from '../helpers/testnet'
import { startTestnet } from '../helpers/testnet'
import { SimMember, startRelay, waitRelayHolds } from '../helpers/relay'
import { waitFor } from '../helpers/people'

/**
 * The relay's limits, with lightweight members (corestore + DHT node +
 * blind-peering, as the app uses them): only devices a group registered may
 * have cores kept, registrations need the secret and an admin, and a full
 * quota refuses new cores while what is held is still served.
 */
describe('relay refusals', { timeout: 90_000 }, () => {
  let testnet: Testnet
  beforeAll(async () => {
    testnet = await startTestnet()
  })
  afterAll(async () => {
    await testnet.destroy()
  })

  it('keeps a registered member\u2019s core, refuses a stranger\u2019s and bad registrations', async () => {
    const relay = await startRelay(testnet)
    const { publicKey, secret } = relay.code
    const ada = await SimMember.create(testnet, publicKey)
    const stranger = await SimMember.create(testnet, publicKey)
    const other = await SimMember.create(testnet, publicKey)
    try {
      const group = randomBytes(32)
      const otherGroup = randomBytes(32)
      // Bad registrations: wrong secret, a list without the caller, a caller who is not an admin, and garbage.
      expect(await ada.register(publicKey, randomBytes(16), group, [ada.device])).toMatchObject({ ok: false, code: 'bad-secret' })
      expect(await ada.register(publicKey, secret, group, [other.device], [other.device])).toMatchObject({ ok: false, code: 'not-listed' })
      expect(await ada.register(publicKey, secret, group, [ada.device, other.device], [other.device])).toMatchObject({ ok: false, code: 'not-admin' })
      expect(await ada.register(publicKey, secret, group, [ada.device])).toMatchObject({ ok: true, members: 1 })
      // Someone else (with the secret) cannot take over a registered group.
      expect(await other.register(publicKey, secret, group, [other.device])).toMatchObject({ ok: false, code: 'not-admin' })
      expect(await other.register(publicKey, secret, otherGroup, [other.device])).toMatchObject({ ok: true })

      const core = ada.store.get({ name: 'log' })
      await core.ready()
      for (let i = 0; i < 20; i++) await core.append(Buffer.from(`ciphertext-${i}`))
      await ada.peering.addCore(core, { referrer: group, target: publicKey })
      await waitRelayHolds(ada, publicKey, group, [core])

      // A stranger (registered nowhere) asks to keep a core: refused, nothing stored.
      const strangerCore = stranger.store.get({ name: 'junk' })
      await strangerCore.ready()
      await strangerCore.append(Buffer.alloc(1000, 1))
      await stranger.peering.addCore(strangerCore, { referrer: randomBytes(32), target: publicKey })
      await waitFor('the stranger refused', () => (relay.relay.refusals.stranger ?? 0) > 0)
      // A member of another group cannot add cores under this group.
      const sneaky = other.store.get({ name: 'sneaky' })
      await sneaky.ready()
      await sneaky.append(Buffer.from('x'))
      await other.peering.addCore(sneaky, { referrer: group, target: publicKey })
      await waitFor('the non-member refused', () => (relay.relay.refusals['not-member'] ?? 0) > 0)
      // …nor ask for this group's status.
      expect(await other.status(publicKey, group, [core])).toMatchObject({ ok: false, code: 'not-member' })
      const status = await ada.status(publicKey, group, [core, strangerCore, sneaky])
      expect(status.ok && status.cores?.map((held) => held.length)).toEqual([20, 0, 0])
      expect(relay.relay.peer.digest.cores).toBe(1)
      expect(relay.relay.refusals['bad-secret']).toBe(1)
      expect(relay.log.lines.some((line) => line.message === 'refused' && (line.data as { reason?: string }).reason === 'stranger')).toBe(true)
    } finally {
      await ada.cleanup()
      await stranger.cleanup()
      await other.cleanup()
      await relay.cleanup()
    }
  })

  it('a full relay refuses new cores and keeps serving what it holds', async () => {
    const relay = await startRelay(testnet, { maxBytes: 1_000_000 })
    const { publicKey, secret } = relay.code
    const ada = await SimMember.create(testnet, publicKey)
    const ben = await SimMember.create(testnet, publicKey)
    try {
      const group = randomBytes(32)
      expect(await ada.register(publicKey, secret, group, [ada.device, ben.device])).toMatchObject({ ok: true, members: 2 })
      const big = ada.store.get({ name: 'big' })
      await big.ready()
      const blocks = Array.from({ length: 24 }, (_, i) => Buffer.alloc(50_000, i))
      await big.append(blocks)
      await ada.peering.addCore(big, { referrer: group, target: publicKey })
      await waitRelayHolds(ada, publicKey, group, [big])
      await waitFor('the relay to count itself full', () => relay.relay.snapshot().bytesStored >= 1_000_000)

      const late = ada.store.get({ name: 'late' })
      await late.ready()
      await late.append(Buffer.from('new data after the quota'))
      await ada.peering.addCore(late, { referrer: group, target: publicKey })
      await waitFor('the quota refusal', () => (relay.relay.refusals.quota ?? 0) > 0)
      const status = await ada.status(publicKey, group, [big, late])
      expect(status.ok && status.cores?.map((held) => held.length)).toEqual([24, 0])
      expect(status.ok && status.bytes >= status.quota).toBe(true)

      // Ada leaves; Ben reads her core from the relay alone.
      const key = big.key
      await ada.close()
      const copy = ben.store.get({ key })
      await copy.ready()
      await ben.peering.addCore(copy, { referrer: group, target: publicKey })
      const last = (await copy.get(23, { timeout: 20_000 })) as Buffer
      expect(last.equals(blocks[23]!)).toBe(true)
    } finally {
      await ada.cleanup()
      await ben.cleanup()
      await relay.cleanup()
    }
  })
})
