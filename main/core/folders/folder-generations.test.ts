import { randomBytes } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { FolderEngine, ownDriveNamespace } from './folder-engine'
import { decryptRawBlock, FolderMesh, put, read, waitFor } from './test-kit'
import type { Member } from './test-kit'

/**
 * A folder key generation change (folder.rekey, wired in folder-service.ts) as the engine sees it: every
 * device restarts writing a new drive under the new key, and reads every older drive (its own too) under
 * the key of that drive's generation.
 */
let mesh: FolderMesh | null = null

afterEach(async () => {
  await mesh?.close()
  mesh = null
})

/** Restart `member` writing generation `generation` under `key`; `members` as the group wiring would give them. */
async function restartAt(member: Member, generation: number, key: Uint8Array): Promise<FolderEngine> {
  await member.engine.close()
  const engine = new FolderEngine({
    folderId: 'test-folder',
    store: member.store,
    stateDir: member.stateDir,
    dir: member.dir,
    encryptionKey: key,
    generation,
    caseInsensitive: false,
    debounceMs: 50,
    retryMs: 300,
    blockTimeoutMs: 5000,
    rescanIntervalMs: 0,
  })
  engine.events.on('refused', (r) => member.refusals.push(r))
  await engine.ready()
  member.engine = engine
  return engine
}

describe('FolderEngine across key generations', () => {
  it('keeps gen 0 in the namespace drives had before generations; names later ones by generation and key', () => {
    expect(ownDriveNamespace('g-f')).toBe('planet-folder:g-f')
    expect(ownDriveNamespace('g-f', 0, randomBytes(32))).toBe('planet-folder:g-f')
    const key = randomBytes(32)
    expect(ownDriveNamespace('g-f', 1, key)).toBe(ownDriveNamespace('g-f', 1, Buffer.from(key)))
    expect(ownDriveNamespace('g-f', 1, key)).toMatch(/^planet-folder:g-f:1:[0-9a-f]{32}$/)
    expect(ownDriveNamespace('g-f', 1, key)).not.toBe(ownDriveNamespace('g-f', 1, randomBytes(32)))
    expect(ownDriveNamespace('g-f', 1, key)).not.toBe(ownDriveNamespace('g-f', 2, key))
  })

  it('after a rekey: nothing is published again, edits win over old-generation versions, history and restore span generations', async () => {
    mesh = await FolderMesh.create(['ada', 'ben'])
    const [ada, ben] = mesh.members as [Member, Member]
    await put(ada.dir, 'plan.txt', 'v1 by ada')
    await put(ben.dir, 'notes/ben.txt', 'from ben')
    await waitFor(async () => (await read(ben.dir, 'plan.txt')) === 'v1 by ada' && (await read(ada.dir, 'notes/ben.txt')) === 'from ben', 'gen 0 files on both')
    await mesh.idle()
    const before = ada.engine.list()
    const old = { ada: ada.engine.deviceId, ben: ben.engine.deviceId }
    const oldKey = mesh.encryptionKey

    // The rekey: both restart under a new key; each reads the other's drives of both generations and its own old one.
    const newKey = randomBytes(32)
    await restartAt(ada, 1, newKey)
    await restartAt(ben, 1, newKey)
    expect(ada.engine.deviceId).not.toBe(old.ada)
    expect(ben.engine.deviceId).not.toBe(old.ben)
    const drives = (m: Member, other: Member, otherOld: string, ownOld: string) => [
      { key: Buffer.from(ownOld, 'hex'), encryptionKey: oldKey },
      { key: Buffer.from(otherOld, 'hex'), encryptionKey: oldKey },
      { key: other.engine.driveKey, encryptionKey: newKey },
    ]
    await ada.engine.setMembers(drives(ada, ben, old.ben, old.ada))
    await ben.engine.setMembers(drives(ben, ada, old.ada, old.ben))
    await mesh.idle()

    // An unchanged tree publishes nothing into the new drives and reads no file content: the index still knows every file.
    for (const m of [ada, ben]) {
      expect(m.engine.stats.published).toBe(0)
      expect(m.engine.stats.contentBytesRead).toBe(0)
      expect(m.engine.stats.written).toBe(0)
      expect(m.engine.list()).toEqual(before)
      expect(m.refusals).toEqual([])
    }
    expect(ada.engine.members()).toEqual(expect.arrayContaining([old.ada, old.ben, ben.engine.deviceId]))
    // Relays keep this device's drives of every generation: the old one is still its own (writable in its store).
    expect(ada.engine.ownDrives().map((d) => d.key.toString('hex'))).toEqual([ada.engine.deviceId, old.ada])

    // Ada edits a file she last published under generation 0: a plain newer version everywhere, no conflict.
    await put(ada.dir, 'plan.txt', 'v2 by ada')
    await waitFor(async () => (await read(ben.dir, 'plan.txt')) === 'v2 by ada', 'ben gets the edit')
    // Ben edits the file he made under generation 0, and makes a new one: in his new drive, and at Ada's.
    await put(ben.dir, 'notes/ben.txt', 'from ben, again')
    await put(ben.dir, 'new.txt', 'after the rekey')
    await waitFor(async () => (await read(ada.dir, 'notes/ben.txt')) === 'from ben, again' && (await read(ada.dir, 'new.txt')) === 'after the rekey', 'ada gets ben’s edits')
    await mesh.idle()
    for (const m of [ada, ben]) expect(m.engine.conflicts()).toEqual([])
    const plan = ada.engine.list().find((f) => f.path === 'plan.txt')!
    expect(plan.author).toBe(ada.engine.deviceId)
    expect(ben.engine.ownDrive().core.length).toBeGreaterThan(1)

    // History reads both of Ada's drives; restoring the generation-0 version makes it the newest everywhere.
    const history = await ben.engine.history('plan.txt')
    expect(history.map((v) => v.author)).toEqual([ada.engine.deviceId, old.ada])
    expect(history[1]!.id.startsWith(`${old.ada}:`)).toBe(true)
    await ben.engine.restore('plan.txt', history[1]!.id)
    await waitFor(async () => (await read(ada.dir, 'plan.txt')) === 'v1 by ada' && (await read(ben.dir, 'plan.txt')) === 'v1 by ada', 'the restore reaches both disks')
    await mesh.idle()
    for (const m of [ada, ben]) expect(m.engine.conflicts()).toEqual([])

    // Ben's new drive is under the new key only: its blocks holding the new file read as noise with the old one.
    const blobs = (await ben.engine.ownDrive().getBlobs()).core
    let plain = 0
    for (let i = 0; i < blobs.length; i++) {
      if ((await decryptRawBlock(blobs, i, newKey)).includes('after the rekey')) plain++
      expect((await decryptRawBlock(blobs, i, oldKey)).includes('after the rekey')).toBe(false)
    }
    expect(plain).toBe(1)
  })
})
