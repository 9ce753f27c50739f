import { randomBytes, randomUUID } from 'node:crypto'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hex } from '../../main/core/spaces/certs'
import type { GroupState } from '../../main/core/groups/group-state'
import { REGISTRY_FILE } from '../../main/relay/relay-registry'
import { relayLink } from '../../shared/domain/relay-code'
import type { TestCore } from '../helpers/core'
import { makeTempDir } from '../helpers/core'
import { listFiles } from '../helpers/files'
import { allMessages, groupSpace, groupWith, idOf, sessionOf } from '../helpers/groups'
import { connect, createPerson, waitFor } from '../helpers/people'
import { startRelay } from '../helpers/relay'
import type { Testnet } from '../helpers/testnet'
import { startTestnet } from '../helpers/testnet'

const PASSPHRASE = 'correct horse battery'
/** Messages Ada writes while Ben is offline. */
const MESSAGES = 30

/**
 * Issue 6's acceptance run with two full app Cores and an in-process relay on
 * a loopback testnet: Ada writes messages, attaches a file and puts a file
 * into a shared folder while Ben is offline (his vault locked: no session, no
 * network), Ada goes offline, Ben comes back and gets everything from the
 * relay alone, the folder's file on his own disk. Then nothing the test wrote
 * may appear in the relay's data dir.
 */
