import { createHash, randomBytes } from 'node:crypto'
import { readFile, rename, rm, unlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { shortDeviceId } from '../../main/core/folders/conflict-name'
import { files, FolderMesh, put, read, tree, waitFor } from '../../main/core/folders/test-kit'
import type { Member } from '../../main/core/folders/test-kit'

/**
 * Shared folders, three members (Ada, Ben, Cy), each with a real directory
 * and its own engine; their corestores replicate over piped streams. Edits are
 * made on disk, as a user makes them, and noticed by each engine's watcher.
 */
let mesh: FolderMesh | null = null

afterEach(async () => {
  await mesh?.close()
  mesh = null
})

async function everywhere(m: FolderMesh, rel: string, content: string | null): Promise<void> {
  for (const member of m.members) {
    await waitFor(async () => (await read(member.dir, rel)) === content, `${member.name} has ${rel} = ${JSON.stringify(content)}`)
  }
}

describe('shared folder sync between three members', () => {
  it('create, edit, rename and delete on each side reach every member', async () => {
    mesh = await FolderMesh.create(['ada', 'ben', 'cy'])
    const [ada, ben, cy] = mesh.members as [Member, Member, Member]

    await put(ada.dir, 'notes/plan.md', 'v1 by ada')
    await everywhere(mesh, 'notes/plan.md', 'v1 by ada')

    await writeFile(join(ben.dir, 'notes', 'plan.md'), 'v2 by ben')
    await everywhere(mesh, 'notes/plan.md', 'v2 by ben')

    await rename(join(cy.dir, 'notes', 'plan.md'), join(cy.dir, 'notes', 'final.md'))
    await everywhere(mesh, 'notes/final.md', 'v2 by ben')
    await everywhere(mesh, 'notes/plan.md', null)

    await unlink(join(ada.dir, 'notes', 'final.md'))
    await everywhere(mesh, 'notes/final.md', null)

    await put(cy.dir, 'b.txt', '')
    await everywhere(mesh, 'b.txt', '')

    await mesh.idle()
    for (const member of mesh.members) expect(await tree(member.dir)).toEqual(['b.txt'])
  })
})

const sha = (text: string): string => createHash('sha256').update(text).digest('hex')

/** Wait until `member`'s own drive announces `content` at `rel` (its edit is published). */
async function published(member: Member, rel: string, content: string | null): Promise<void> {
  await waitFor(() => {
    const entry = member.engine.list().find((e) => e.path === rel)
    return content === null ? entry === undefined : entry?.hash === sha(content)
  }, `${member.name} published ${rel}`)
}

describe('efficiency', () => {
  it('a renamed file points at the content peers already hold, so none of it is sent again', async () => {
    mesh = await FolderMesh.create(['ada', 'ben'])
    const [ada, ben] = mesh.members as [Member, Member]
    // Large enough to be streamed into the blobs core as it is read (small files are hashed first).
    const data = randomBytes(1_500_000)
    await put(ada.dir, 'big.bin', data)
    await waitFor(async () => (await files(ben.dir)).includes('big.bin'), 'ben has big.bin')
    await mesh.idle()
    const blobs = (await ada.engine.ownDrive().getBlobs()).core
    const before = blobs.length

    await rename(join(ada.dir, 'big.bin'), join(ada.dir, 'moved.bin'))
    await waitFor(async () => (await files(ben.dir)).join() === 'moved.bin', 'ben has only moved.bin')
    expect((await readFile(join(ben.dir, 'moved.bin'))).equals(data)).toBe(true)
    // Ada read the renamed file once (it must hash it) and freed what that appended; Ben fetched none of it.
    expect(blobs.length).toBeGreaterThan(before)
    const replica = ben.store.get({ key: blobs.key, encryptionKey: mesh.encryptionKey })
    await replica.ready()
    for (let i = before; i < blobs.length; i++) expect(await replica.has(i)).toBe(false)
    await replica.close()
  })
})

describe('at rest', () => {
  it("keeps no file content, name or record in the clear in any member's store", async () => {
    mesh = await FolderMesh.create(['ada', 'ben'])
    const [ada, ben] = mesh.members as [Member, Member]
    const marker = `secret-${randomBytes(8).toString('hex')}`
    await put(ada.dir, `${marker}-name.txt`, `${marker} content `.repeat(50))
    await waitFor(async () => (await read(ben.dir, `${marker}-name.txt`)) !== null, 'ben has the file')
    await mesh.idle()
    const stores = (await tree(mesh.root)).filter((p) => p.includes('/store/'))
    expect(stores.length).toBeGreaterThan(0)
    for (const file of stores) {
      const bytes = await readFile(join(mesh.root, file))
      expect(bytes.includes(marker), file).toBe(false)
      expect(bytes.includes(sha(`${marker} content `.repeat(50))), file).toBe(false)
    }
  })
})

describe('concurrent changes', () => {
  it('a concurrent edit leaves the same winner and one identical conflict copy on every member', async () => {
    mesh = await FolderMesh.create(['ada', 'ben', 'cy'])
    const [ada, ben, cy] = mesh.members as [Member, Member, Member]
    await put(cy.dir, 'report.txt', 'base')
    await everywhere(mesh, 'report.txt', 'base')
    await mesh.idle()

    await mesh.disconnect()
    await writeFile(join(ada.dir, 'report.txt'), 'ada edit')
    await writeFile(join(ben.dir, 'report.txt'), 'ben edit')
    await published(ada, 'report.txt', 'ada edit')
    await published(ben, 'report.txt', 'ben edit')
    mesh.connect()

    const isCopy = (p: string): boolean => /^report\.sync-conflict-\d{8}-\d{6}-[A-Z2-7]{7}\.txt$/.test(p)
    for (const m of mesh.members) {
      await waitFor(async () => (await files(m.dir)).length === 2 && (await files(m.dir)).some(isCopy), `${m.name} has the file and one conflict copy`)
    }
    await mesh.idle()
    const trees = await Promise.all(mesh.members.map((m) => tree(m.dir)))
    expect(trees[1]).toEqual(trees[0])
    expect(trees[2]).toEqual(trees[0])
    const copy = trees[0]!.find(isCopy)!
    const winner = await read(ada.dir, 'report.txt')
    const loser = await read(ada.dir, copy)
    expect([winner, loser].sort()).toEqual(['ada edit', 'ben edit'])
    for (const m of mesh.members) {
      expect(await read(m.dir, 'report.txt')).toBe(winner)
      expect(await read(m.dir, copy)).toBe(loser)
      expect(m.engine.conflicts()).toEqual([expect.objectContaining({ path: 'report.txt', copyPath: copy })])
    }
    // The copy names the loser's device.
    const loserMember = loser === 'ada edit' ? ada : ben
    expect(copy).toContain(shortDeviceId(loserMember.engine.deviceId))
  })

  it('a delete racing an edit resolves to the edit on every member, even when the delete is newer', async () => {
    mesh = await FolderMesh.create(['ada', 'ben', 'cy'])
    const [ada, ben] = mesh.members as [Member, Member, Member]
    await put(ada.dir, 'todo.md', 'first')
    await everywhere(mesh, 'todo.md', 'first')
    await mesh.idle()

    await mesh.disconnect()
    await writeFile(join(ben.dir, 'todo.md'), 'kept by ben')
    await published(ben, 'todo.md', 'kept by ben')
    await unlink(join(ada.dir, 'todo.md'))
    await published(ada, 'todo.md', null)
    mesh.connect()

    await everywhere(mesh, 'todo.md', 'kept by ben')
    await mesh.idle()
    for (const m of mesh.members) expect(await tree(m.dir)).toEqual(['todo.md'])
  })

  it('an edit made on a paused device, concurrent with a remote edit, is kept as a conflict, not overwritten', async () => {
    mesh = await FolderMesh.create(['ada', 'ben'])
    const [ada, ben] = mesh.members as [Member, Member]
    await put(ada.dir, 'x.txt', 'one')
    await everywhere(mesh, 'x.txt', 'one')
    await mesh.idle()
    // Ben is paused while Ada edits; Ben edits too before resuming: both versions must survive.
    ben.engine.pause()
    await writeFile(join(ada.dir, 'x.txt'), 'two by ada')
    await published(ada, 'x.txt', 'two by ada')
    await writeFile(join(ben.dir, 'x.txt'), 'two by ben')
    ben.engine.resume()
    for (const m of mesh.members) {
      await waitFor(async () => (await files(m.dir)).length === 2, `${m.name} has x.txt and a conflict copy`)
    }
    await mesh.idle()
    const names = await tree(ada.dir)
    const contents = await Promise.all(names.map((f) => read(ada.dir, f)))
    expect(contents.sort()).toEqual(['two by ada', 'two by ben'])
    expect(await tree(ben.dir)).toEqual(names)
  })
})

describe('never clobber a local edit', () => {
  it('an edit made here while a remote version downloads survives on every member', async () => {
    mesh = await FolderMesh.create(['ada', 'ben'])
    const [ada, ben] = mesh.members as [Member, Member]
    await put(ada.dir, 'movie.bin', 'v1')
    await everywhere(mesh, 'movie.bin', 'v1')
    await mesh.idle()
    // Cut the link as soon as Ben's download of Ada's new version has started: it stalls half-way.
    let cut: Promise<void> | null = null
    ben.engine.events.on('status', (s) => {
      if (!cut && s.bytesDone > 0) cut = mesh!.disconnect()
    })
    const big = randomBytes(4 * 1024 * 1024)
    await writeFile(join(ada.dir, 'movie.bin'), big)
    await waitFor(() => cut !== null, 'ben started downloading')
    await cut
    await writeFile(join(ben.dir, 'movie.bin'), 'edited by ben meanwhile')
    await waitFor(() => ben.engine.list().some((e) => e.hash === sha('edited by ben meanwhile')), 'ben published his edit')
    mesh.connect()
    const bensEditEverywhere = async (m: Member): Promise<boolean> => {
      const names = await files(m.dir)
      const contents = await Promise.all(names.map((n) => read(m.dir, n)))
      return contents.includes('edited by ben meanwhile')
    }
    for (const m of mesh.members) await waitFor(() => bensEditEverywhere(m), `${m.name} has ben's edit`)
    await mesh.idle()
    expect(await tree(ben.dir)).toEqual(await tree(ada.dir))
  })
})

describe('ignore patterns, selective sync, pause', () => {
  it('.planetignore keeps matching files from being published, and matching remote files from being written', async () => {
    mesh = await FolderMesh.create(['ada', 'ben', 'cy'])
    const [ada, ben, cy] = mesh.members as [Member, Member, Member]
    await put(ada.dir, '.planetignore', '*.tmp\nbuild/\n*.log\n')
    await put(ada.dir, 'draft.tmp', 'scratch')
    await put(ada.dir, 'build/out.bin', 'binary')
    await put(ada.dir, 'keep.txt', 'keep')
    await everywhere(mesh, 'keep.txt', 'keep')
    await mesh.idle()
    for (const m of [ben, cy]) expect(await tree(m.dir)).toEqual(['keep.txt'])
    expect(ada.engine.list().map((e) => e.path)).toEqual(['keep.txt'])

    await put(ben.dir, 'server.log', 'log line')
    await waitFor(async () => (await read(cy.dir, 'server.log')) === 'log line', 'cy has server.log')
    await waitFor(() => ada.engine.list().some((e) => e.path === 'server.log'), 'ada knows server.log')
    await ada.engine.whenIdle()
    expect(await read(ada.dir, 'server.log')).toBeNull()
    // The ignore file itself is each device's own.
    expect(await read(ben.dir, '.planetignore')).toBeNull()
  })

  it('selective sync keeps only the chosen subfolders until the selection widens', async () => {
    mesh = await FolderMesh.create(['ada', 'cy'])
    const [ada, cy] = mesh.members as [Member, Member]
    cy.engine.setSelected(['docs'])
    await put(ada.dir, 'pics/cat.png', 'meow')
    await put(ada.dir, 'docs/a.txt', 'doc')
    await waitFor(async () => (await read(cy.dir, 'docs/a.txt')) === 'doc', 'cy has docs/a.txt')
    await waitFor(() => cy.engine.list().some((e) => e.path === 'pics/cat.png'), 'cy knows pics/cat.png')
    await cy.engine.whenIdle()
    expect(await tree(cy.dir)).toEqual(['docs/a.txt'])

    cy.engine.setSelected(null)
    await waitFor(async () => (await read(cy.dir, 'pics/cat.png')) === 'meow', 'cy has pics/cat.png after widening')
  })

  it('a paused folder neither writes nor publishes until resumed', async () => {
    mesh = await FolderMesh.create(['ada', 'ben'])
    const [ada, ben] = mesh.members as [Member, Member]
    ben.engine.pause()
    expect(ben.engine.status().state).toBe('paused')
    await put(ada.dir, 'p.txt', 'from ada')
    await put(ben.dir, 'q.txt', 'from ben')
    await waitFor(() => ben.engine.list().some((e) => e.path === 'p.txt'), 'ben knows p.txt')
    await ben.engine.whenIdle()
    expect(await read(ben.dir, 'p.txt')).toBeNull()
    expect(ada.engine.list().some((e) => e.path === 'q.txt')).toBe(false)

    ben.engine.resume()
    await waitFor(async () => (await read(ben.dir, 'p.txt')) === 'from ada', 'ben has p.txt')
    await waitFor(async () => (await read(ada.dir, 'q.txt')) === 'from ben', 'ada has q.txt')
    await ben.engine.whenIdle()
    expect(ben.engine.status().state).toBe('up-to-date')
  })
})

describe('history', () => {
  it('lists every version with who made it, and restoring an old one brings it back everywhere', async () => {
    mesh = await FolderMesh.create(['ada', 'ben', 'cy'])
    const [ada, ben, cy] = mesh.members as [Member, Member, Member]
    await put(ada.dir, 'r.txt', 'one')
    await everywhere(mesh, 'r.txt', 'one')
    await writeFile(join(ben.dir, 'r.txt'), 'two!')
    await everywhere(mesh, 'r.txt', 'two!')

    const history = await cy.engine.history('r.txt')
    expect(history.map((v) => [v.author, v.size])).toEqual([
      [ben.engine.deviceId, 4],
      [ada.engine.deviceId, 3],
    ])
    await cy.engine.restore('r.txt', history[1]!.id)
    await everywhere(mesh, 'r.txt', 'one')
    const after = await ada.engine.history('r.txt')
    expect(after).toHaveLength(3)
    expect(after[0]).toMatchObject({ author: cy.engine.deviceId, size: 3, hash: sha('one') })
  })
})

describe('convergence', () => {
  it('after rounds of random offline edits, creates and deletes on all three, every member ends with the same files', async () => {
    mesh = await FolderMesh.create(['ada', 'ben', 'cy'])
    // A small deterministic generator: the same ops every run, so a failure can be replayed.
    let seed = Number(process.env.PLANET_FOLDERS_SEED ?? 20261121)
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return (seed >>> 8) % n
    }
    const paths = ['a.txt', 'b.txt', 'dir/c.txt', 'dir/sub/d.txt']
    for (let round = 0; round < 4; round++) {
      await mesh.disconnect()
      for (const m of mesh.members) {
        for (let op = 0; op < 4; op++) {
          const path = paths[next(paths.length)]!
          const abs = join(m.dir, ...path.split('/'))
          if (next(4) === 0) await rm(abs, { force: true })
          else await put(m.dir, path, `${m.name} round ${round} op ${op}`)
        }
      }
      // Let each member publish what it did while cut off.
      for (const m of mesh.members) {
        m.engine.rescan()
        await m.engine.whenIdle()
      }
      mesh.connect()
      await waitFor(async () => {
        const snapshots = await Promise.all(mesh!.members.map((m) => snapshot(m.dir)))
        return snapshots.every((s) => s === snapshots[0])
      }, `round ${round}: every member has the same files`)
    }
    await mesh.idle()
    const final = await Promise.all(mesh.members.map((m) => snapshot(m.dir)))
    expect(final[1]).toBe(final[0])
    expect(final[2]).toBe(final[0])
    expect(final[0]).not.toBe('')
  })
})

/** Every file and its content, as one comparable string. */
async function snapshot(dir: string): Promise<string> {
  const names = await tree(dir)
  const parts = await Promise.all(names.map(async (n) => `${n}=${await read(dir, n)}`))
  return parts.join('\n')
}
