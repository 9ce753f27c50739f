import { randomBytes } from 'node:crypto'
import { chmod, open, rename, rm, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { FolderEngine } from './folder-engine'
import type { FolderLocalError } from './folder-engine'
import type { FolderStatus } from '../../../shared/domain/folders'
import { readFileBlocks } from './local-publisher'
import type { FileReader } from './local-publisher'
import { files, FolderMesh, put, read, sha256, tree, waitFor } from './test-kit'
import type { Member } from './test-kit'

let mesh: FolderMesh | null = null

afterEach(async () => {
  await mesh?.close()
  mesh = null
})

async function publishedAll(member: Member, count: number): Promise<void> {
  await waitFor(() => member.engine.list().length === count, `${member.name} published ${count} files`)
  await member.engine.whenIdle()
}

describe('FolderEngine, local side', () => {
  it('a rescan of an unchanged folder, and a restart, read no file content', async () => {
    mesh = await FolderMesh.create(['ada'])
    const ada = mesh.members[0]!
    for (let i = 0; i < 20; i++) await put(ada.dir, `d${i % 3}/f${i}.txt`, `content ${i} `.repeat(100))
    await publishedAll(ada, 20)
    const read1 = ada.engine.stats.contentBytesRead
    expect(read1).toBeGreaterThanOrEqual(20 * 900)

    ada.engine.rescan()
    await ada.engine.whenIdle()
    expect(ada.engine.stats.contentBytesRead).toBe(read1)

    // A restart loads the index from the state dir: still no content read.
    await ada.engine.close()
    const again = new FolderEngine({ folderId: 'test-folder', store: ada.store, stateDir: ada.stateDir, dir: ada.dir, encryptionKey: mesh.encryptionKey, caseInsensitive: false, rescanIntervalMs: 0 })
    ada.engine = again
    await again.ready()
    await again.whenIdle()
    expect(again.list()).toHaveLength(20)
    expect(again.stats.contentBytesRead).toBe(0)
    expect(again.stats.published).toBe(0)

    // A file touched (new mtime, same bytes) is read once, but is no new version.
    const file = join(ada.dir, 'd0', 'f0.txt')
    const later = new Date(Date.now() + 5000)
    await utimes(file, later, later)
    again.rescan()
    await again.whenIdle()
    expect(again.stats.contentBytesRead).toBe('content 0 '.repeat(100).length)
    expect(again.stats.published).toBe(0)

    // Nothing Ada still announces was freed: a member joining now gets every file.
    const cy = await mesh.add('cy')
    await mesh.introduce()
    await mesh.disconnect()
    mesh.connect()
    await waitFor(async () => (await files(cy.dir)).length === 20, 'cy has all 20 files')
    expect(await read(cy.dir, 'd0/f0.txt')).toBe('content 0 '.repeat(100))
  })

  it('a file that cannot be read is reported and retried, and the other files still sync', async () => {
    const locked = new Set<string>()
    const asRoot = process.getuid?.() === 0
    // As root, chmod cannot make a file unreadable; the reader fails for the locked path the way the OS would.
    const reader: FileReader = (abs) => {
      if (asRoot && [...locked].some((l) => abs.endsWith(l))) {
        return {
          [Symbol.asyncIterator]: () => ({
            next: () => Promise.reject(Object.assign(new Error(`EACCES: permission denied, open '${abs}'`), { code: 'EACCES' })),
          }),
        }
      }
      return readFileBlocks(abs)
    }
    mesh = await FolderMesh.create(['ada', 'ben'], { reader })
    const [ada, ben] = mesh.members as [Member, Member]
    const errors: FolderLocalError[] = []
    ada.engine.events.on('local-error', (e) => errors.push(e))

    locked.add('secret.txt')
    await writeFile(join(ada.dir, 'secret.txt'), 'locked away')
    if (!asRoot) await chmod(join(ada.dir, 'secret.txt'), 0o000)
    await put(ada.dir, 'open.txt', 'free')
    await waitFor(async () => (await read(ben.dir, 'open.txt')) === 'free', 'ben has open.txt')
    await waitFor(() => errors.some((e) => e.path === 'secret.txt' && e.code === 'EACCES'), 'the unreadable file is reported')
    expect(await read(ben.dir, 'secret.txt')).toBeNull()

    locked.clear()
    if (!asRoot) await chmod(join(ada.dir, 'secret.txt'), 0o644)
    await waitFor(async () => (await read(ben.dir, 'secret.txt')) === 'locked away', 'ben has secret.txt after it became readable')
  })

  it('a deleted root is an error, not a deletion of every file', async () => {
    mesh = await FolderMesh.create(['ada', 'ben'])
    const [ada, ben] = mesh.members as [Member, Member]
    await put(ada.dir, 'a.txt', 'a')
    await waitFor(async () => (await read(ben.dir, 'a.txt')) === 'a', 'ben has a.txt')
    await rename(ada.dir, `${ada.dir}-moved`)
    ada.engine.rescan()
    await waitFor(() => ada.engine.status().state === 'error', 'ada reports the missing folder')
    expect(ada.engine.status().error?.code).toBe('FOLDER_MISSING')
    await ben.engine.whenIdle()
    expect(await read(ben.dir, 'a.txt')).toBe('a')
    expect(ada.engine.list().map((e) => e.path)).toEqual(['a.txt'])
  })
})

describe('FolderEngine, watcher', () => {
  it('publishes a file that keeps changing (a growing log) without waiting for it to settle', async () => {
    mesh = await FolderMesh.create(['ada', 'ben'], { debounceMs: 200 })
    const [ada, ben] = mesh.members as [Member, Member]
    let writing = true
    const log = join(ada.dir, 'app.log')
    await writeFile(log, 'start\n')
    // Append every 50 ms, so the debounce alone would never fire.
    const writer = (async () => {
      for (let i = 0; writing; i++) {
        await writeFile(log, `line ${i}\n`, { flag: 'a' })
        await new Promise((r) => setTimeout(r, 50))
      }
    })()
    try {
      await waitFor(async () => ((await read(ben.dir, 'app.log')) ?? '').includes('line'), 'ben has a version of the growing log')
    } finally {
      writing = false
      await writer
    }
  })
})

describe('FolderEngine, many small files', () => {
  it('publishes them in a few appends, not two per file, and peers get every one', async () => {
    mesh = await FolderMesh.create(['ada', 'ben'], { watch: false })
    const [ada, ben] = mesh.members as [Member, Member]
    for (let i = 0; i < 100; i++) await put(ada.dir, `notes/n${i}.md`, `note ${i}`)
    const drive = ada.engine.ownDrive()
    const blobs = (await drive.getBlobs()).core
    let entryAppends = 0
    let blobAppends = 0
    drive.core.on('append', () => entryAppends++)
    blobs.on('append', () => blobAppends++)
    ada.engine.rescan()
    await ada.engine.whenIdle()
    expect(ada.engine.list()).toHaveLength(100)
    // 100 files in batches of at most 64: two appends each (the drive also writes its header on its first put).
    expect(drive.core.length).toBe(101)
    expect(entryAppends).toBe(3)
    expect(blobAppends).toBe(2)
    ben.engine.rescan()
    await waitFor(async () => (await files(join(ben.dir, 'notes'))).length === 100, 'ben has all 100 notes')
    expect(await read(ben.dir, 'notes/n42.md')).toBe('note 42')
  })
})

describe('FolderEngine, large files', () => {
  it('streams a multi-block file, and an edit in place stores only the changed block', async () => {
    mesh = await FolderMesh.create(['ada', 'ben'])
    const [ada, ben] = mesh.members as [Member, Member]
    const data = randomBytes(1024 * 1024 + 123)
    await put(ada.dir, 'big.bin', data)
    await waitFor(async () => (await ben.engine.list().find((e) => e.path === 'big.bin'))?.hash === sha256(data), 'ben knows big.bin')
    await waitFor(async () => (await files(ben.dir)).includes('big.bin'), 'ben has big.bin')
    await ben.engine.whenIdle()
    expect(sha256(await import('node:fs/promises').then((fs) => fs.readFile(join(ben.dir, 'big.bin'))))).toBe(sha256(data))

    const blobsCore = (await ada.engine.ownDrive().getBlobs()).core
    const before = blobsCore.length
    const handle = await open(join(ada.dir, 'big.bin'), 'r+')
    await handle.write(Buffer.from('CHANGED'), 0, 7, 300_000)
    await handle.close()
    const changed = Buffer.from(data)
    changed.write('CHANGED', 300_000)
    await waitFor(async () => {
      const f = await import('node:fs/promises').then((fs) => fs.readFile(join(ben.dir, 'big.bin')))
      return sha256(f) === sha256(changed)
    }, 'ben has the edited big.bin')
    // One data block (64 KiB) and the new block map: the other 16 blocks are shared with the previous version.
    expect(blobsCore.length - before).toBeLessThanOrEqual(2)
  })
})

describe('FolderEngine, status', () => {
  it('says syncing with progress while a file comes in, then up to date', async () => {
    mesh = await FolderMesh.create(['ada', 'ben'])
    const [ada, ben] = mesh.members as [Member, Member]
    await mesh.idle()
    const seen: FolderStatus[] = []
    ben.engine.events.on('status', (s) => seen.push(s))
    await put(ada.dir, 'video.bin', randomBytes(2 * 1024 * 1024))
    await waitFor(async () => (await files(ben.dir)).includes('video.bin'), 'ben has video.bin')
    await ben.engine.whenIdle()
    expect(seen.some((s) => s.state === 'syncing' && s.pending >= 1 && s.bytesTotal === 2 * 1024 * 1024)).toBe(true)
    expect(seen.some((s) => s.state === 'syncing' && s.bytesDone > 0 && s.bytesDone < s.bytesTotal)).toBe(true)
    expect(ben.engine.status()).toEqual({ state: 'up-to-date', pending: 0, bytesTotal: 0, bytesDone: 0, error: null })
    expect(seen.at(-1)?.state).toBe('up-to-date')
  })
})

describe('FolderEngine, membership and history', () => {
  it("a member dropped from the set no longer changes this device's folder; what it already wrote stays on disk", async () => {
    mesh = await FolderMesh.create(['ada', 'ben', 'cy'])
    const [ada, ben, cy] = mesh.members as [Member, Member, Member]
    await put(ben.dir, 'from-ben.txt', 'one')
    for (const m of mesh.members) await waitFor(async () => (await read(m.dir, 'from-ben.txt')) === 'one', `${m.name} has from-ben.txt`)
    await ada.engine.setMembers([cy.engine.driveKey])
    expect(ada.engine.members()).toEqual([ada.engine.deviceId, cy.engine.deviceId])
    await writeFile(join(ben.dir, 'from-ben.txt'), 'two')
    await put(ben.dir, 'later.txt', 'later')
    await waitFor(async () => (await read(cy.dir, 'later.txt')) === 'later', 'cy has later.txt')
    await waitFor(async () => (await read(cy.dir, 'from-ben.txt')) === 'two', 'cy has the edit')
    await ada.engine.whenIdle()
    expect(await read(ada.dir, 'later.txt')).toBeNull()
    expect(await read(ada.dir, 'from-ben.txt')).toBe('one')
  })

  it('restores a deleted file from its history', async () => {
    mesh = await FolderMesh.create(['ada', 'ben'])
    const [ada, ben] = mesh.members as [Member, Member]
    await put(ada.dir, 'gone.txt', 'precious')
    await waitFor(async () => (await read(ben.dir, 'gone.txt')) === 'precious', 'ben has gone.txt')
    await rm(join(ben.dir, 'gone.txt'))
    await waitFor(async () => (await read(ada.dir, 'gone.txt')) === null, 'ada lost gone.txt')
    await ada.engine.whenIdle()
    const history = await ada.engine.history('gone.txt')
    expect(history.map((v) => v.deleted)).toEqual([true, false])
    expect(ada.engine.list().some((e) => e.path === 'gone.txt')).toBe(false)
    await ada.engine.restore('gone.txt', history[1]!.id)
    await waitFor(async () => (await read(ben.dir, 'gone.txt')) === 'precious', 'ben has gone.txt back')
    expect(await read(ada.dir, 'gone.txt')).toBe('precious')
    await expect(ada.engine.restore('gone.txt', 'nonsense')).rejects.toThrow(/NO_SUCH_VERSION/)
    await expect(ada.engine.restore('../x', history[1]!.id)).rejects.toThrow(/NO_SUCH_VERSION/)
  })
})

describe('FolderEngine, folder removal', () => {
  it('removes a directory on every member when it is deleted on one', async () => {
    mesh = await FolderMesh.create(['ada', 'ben'])
    const [ada, ben] = mesh.members as [Member, Member]
    await put(ada.dir, 'dir/sub/a.txt', 'a')
    await put(ada.dir, 'dir/b.txt', 'b')
    await waitFor(async () => (await read(ben.dir, 'dir/sub/a.txt')) === 'a' && (await read(ben.dir, 'dir/b.txt')) === 'b', 'ben has both files')
    await ben.engine.whenIdle()
    await rm(join(ben.dir, 'dir'), { recursive: true })
    await waitFor(async () => (await tree(ada.dir)).length === 0, 'ada has nothing left')
    await ada.engine.whenIdle()
    expect(await tree(ada.dir)).toEqual([])
  })
})