describe('relay: a group stays available while its members are apart', () => {
  let testnet: Testnet
  let relay: Awaited<ReturnType<typeof startRelay>>
  let ada: TestCore
  let ben: TestCore
  let cy: TestCore
  let folders: Awaited<ReturnType<typeof makeTempDir>>

  beforeAll(async () => {
    testnet = await startTestnet()
    relay = await startRelay(testnet)
    ada = await createPerson(testnet, 'Ada')
    ben = await createPerson(testnet, 'Ben')
    cy = await createPerson(testnet, 'Cy')
    folders = await makeTempDir('planet-relay-folders-')
  })

  afterAll(async () => {
    await ada?.cleanup()
    await ben?.cleanup()
    await cy?.cleanup()
    await relay?.cleanup()
    await testnet?.destroy()
    await folders?.cleanup()
  })

  it('Ben receives what Ada wrote while he was offline from the relay alone, and the relay holds only ciphertext', async () => {
    const marker = `relay-marker-${randomUUID()}`
    const groupName = `Garden ${randomUUID().slice(0, 8)}`
    const { groupId } = await groupWith(ada, [ben, cy], groupName)
    // Ada and Ben are contacts too: their DM may use the group's relay when both allow it.
    const { conversationId: dmId } = await connect(ada.client, ben.client, 'Ben')
    for (const person of [ada, ben]) expect(await person.client.call('relays.setSettings', { shareDms: true })).toEqual({ shareDms: true })

    // Only admins add relays; a wrong code is refused with a reason.
    await expect(ben.client.call('relays.addGroupRelay', { groupId, code: relayLink(relay.relay.code) })).rejects.toMatchObject({ code: 'GROUP_FORBIDDEN' })
    await expect(ada.client.call('relays.addGroupRelay', { groupId, code: relay.relay.code.slice(0, -3) })).rejects.toMatchObject({ code: 'RELAY_CODE_INVALID' })
    const added = await ada.client.call('relays.addGroupRelay', { groupId, code: relayLink(relay.relay.code) })
    expect(added).toMatchObject({ groupId, relayKey: relay.relay.publicKey.toString('hex'), addedByName: 'Ada' })
    await expect(ada.client.call('relays.addGroupRelay', { groupId, code: relay.relay.code })).rejects.toMatchObject({ code: 'RELAY_EXISTS' })

    // Both devices see the relay, admitted (Ada's app registered both devices) and in sync.
    for (const person of [ada, ben]) {
      await waitFor('the relay to be reachable, admitted and in sync', async () => {
        const [status] = (await person.client.call('relays.listGroupRelays', { groupId })).map((r) => r.status)
        return status?.reachable && status.admitted && status.inSync === true
      })
    }
    const groupKey = await discoveryKeyOf(ada, groupId)
    expect(relay.relay.registry.get(groupKey)?.members.size).toBe(3)

    // Ada removes Cy: her app registers the group again without Cy's device.
    const cyDevice = hex(sessionOf(cy).device.keyPair.publicKey)
    expect(relay.relay.registry.isMember(cyDevice, groupKey)).toBe(true)
    await ada.client.call('groups.removeMember', { groupId, memberId: await idOf(cy) })
    await waitFor('the relay to drop Cy’s device', () => relay.relay.registry.get(groupKey)?.members.size === 2)
    expect(relay.relay.registry.isMember(cyDevice, groupKey)).toBe(false)
    await waitFor('Cy to see the relay refuse her', async () => {
      const [status] = (await cy.client.call('relays.listGroupRelays', { groupId })).map((r) => r.status)
      return status !== undefined && !status.admitted
    })
    // Cy goes offline for good: as a former member her device could otherwise pass the group's blocks on.
    await cy.client.call('vault.lock', {})

    // A shared folder (working groups have them), bound by Ada and Ben each to a directory of their own.
    await ada.client.call('groups.updateSettings', { groupId, mode: 'working' })
    const { id: folderId } = await ada.client.call('folders.create', { groupId, name: `Designs ${marker}` })
    const adaDir = join(folders.dir, 'ada')
    const benDir = join(folders.dir, 'ben')
    await ada.client.call('folders.bind', { groupId, folderId, dir: adaDir })
    await waitFor('Ben to open the folder', async () => (await ben.client.call('folders.list', { groupId }))[0]?.available)
    await ben.client.call('folders.bind', { groupId, folderId, dir: benDir })
    for (const person of [ada, ben]) {
      await waitFor('both drives to be announced', async () => (await person.client.call('folders.list', { groupId }))[0]?.devices === 2)
    }

    // The DM's cores reach the relay too (both allowed it).
    const dmWriter = sessionOf(ada).spaces.get(dmId)!.base.local
    const relayLength = async (core: { discoveryKey: Buffer }) => {
      const [info] = await relay.relay.peer.store.storage.getInfos([core.discoveryKey])
      return (info as { hints?: { contiguousLength?: number } } | null)?.hints?.contiguousLength ?? 0
    }
    await waitFor('the relay to hold Ada’s side of the DM', async () => dmWriter.length > 0 && (await relayLength(dmWriter)) >= dmWriter.length)

    // Ben goes offline; Ada writes and attaches a file.
    await ben.client.call('vault.lock', {})
    const texts = Array.from({ length: MESSAGES }, (_, i) => `${marker} message ${i}`)
    for (const text of texts) await ada.client.call('chats.sendMessage', { conversationId: groupId, text })
    const file = Buffer.concat([randomBytes(150_000), Buffer.from(`${marker} file content`), randomBytes(50_000)])
    const { uploadId, chunkBytes } = await ada.client.call('chats.startUpload', { name: 'plan.pdf', size: file.length, mime: 'application/pdf' })
    for (let offset = 0; offset < file.length; offset += chunkBytes) {
      await ada.client.call('chats.uploadChunk', { uploadId, offset, data: file.subarray(offset, offset + chunkBytes).toString('base64') })
    }
    const sent = await ada.client.call('chats.sendMessage', { conversationId: groupId, text: `${marker} the plan`, uploadIds: [uploadId] })
    const attachmentId = sent.attachments[0]!.id
    const dmText = `${marker} a direct message`
    await ada.client.call('chats.sendMessage', { conversationId: dmId, text: dmText })
    await waitFor('the relay to hold Ada’s new DM message', async () => (await relayLength(dmWriter)) >= dmWriter.length)

    // Ada saves a file into her shared folder; her app publishes it into her folder drive.
    const folderFile = Buffer.concat([randomBytes(120_000), Buffer.from(`${marker} folder content`), randomBytes(30_000)])
    const folderPath = `${marker}.bin`
    await writeFile(join(adaDir, folderPath), folderFile)
    await waitFor('Ada’s app to publish the folder’s file', async () =>
      (await ada.client.call('folders.listFiles', { groupId, folderId })).some((f) => f.path === folderPath && f.size === folderFile.length),
    )
    // The relay keeps her folder drive's cores (index and content), as it keeps her writer and files cores.
    const adaDrive = ada.core.folders.of(sessionOf(ada))!.handle(groupId, folderId)!.engine!.ownDrive()
    const driveCores = [adaDrive.core, adaDrive.blobs!.core]
    expect(driveCores.every((core) => core.length > 0)).toBe(true)
    await waitFor('the relay to hold Ada’s folder drive', async () => {
      for (const core of driveCores) if ((await relayLength(core)) < core.length) return false
      return true
    }, 60_000)

    // Ada waits until the relay holds all of it (the writers, her files core, her folder drive's two cores), then goes offline.
    const synced = await waitFor('the relay to hold everything Ada wrote', async () => {
      const [status] = (await ada.client.call('relays.listGroupRelays', { groupId })).map((r) => r.status)
      return status?.inSync === true && status.cores >= 5 ? status : undefined
    }, 60_000)
    expect(synced.heldBlocks).toBe(synced.localBlocks)
    expect(synced.localBlocks).toBeGreaterThanOrEqual(driveCores[0]!.length + driveCores[1]!.length)
    await ada.client.call('vault.lock', {})

    // Ben comes back: Ada is offline, so everything comes from the relay.
    await ben.client.call('vault.unlock', { passphrase: PASSPHRASE })
    const received = await waitFor('Ben to receive every message from the relay', async () => {
      const messages = await allMessages(ben.client, groupId)
      return messages.some((m) => m.id === sent.id) && texts.every((text) => messages.some((m) => m.text === text)) ? messages : undefined
    }, 60_000)
    expect(received.filter((m) => m.text.startsWith(marker)).map((m) => m.text)).toEqual([...texts, `${marker} the plan`])
    expect((await ben.client.call('contacts.list', {})).find((c) => c.displayName === 'Ada')?.online ?? false).toBe(false)
    // Ben's swarm has no peer at all (Ada and Cy are offline): the relay's is his only connection, made by blind-peering.
    expect(sessionOf(ben).network.connectionCount).toBe(0)
    await ben.client.call('chats.downloadAttachment', { conversationId: groupId, messageId: sent.id, attachmentId })
    await waitFor('the file to download from the relay', async () => {
      const message = (await ben.client.call('chats.listMessages', { conversationId: groupId })).messages.find((m) => m.id === sent.id)
      return message?.attachments[0]?.state === 'available'
    }, 60_000)
    const parts: Buffer[] = []
    for (let offset = 0, done = false; !done; ) {
      const chunk = await ben.client.call('chats.readAttachment', { conversationId: groupId, messageId: sent.id, attachmentId, offset, length: 100_000 })
      const bytes = Buffer.from(chunk.data, 'base64')
      parts.push(bytes)
      offset += bytes.length
      done = chunk.done
    }
    expect(Buffer.concat(parts).equals(file)).toBe(true)
    expect(relay.relay.snapshot().blocksServed).toBeGreaterThan(0)
    await waitFor('Ben to receive the DM from the relay', async () => (await ben.client.call('chats.listMessages', { conversationId: dmId })).messages.some((m) => m.text === dmText))
    // The folder's file lands on Ben's disk, byte for byte, with the relay still his only connection.
    await waitFor('the folder’s file to reach Ben’s disk from the relay', async () => (await readFile(join(benDir, folderPath)).catch(() => null))?.equals(folderFile), 60_000)
    expect(sessionOf(ben).network.connectionCount).toBe(0)

    // Ada comes back and removes the relay: everyone's app stops using it.
    await ada.client.call('vault.unlock', { passphrase: PASSPHRASE })
    await waitFor('Ada to be able to write again', async () => (await ada.client.call('groups.get', { groupId })).ready)
    await ada.client.call('relays.removeGroupRelay', { groupId, relayKey: added.relayKey })
    await expect(ada.client.call('relays.removeGroupRelay', { groupId, relayKey: added.relayKey })).rejects.toMatchObject({ code: 'RELAY_NOT_FOUND' })
    await waitFor('Ben to see the relay gone', async () => (await ben.client.call('relays.listGroupRelays', { groupId })).length === 0)

    // Blindness: no file in the relay's data dir holds a message, the file's content or the group's name.
    await relay.stop()
    // (The marker is also in the shared folder's name and its file's name and content.)
    const needles = [marker, groupName, 'the plan'].flatMap((text) => [Buffer.from(text, 'utf8'), Buffer.from(text, 'utf16le')])
    const files = await listFiles(relay.dataDir)
    expect(files.length).toBeGreaterThan(3)
    const findings: string[] = []
    for (const path of files) {
      const content = await readFile(path).catch(() => Buffer.alloc(0))
      for (const needle of needles) if (content.includes(needle)) findings.push(`${path.slice(relay.dataDir.length + 1)}: ${needle.toString('utf8').slice(0, 20)}`)
      // The file's own bytes (a 64-byte window from the middle of its random part) are not stored in the clear either.
      if (content.includes(file.subarray(70_000, 70_064))) findings.push(`${path}: file bytes`)
      if (content.includes(folderFile.subarray(60_000, 60_064))) findings.push(`${path}: folder file bytes`)
    }
    expect(findings).toEqual([])
  }, 180_000)
})

