import HyperDHT from 'hyperdht'
import Hyperswarm from 'hyperswarm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { memberships } from '../../main/core/groups/group-queries'
import type { TestCore } from '../helpers/core'
import { groupSpace, groupWith, idOf, sessionOf } from '../helpers/groups'
import { createPerson, waitFor } from '../helpers/people'
import type { Testnet } from '../helpers/testnet'
import { startTestnet } from '../helpers/testnet'

/** Short enough for a test, long enough for a swarm on the loopback testnet to connect first. */
const GRACE_MS = 8_000

/**
 * The firewall admits a group's former members for a grace period after they
 * left (so an offline device learns its removal). This checks that the grace
 * really ends for a device that stays connected: an unmodified app drops the
 * group's peers by itself once it learns the removal, so the "modified client"
 * here is a bare Hyperswarm with the removed member's device key, which
 * never lets go. The group has no shared folders: the timer is the group
 * firewall's, for every group.
 */
describe('former members’ grace', () => {
  let testnet: Testnet
  let ada: TestCore
  let cy: TestCore
  let bare: Hyperswarm | null = null

  beforeAll(async () => {
    testnet = await startTestnet()
    ada = await createPerson(testnet, 'Ada')
    cy = await createPerson(testnet, 'Cy')
  })

  afterAll(async () => {
    await bare?.destroy()
    await ada?.cleanup()
    await cy?.cleanup()
    await testnet?.destroy()
  })

  it('a removed member’s device that stays connected is dropped when the grace ends, and refused after', async () => {
    const { groupId } = await groupWith(ada, [cy], 'Grace')
    ada.core.groups.formerMemberGraceMs = GRACE_MS
    const cyId = await idOf(cy)
    const device = sessionOf(cy).device.keyPair
    const keyPair = { publicKey: Buffer.from(device.publicKey), secretKey: Buffer.from(device.secretKey) }
    const cyDevice = keyPair.publicKey.toString('hex')
    const topic = Buffer.from(groupSpace(ada, groupId).discoveryKey)

    // Cy's app goes away; her device key lives on in the bare swarm below.
    await cy.client.call('vault.lock', {})
    await ada.client.call('groups.removeMember', { groupId, memberId: cyId })
    const leftAt = await waitFor('Ada’s device to record Cy’s removal', () => memberships(sessionOf(ada).db, groupId).get(cyId)?.leftAt ?? undefined)
    const graceEnd = leftAt + GRACE_MS
    expect(sessionOf(ada).allowedDevices.has(cyDevice)).toBe(true)

    bare = new Hyperswarm({ keyPair, dht: new HyperDHT({ bootstrap: testnet.bootstrap, host: '127.0.0.1', ephemeral: true, firewalled: false, keyPair }) })
    let closedAt: number | null = null
    bare.on('connection', (connection) => {
      connection.on('error', () => undefined)
      connection.on('data', () => undefined)
      connection.once('close', () => (closedAt ??= Date.now()))
    })
    bare.join(topic, { server: false, client: true })
    const network = () => sessionOf(ada).network
    await waitFor('the former member’s device to connect to Ada during the grace', () => network().isConnected(cyDevice))
    // Otherwise the firewall refused it and there would be nothing to drop.
    expect(Date.now()).toBeLessThan(graceEnd)

    await waitFor('Ada’s device to drop the connection', () => closedAt !== null, GRACE_MS + 20_000)
    // Dropped because the grace ended, not earlier for another reason.
    expect(closedAt!).toBeGreaterThanOrEqual(graceEnd)
    expect(network().isConnected(cyDevice)).toBe(false)
    expect(sessionOf(ada).allowedDevices.has(cyDevice)).toBe(false)

    // And kept out: dialling Ada's device directly is refused by the firewall.
    bare.joinPeer(sessionOf(ada).device.keyPair.publicKey)
    await new Promise((resolve) => setTimeout(resolve, 2_000))
    expect(network().isConnected(cyDevice)).toBe(false)
  }, 60_000)
})
