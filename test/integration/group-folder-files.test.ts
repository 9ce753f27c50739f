import { randomBytes, randomUUID } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { FOLDER_TRANSFER_LIMITS } from '../../shared/domain/folders'
import type { RpcClient } from '../../shared/rpc'
import type { TestCore } from '../helpers/core'
import { makeTempDir } from '../helpers/core'
import { groupWith, idOf } from '../helpers/groups'
import { createPerson, waitFor } from '../helpers/people'
import type { Testnet } from '../helpers/testnet'
import { startTestnet } from '../helpers/testnet'

/**
 * Files put into a group's shared folder from the app, as the Folders tab
 * does (the only way in and out in browser mode): Ada has bound no directory
 * and uploads through folders.startUpload/uploadChunk/finishUpload; Ben keeps
 * the folder in a real directory and gets every version there, byte for
 * byte; both read versions back with folders.readFile.
 */
describe('shared folder files through the app', () => {
  let testnet: Testnet
  let ada: TestCore
  let ben: TestCore
  let temp: { dir: string; cleanup: () => Promise<void> }

  beforeAll(async () => {
    testnet = await startTestnet()
    ada = await createPerson(testnet, 'Ada')
    ben = await createPerson(testnet, 'Ben')
    temp = await makeTempDir('planet-folder-files-')
  })

  afterAll(async () => {
    await ada?.cleanup()
    await ben?.cleanup()
    await testnet?.destroy()
    await temp?.cleanup()
  })

  type Ref = { groupId: string; folderId: string }

  async function upload(client: RpcClient, ref: Ref, path: string, bytes: Buffer) {
    const { uploadId, chunkBytes } = await client.call('folders.startUpload', { ...ref, path, size: bytes.length })
    let chunks = 0
    for (let offset = 0; offset < bytes.length; offset += chunkBytes, chunks++) {
      await client.call('folders.uploadChunk', { uploadId, offset, data: bytes.subarray(offset, offset + chunkBytes).toString('base64') })
    }
    return { file: await client.call('folders.finishUpload', { uploadId }), chunks }
  }

  async function readAll(client: RpcClient, ref: Ref, path: string, versionId?: string): Promise<Buffer> {
    const parts: Buffer[] = []
    for (let offset = 0; ; ) {
      const answer = await client.call('folders.readFile', { ...ref, path, offset, ...(versionId ? { versionId } : {}) })
      const bytes = Buffer.from(answer.data, 'base64')
      parts.push(bytes)
      offset += bytes.length
      if (answer.done) return Buffer.concat(parts)
      if (bytes.length === 0) throw new Error('a read made no progress')
    }
  }

  async function onDisk(dir: string, rel: string): Promise<Buffer | null> {
    return readFile(join(dir, ...rel.split('/'))).catch(() => null)
  }

  async function arrives(dir: string, rel: string, content: Buffer | null): Promise<void> {
    await waitFor(`Ben’s disk to have ${rel} ${content ? `(${content.length} bytes)` : 'deleted'}`, async () => {
      const found = await onDisk(dir, rel)
      return content === null ? found === null : found?.equals(content) === true
    })
  }

  async function staged(person: TestCore): Promise<Buffer[]> {
    const dir = join(person.dataDir, 'folders-uploads')
    const names = await readdir(dir).catch(() => [])
    return Promise.all(names.map((name) => readFile(join(dir, name))))
  }

  it('Ada uploads with no directory; Ben gets every version on disk and reads it; history, restore and delete reach both', async () => {
    const { groupId } = await groupWith(ada, [ben], 'Studio')
    await ada.client.call('groups.updateSettings', { groupId, mode: 'working' })
    await waitFor('Ben to see the working mode', async () => (await ben.client.call('groups.get', { groupId })).mode === 'working')
    const folderId = (await ada.client.call('folders.create', { groupId, name: 'Designs' })).id
    const ref = { groupId, folderId }
    for (const person of [ada, ben]) {
      await waitFor('both to list the folder with both drives', async () => (await person.client.call('folders.list', { groupId }))[0]?.devices === 2)
    }
    const benDir = join(temp.dir, 'Designs')
    await ben.client.call('folders.bind', { ...ref, dir: benDir })
    const adaId = await idOf(ada)
    let benEvents = 0
    const unsubscribe = ben.client.subscribe('folders.onFoldersChanged', (payload) => {
      if (payload.groupId === groupId) benEvents++
    })

    // Refused before any byte moves, and nothing changes.
    await expect(ada.client.call('folders.startUpload', { ...ref, path: '../x', size: 1 })).rejects.toMatchObject({ code: 'FOLDER_BAD_PATH' })
    await expect(ada.client.call('folders.startUpload', { ...ref, path: 'a/../../b', size: 1 })).rejects.toMatchObject({ code: 'FOLDER_BAD_PATH' })
    await expect(ada.client.call('folders.startUpload', { ...ref, path: 'x.bin', size: FOLDER_TRANSFER_LIMITS.uploadBytes + 1 })).rejects.toMatchObject({ code: 'FOLDER_TOO_LARGE' })
    await expect(ada.client.call('folders.startUpload', { groupId, folderId: '0'.repeat(32), path: 'x.bin', size: 1 })).rejects.toMatchObject({ code: 'FOLDER_NOT_FOUND' })
    await expect(ada.client.call('folders.uploadChunk', { uploadId: '0'.repeat(32), offset: 0, data: 'AA==' })).rejects.toMatchObject({ code: 'UPLOAD_NOT_FOUND' })
    await expect(ada.client.call('folders.finishUpload', { uploadId: '0'.repeat(32) })).rejects.toMatchObject({ code: 'UPLOAD_NOT_FOUND' })
    const half = await ada.client.call('folders.startUpload', { ...ref, path: 'half.txt', size: 10 })
    await expect(ada.client.call('folders.uploadChunk', { uploadId: half.uploadId, offset: 5, data: Buffer.from('hello').toString('base64') })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await ada.client.call('folders.uploadChunk', { uploadId: half.uploadId, offset: 0, data: Buffer.from('hello').toString('base64') })
    await expect(ada.client.call('folders.finishUpload', { uploadId: half.uploadId })).rejects.toMatchObject({ code: 'UPLOAD_INCOMPLETE' })
    await expect(ada.client.call('folders.uploadChunk', { uploadId: half.uploadId, offset: 5, data: Buffer.from('world').toString('base64') })).rejects.toMatchObject({ code: 'UPLOAD_NOT_FOUND' })
    await expect(ada.client.call('folders.readFile', { ...ref, path: 'half.txt' })).rejects.toMatchObject({ code: 'FOLDER_NO_SUCH_FILE' })
    await expect(ada.client.call('folders.deleteFile', { ...ref, path: '../x' })).rejects.toMatchObject({ code: 'FOLDER_BAD_PATH' })
    await expect(ada.client.call('folders.deleteFile', { ...ref, path: 'half.txt' })).rejects.toMatchObject({ code: 'FOLDER_NO_SUCH_FILE' })
    expect(await ada.client.call('folders.listFiles', ref)).toEqual([])
    expect(await staged(ada)).toEqual([])

    // A file of a few MB, in several chunks; staged encrypted while it uploads.
    const marker = Buffer.from(`FolderUploadMarker-${randomUUID()}`)
    const first = Buffer.concat([marker, randomBytes(3 * 1024 * 1024 + 123)])
    const { uploadId } = await ada.client.call('folders.startUpload', { ...ref, path: 'plans/site.bin', size: first.length })
    await ada.client.call('folders.uploadChunk', { uploadId, offset: 0, data: first.subarray(0, FOLDER_TRANSFER_LIMITS.chunkBytes).toString('base64') })
    const partial = await staged(ada)
    expect(partial).toHaveLength(1)
    expect(partial[0]!.includes(marker)).toBe(false)
    await ada.client.call('folders.cancelUpload', { uploadId })
    await ada.client.call('folders.cancelUpload', { uploadId })
    expect(await staged(ada)).toEqual([])

    const eventsBefore = benEvents
    const sent = await upload(ada.client, ref, 'plans/site.bin', first)
    expect(sent.chunks).toBeGreaterThan(5)
    expect(sent.file).toMatchObject({ path: 'plans/site.bin', size: first.length, authorIdentity: adaId, authorName: 'Ada' })
    expect(await staged(ada)).toEqual([])
    await arrives(benDir, 'plans/site.bin', first)
    expect((await readAll(ben.client, ref, 'plans/site.bin')).equals(first)).toBe(true)
    expect(await ben.client.call('folders.listFiles', ref)).toEqual([expect.objectContaining({ path: 'plans/site.bin', size: first.length, authorIdentity: adaId, authorName: 'Ada' })])
    // Ben's app heard of it (the UI refetches listFiles on this event).
    await waitFor('Ben to get folders.onFoldersChanged', () => benEvents > eventsBefore)

    // A second upload is a new version, on Ben's disk too; the history names Ada for both.
    const second = Buffer.concat([first.subarray(0, 1024 * 1024), Buffer.from('second version')])
    await upload(ada.client, ref, 'plans/site.bin', second)
    await arrives(benDir, 'plans/site.bin', second)
    const history = await ben.client.call('folders.history', { ...ref, path: 'plans/site.bin' })
    expect(history.map((v) => [v.size, v.deleted, v.authorIdentity, v.authorName])).toEqual([
      [second.length, false, adaId, 'Ada'],
      [first.length, false, adaId, 'Ada'],
    ])
    expect((await readAll(ben.client, ref, 'plans/site.bin', history[1]!.id)).equals(first)).toBe(true)
    const slice = await ben.client.call('folders.readFile', { ...ref, path: 'plans/site.bin', versionId: history[1]!.id, offset: 2_000_000, length: 1000 })
    expect(slice).toMatchObject({ done: false, size: first.length })
    expect(Buffer.from(slice.data, 'base64').equals(first.subarray(2_000_000, 2_001_000))).toBe(true)
    await expect(ben.client.call('folders.readFile', { ...ref, path: 'plans/site.bin', versionId: 'nope' })).rejects.toMatchObject({ code: 'FOLDER_NO_SUCH_VERSION' })

    // Restoring the first version brings it back on both.
    await ben.client.call('folders.restore', { ...ref, path: 'plans/site.bin', versionId: history[1]!.id })
    await arrives(benDir, 'plans/site.bin', first)
    await waitFor('Ada to read the restored version', async () => (await readAll(ada.client, ref, 'plans/site.bin')).equals(first))

    // Ben, who keeps a directory, uploads too: the file lands on his own disk, and Ada reads it.
    const fromBen = Buffer.from('written by Ben in the app')
    expect((await upload(ben.client, ref, 'notes/ben.txt', fromBen)).file).toMatchObject({ authorName: 'Ben', authorIdentity: await idOf(ben) })
    await arrives(benDir, 'notes/ben.txt', fromBen)
    await waitFor('Ada to read Ben’s upload', async () => (await readAll(ada.client, ref, 'notes/ben.txt')).equals(fromBen))
    // A path that is a folder in the folder now, or a file on the way: refused.
    await expect(ada.client.call('folders.startUpload', { ...ref, path: 'notes', size: 1 })).rejects.toMatchObject({ code: 'FOLDER_BAD_PATH' })
    await expect(ada.client.call('folders.startUpload', { ...ref, path: 'notes/ben.txt/x', size: 1 })).rejects.toMatchObject({ code: 'FOLDER_BAD_PATH' })

    // Ada deletes it: gone from Ben's disk and from both lists; its versions stay in history.
    await ada.client.call('folders.deleteFile', { ...ref, path: 'plans/site.bin' })
    await arrives(benDir, 'plans/site.bin', null)
    for (const person of [ada, ben]) {
      await waitFor('the list to lose site.bin', async () => (await person.client.call('folders.listFiles', ref)).map((file) => file.path).join() === 'notes/ben.txt')
    }
    await expect(ben.client.call('folders.readFile', { ...ref, path: 'plans/site.bin' })).rejects.toMatchObject({ code: 'FOLDER_NO_SUCH_FILE' })
    expect((await ben.client.call('folders.history', { ...ref, path: 'plans/site.bin' }))[0]).toMatchObject({ deleted: true, authorName: 'Ada' })
    // It is listed under deleted files (the way back to it once the page that deleted it is gone).
    expect(await ben.client.call('folders.listDeleted', ref)).toEqual([expect.objectContaining({ path: 'plans/site.bin', authorName: 'Ada' })])

    // Locking drops unfinished uploads and their staged bytes.
    const pending = await ada.client.call('folders.startUpload', { ...ref, path: 'later.txt', size: 4 })
    await ada.client.call('folders.uploadChunk', { uploadId: pending.uploadId, offset: 0, data: Buffer.from('la').toString('base64') })
    await ada.client.call('vault.lock', {})
    await ada.client.call('vault.unlock', { passphrase: 'correct horse battery' })
    await expect(ada.client.call('folders.uploadChunk', { uploadId: pending.uploadId, offset: 2, data: Buffer.from('te').toString('base64') })).rejects.toMatchObject({ code: 'UPLOAD_NOT_FOUND' })
    expect(await staged(ada)).toEqual([])
    unsubscribe()
  }, 120_000)
})