describe('relay: a relay that lost its registrations', () => {
  let testnet: Testnet
  let ada: TestCore
  let ben: TestCore

  beforeAll(async () => {
    testnet = await startTestnet()
    ada = await createPerson(testnet, 'Ada')
    ben = await createPerson(testnet, 'Ben')
  })

  afterAll(async () => {
    await ada?.cleanup()
    await ben?.cleanup()
    await testnet?.destroy()
  })

  it('is registered again by the admin’s app, and both members get back in sync', async () => {
    const temp = await makeTempDir('planet-relay-lost-')
    let relay = await startRelay(testnet, { dataDir: temp.dir })
    try {
      const { groupId } = await groupWith(ada, [ben], 'Lost and found')
      await ada.client.call('relays.addGroupRelay', { groupId, code: relay.relay.code })
      const inSync = (person: TestCore) =>
        waitFor('the relay to admit this device and be in sync', async () => {
          const [status] = (await person.client.call('relays.listGroupRelays', { groupId })).map((r) => r.status)
          return status?.admitted && status.inSync === true
        })
      await inSync(ada)
      await inSync(ben)

      // The operator restarts the relay without its registrations (same key, same cores).
      await relay.stop()
      await rm(join(temp.dir, REGISTRY_FILE))
      relay = await startRelay(testnet, { dataDir: temp.dir })
      expect(relay.relay.registry.groupCount).toBe(0)
      const after = await ada.client.call('chats.sendMessage', { conversationId: groupId, text: 'after the restart' })
      // Ada's app learns that the relay forgot the group (a status check answers not-member) and registers it again.
      const groupKey = await discoveryKeyOf(ada, groupId)
      await waitFor('Ada’s app to register the group again', async () => {
        await ada.client.call('relays.listGroupRelays', { groupId })
        return relay.relay.registry.get(groupKey)?.members.size === 2
      })
      const holdsAfter = async () => {
        const writer = groupSpace(ada, groupId).base.local
        const [info] = await relay.relay.peer.store.storage.getInfos([writer.discoveryKey])
        return ((info as { hints?: { contiguousLength?: number } } | null)?.hints?.contiguousLength ?? 0) >= writer.length
      }
      await waitFor('the relay to hold Ada’s new message', holdsAfter)
      await inSync(ada)
      await inSync(ben)
      await waitFor('Ben to read the new message', async () => (await ben.client.call('chats.listMessages', { conversationId: groupId })).messages.some((m) => m.id === after.id))
    } finally {
      await relay.stop()
      await temp.cleanup()
    }
  }, 120_000)

  it('an admin who joined in a later epoch gets the secret resealed, and can register the group', async () => {
    const relay = await startRelay(testnet)
    const dee = await createPerson(testnet, 'Dee')
    try {
      const { groupId } = await groupWith(ada, [ben], 'Resealed')
      await ada.client.call('relays.addGroupRelay', { groupId, code: relay.relay.code })
      // Ben leaves the group's keys behind: a new epoch. Dee joins after it and becomes an admin.
      await ada.client.call('groups.removeMember', { groupId, memberId: await idOf(ben) })
      await waitFor('the new epoch', async () => (await ada.client.call('groups.get', { groupId })).epoch === 1)
      const link = await ada.client.call('groups.createLink', { groupId })
      expect(await dee.client.call('groups.join', { code: link.code })).toMatchObject({ status: 'joined' })
      await waitFor('Dee to be ready', async () => (await dee.client.call('groups.get', { groupId })).ready)
      await ada.client.call('groups.setRole', { groupId, memberId: await idOf(dee), role: 'admin' })
      // Ada's app reseals the relay's secret with epoch 1, which Dee holds…
      await waitFor('the relay.add to be resealed for Dee', () => groupSpace(dee, groupId) && (groupSpace(dee, groupId).state as unknown as GroupState).relays.get(relay.relay.publicKey.toString('hex'))?.box.e === 1)
      // …and Dee's own app registers the group with the relay.
      const deeDevice = hex(sessionOf(dee).device.keyPair.publicKey)
      await waitFor('Dee’s app to register the group', () => relay.log.lines.some((line) => line.message === 'group registered' && (line.data as { device?: string }).device === deeDevice))
      expect(relay.relay.registry.get(await discoveryKeyOf(dee, groupId))?.admins.has(deeDevice)).toBe(true)
    } finally {
      await dee.cleanup()
      await relay.cleanup()
    }
  }, 120_000)
})

async function discoveryKeyOf(person: TestCore, groupId: string): Promise<string> {
  return sessionOf(person).spaces.get(groupId)!.discoveryKey.toString('hex')
}
