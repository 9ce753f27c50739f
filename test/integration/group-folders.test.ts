import { randomBytes } from 'node:crypto'
import { readFile, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { TestCore } from '../helpers/core'
import { makeTempDir } from '../helpers/core'
import { openContent } from '../../main/core/groups/epoch-crypto'
import type { GroupState } from '../../main/core/groups/group-state'
import type { FolderHandle } from '../../main/core/folders/folder-service'
import { folderEncryptionKey, folderKeys } from '../../main/core/folders/folder-service'
import { decryptRawBlock } from '../../main/core/folders/test-kit'
import { groupSpace, groupWith, idOf, sessionOf } from '../helpers/groups'
import { createPerson, waitFor } from '../helpers/people'
import type { Testnet } from '../helpers/testnet'
import { startTestnet } from '../helpers/testnet'

/**
 * Shared folders wired into a group: three people in a working group on the
 * loopback testnet, each binding a real temporary directory. Files are made
 * on disk, as a user makes them, and noticed by each device's watcher.
 */
describe('shared folders in a working group', () => {
  let testnet: Testnet
  let ada: TestCore
  let ben: TestCore
  let cy: TestCore
  let dee: TestCore
  const temps: Array<{ dir: string; cleanup: () => Promise<void> }> = []

  beforeAll(async () => {
    testnet = await startTestnet()
    ada = await createPerson(testnet, 'Ada')
    ben = await createPerson(testnet, 'Ben')
    cy = await createPerson(testnet, 'Cy')
    dee = await createPerson(testnet, 'Dee')
    for (let i = 0; i < 4; i++) temps.push(await makeTempDir('planet-shared-folder-'))
  })

  afterAll(async () => {
    await ada?.cleanup()
    await ben?.cleanup()
    await cy?.cleanup()
    await dee?.cleanup()
    await testnet?.destroy()
    for (const temp of temps) await temp.cleanup()
  })

  /** This device's handle of the test's folder (its keys, its engine). */
  let folderId = ''
  let groupId = ''
  function folderOf(person: TestCore): FolderHandle | undefined {
    return person.core.folders.of(sessionOf(person))?.handle(groupId, folderId)
  }
  /** The group rules' state on this device. */
  function groups(person: TestCore): GroupState {
    return person.core.groups.stateOf(groupSpace(person, groupId))
  }

  async function fileOn(dir: string, rel: string): Promise<Buffer | null> {
    return readFile(join(dir, rel)).catch(() => null)
  }

  async function arrives(person: string, dir: string, rel: string, content: Buffer | null): Promise<void> {
    await waitFor(`${person} to have ${rel} ${content ? `(${content.length} bytes)` : 'deleted'}`, async () => {
      const found = await fileOn(dir, rel)
      return content === null ? found === null : found !== null && found.equals(content)
    })
  }

  it('a folder made by an admin syncs files between members’ disks; a removed member stops receiving', async () => {
    groupId = (await groupWith(ada, [ben, cy], 'Studio')).groupId
    const [adaDir, benDir, cyDir] = temps.map((temp) => join(temp.dir, 'Designs')) as [string, string, string]

    // Chat groups have no folders; members cannot make them.
    await expect(ada.client.call('folders.create', { groupId, name: 'Designs' })).rejects.toMatchObject({ code: 'FOLDER_WRONG_MODE' })
    await ada.client.call('groups.updateSettings', { groupId, mode: 'working' })
    await waitFor('Ben to see the working mode', async () => (await ben.client.call('groups.get', { groupId })).mode === 'working')
    await expect(ben.client.call('folders.create', { groupId, name: 'Mine' })).rejects.toMatchObject({ code: 'GROUP_FORBIDDEN' })

    const folder = await ada.client.call('folders.create', { groupId, name: 'Designs' })
    expect(folder).toMatchObject({ groupId, name: 'Designs', available: true, dir: null, paused: false, createdBy: await idOf(ada) })
    folderId = folder.id

    // Every member opens the folder (its key is sealed to them) and announces a drive.
    for (const person of [ada, ben, cy]) {
      await waitFor('every member to list the folder with all three drives', async () => {
        const [listed] = await person.client.call('folders.list', { groupId })
        return listed?.id === folderId && listed.name === 'Designs' && listed.available && listed.devices === 3
      })
    }

    // Where a folder may not go.
    await expect(ada.client.call('folders.bind', { groupId, folderId, dir: 'relative/dir' })).rejects.toMatchObject({ code: 'FOLDER_BAD_DIR' })
    await expect(ada.client.call('folders.bind', { groupId, folderId, dir: join(ada.dataDir, 'inside') })).rejects.toMatchObject({ code: 'FOLDER_BAD_DIR' })
    await expect(ada.client.call('folders.bind', { groupId, folderId, dir: ada.dataDir })).rejects.toMatchObject({ code: 'FOLDER_BAD_DIR' })
    await writeFile(join(temps[0]!.dir, 'a-file'), 'x')
    await expect(ada.client.call('folders.bind', { groupId, folderId, dir: join(temps[0]!.dir, 'a-file') })).rejects.toMatchObject({ code: 'FOLDER_BAD_DIR' })
    await expect(ada.client.call('folders.bind', { groupId, folderId: '0'.repeat(32), dir: adaDir })).rejects.toMatchObject({ code: 'FOLDER_NOT_FOUND' })

    // Each binds a directory that does not exist yet.
    const bound = await ada.client.call('folders.bind', { groupId, folderId, dir: adaDir })
    expect(bound.dir).toBe(adaDir)
    await ben.client.call('folders.bind', { groupId, folderId, dir: benDir })
    await cy.client.call('folders.bind', { groupId, folderId, dir: cyDir })

    // Create on Ada's disk: byte for byte on the others'.
    const plan = randomBytes(200_000)
    await writeFile(join(adaDir, 'plan.bin'), plan)
    await arrives('Ben', benDir, 'plan.bin', plan)
    await arrives('Cy', cyDir, 'plan.bin', plan)

    // Ben edits it.
    const edited = Buffer.concat([plan, Buffer.from('edited by Ben')])
    await writeFile(join(benDir, 'plan.bin'), edited)
    await arrives('Ada', adaDir, 'plan.bin', edited)
    await arrives('Cy', cyDir, 'plan.bin', edited)

    // Cy makes a note, then deletes it.
    await writeFile(join(cyDir, 'note.txt'), 'short-lived')
    await arrives('Ada', adaDir, 'note.txt', Buffer.from('short-lived'))
    await arrives('Ben', benDir, 'note.txt', Buffer.from('short-lived'))
    await unlink(join(cyDir, 'note.txt'))
    await arrives('Ada', adaDir, 'note.txt', null)
    await arrives('Ben', benDir, 'note.txt', null)

    // The drives are encrypted with the folder's key: the names are not in the raw blocks.
    const adaDrive = ada.core.folders.of(sessionOf(ada))!.handle(groupId, folderId)!.engine!.ownDrive().core
    const blocks = { plain: 0, raw: 0 }
    for (let i = 0; i < adaDrive.length; i++) {
      if (((await adaDrive.get(i)) as Buffer).includes('plan.bin')) blocks.plain++
      if (((await adaDrive.get(i, { decrypt: false } as never)) as Buffer).includes('plan.bin')) blocks.raw++
    }
    expect(blocks.plain).toBeGreaterThan(0)
    expect(blocks.raw).toBe(0)

    // The API sees the merged folder and its history.
    const files = await ben.client.call('folders.listFiles', { groupId, folderId })
    expect(files.map((file) => [file.path, file.size])).toEqual([['plan.bin', edited.length]])
    const history = await ada.client.call('folders.history', { groupId, folderId, path: 'plan.bin' })
    // Newest first; a watcher may also have caught a half-written state in between, so only the ends are fixed.
    const sizes = history.filter((version) => !version.deleted).map((version) => version.size)
    expect(sizes[0]).toBe(edited.length)
    expect(sizes.at(-1)).toBe(plan.length)
    await expect(ada.client.call('folders.history', { groupId, folderId, path: '../etc/passwd' })).rejects.toMatchObject({ code: 'FOLDER_BAD_PATH' })
    await expect(ada.client.call('folders.restore', { groupId, folderId, path: 'plan.bin', versionId: 'nope' })).rejects.toMatchObject({ code: 'FOLDER_NO_SUCH_VERSION' })

    // Ben locks and unlocks: the binding is a local setting, the engine opens again where it was.
    await ben.client.call('vault.lock', {})
    await ben.client.call('vault.unlock', { passphrase: 'correct horse battery' })
    await waitFor('Ben’s folder to open again, still bound', async () => {
      const [listed] = await ben.client.call('folders.list', { groupId })
      return listed?.dir === benDir && listed.status !== null
    })
    const again = Buffer.from('while Ben was away and back')
    await writeFile(join(adaDir, 'again.txt'), again)
    await arrives('Ben', benDir, 'again.txt', again)
    await arrives('Cy', cyDir, 'again.txt', again)

    // Ben becomes an admin too: both admins' devices then give the folder a new key when someone goes.
    await ada.client.call('groups.setRole', { groupId, memberId: await idOf(ben), role: 'admin' })
    await waitFor('Ben to be an admin', () => groups(ben).members.get(sessionOf(ben).me)?.role === 'admin')

    // Cy is removed: their drive drops out of everyone's members, their engine stops.
    const cyId = await idOf(cy)
    const cyHandle = folderOf(cy)!
    const cyDrive = cyHandle.engine!.deviceId
    // Every folder key Cy's device held: the one generation there was (derived into the drives' encryption key).
    const cyKeys = folderKeys(cyHandle.content!)
    expect(cyKeys).toHaveLength(1)
    const old = { ada: folderOf(ada)!.engine!.deviceId, ben: folderOf(ben)!.engine!.deviceId }
    expect(folderOf(ada)!.engine!.members()).toContain(cyDrive)
    await ada.client.call('groups.removeMember', { groupId, memberId: cyId })
    await waitFor('Cy’s app to say they were removed', async () => (await cy.client.call('groups.get', { groupId })).membership === 'removed')

    // An admin's device gives the folder a new key (generation 1) sealed with the new epoch's key; every remaining
    // member's device moves to a new drive under it, and keeps reading the generation-0 drives (Cy's excepted).
    const fresh: Record<'ada' | 'ben', string> = { ada: '', ben: '' }
    for (const [name, person] of [['ada', ada], ['ben', ben]] as const) {
      await waitFor(`${name}’s engine to write a generation-1 drive and drop Cy’s`, () => {
        const engine = folderOf(person)?.engine
        if (!engine || engine.deviceId === old[name] || engine.members().includes(cyDrive)) return false
        fresh[name] = engine.deviceId
        return groups(person).folders.get(folderId)?.gen === 1 && groups(person).epoch === 1
      })
      expect((await person.client.call('folders.list', { groupId }))[0]?.devices).toBe(2)
    }
    for (const [person, own, other] of [[ada, 'ada', 'ben'], [ben, 'ben', 'ada']] as const) {
      await waitFor('each to read the other’s drives of both generations and its own old one', () =>
        [old[own], old[other], fresh[other]].every((drive) => folderOf(person)?.engine?.members().includes(drive)),
      )
    }
    await waitFor('Cy’s engine to close', () => cy.core.folders.of(sessionOf(cy))?.handle(groupId, folderId) === undefined)
    expect(await cy.client.call('folders.list', { groupId })).toEqual([])

    // New changes reach Ben, not Cy; what Cy had stays on their disk.
    const after = Buffer.from('after Cy left: '.repeat(40))
    await writeFile(join(adaDir, 'after.txt'), after)
    await arrives('Ben', benDir, 'after.txt', after)
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(await fileOn(cyDir, 'after.txt')).toBeNull()
    expect((await fileOn(cyDir, 'plan.bin'))?.equals(edited)).toBe(true)

    // Even a modified client of Cy's that kept fetching blocks reads nothing new: the block of after.txt, as stored
    // and served by Ada's generation-1 drive, is noise under every key Cy held, and plain under the new key.
    const adaNow = folderOf(ada)!
    expect(adaNow.engine!.deviceId).toBe(fresh.ada)
    const blobs = (await adaNow.engine!.ownDrive().getBlobs()).core
    const newKey = folderKeys(adaNow.content!)
    expect(newKey).toHaveLength(2)
    expect(newKey[0]).toBe(cyKeys[0])
    const encryption = (key: string) => folderEncryptionKey(Buffer.from(key, 'hex'), groupId, folderId)
    let readable = 0
    for (let i = 0; i < blobs.length; i++) {
      if ((await decryptRawBlock(blobs, i, encryption(newKey[1]!))).includes('after Cy left')) readable++
      for (const key of cyKeys) expect((await decryptRawBlock(blobs, i, encryption(key))).includes('after Cy left')).toBe(false)
    }
    expect(readable).toBe(1)
    // And Cy cannot learn the new key: no epoch key Cy's device holds opens the box that carries it.
    const folderNow = groups(ada).folders.get(folderId)!
    expect(folderNow.boxType).toBe('folder.rekey')
    const cyEpochKeys = sessionOf(cy).db.prepare('SELECT key FROM group_epoch_keys WHERE space = ?').all(groupId) as Array<{ key: string }>
    expect(cyEpochKeys.length).toBeGreaterThan(0)
    for (const { key } of cyEpochKeys) {
      expect(openContent(folderNow.box, Buffer.from(key, 'hex'), { space: groupId, opId: folderNow.boxOp, type: folderNow.boxType })).toBeNull()
    }

    // And Cy's edits no longer reach the members; Ben's reach Ada from his new drive.
    await writeFile(join(cyDir, 'from-cy.txt'), 'hello?')
    await writeFile(join(benDir, 'marker.txt'), 'ben')
    await arrives('Ada', adaDir, 'marker.txt', Buffer.from('ben'))
    expect(folderOf(ada)!.engine!.list().find((file) => file.path === 'marker.txt')?.author).toBe(fresh.ben)
    await new Promise((resolve) => setTimeout(resolve, 1_500))
    expect(await fileOn(adaDir, 'from-cy.txt')).toBeNull()
    expect(await fileOn(benDir, 'from-cy.txt')).toBeNull()

    // Ben edits a file Ada made under generation 0: a plain newer version, no conflict copy.
    const againEdited = Buffer.from('edited by Ben after the rekey')
    await writeFile(join(benDir, 'again.txt'), againEdited)
    await arrives('Ada', adaDir, 'again.txt', againEdited)
    expect(await ada.client.call('folders.conflicts', { groupId, folderId })).toEqual([])

    // Dee joins after the rotation: the folder's newest box (the rekey) is sealed with the epoch she joins in, and
    // holds both generations' keys: she gets the files of the generation-0 drives and of the new ones.
    const link = await ada.client.call('groups.createLink', { groupId })
    expect(await dee.client.call('groups.join', { code: link.code })).toMatchObject({ status: 'joined' })
    await waitFor('Dee to be ready in the group', async () => (await dee.client.call('groups.get', { groupId })).ready)
    await waitFor('Dee to open the folder', async () => {
      const [listed] = await dee.client.call('folders.list', { groupId })
      return listed?.id === folderId && listed.available && listed.name === 'Designs' && listed.devices === 3
    })
    const deeDir = join(temps[3]!.dir, 'Designs')
    await dee.client.call('folders.bind', { groupId, folderId, dir: deeDir })
    await arrives('Dee', deeDir, 'plan.bin', edited)
    await arrives('Dee', deeDir, 'after.txt', after)
    await arrives('Dee', deeDir, 'again.txt', againEdited)
    expect(folderKeys(folderOf(dee)!.content!)).toEqual(newKey)
    await writeFile(join(deeDir, 'from-dee.txt'), 'hi')
    await arrives('Ben', benDir, 'from-dee.txt', Buffer.from('hi'))
  }, 120_000)
})
