import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Harness, fakeBox, groupOf, person, randomHex } from '../groups/test-kit'
import { checkFolderDir } from './folder-handlers'
import { FORMER_MEMBER_GRACE_MS } from '../groups/group-service'
import { folderDrives, folderEncryptionKey, nextGraceEnd } from './folder-service'

describe('folderEncryptionKey', () => {
  it('is 32 bytes, the same for the same inputs, and bound to the key, the group and the folder', () => {
    const key = Buffer.alloc(32, 7)
    const group = randomHex(32)
    const folder = randomHex(16)
    const derived = folderEncryptionKey(key, group, folder)
    expect(derived).toHaveLength(32)
    expect(folderEncryptionKey(key, group, folder).equals(derived)).toBe(true)
    expect(derived.equals(key)).toBe(false)
    expect(folderEncryptionKey(Buffer.alloc(32, 8), group, folder).equals(derived)).toBe(false)
    expect(folderEncryptionKey(key, randomHex(32), folder).equals(derived)).toBe(false)
    expect(folderEncryptionKey(key, group, randomHex(16)).equals(derived)).toBe(false)
  })
})

describe('folderDrives', () => {
  it('lists only current members’ announcements of that folder', () => {
    const ada = person('Ada')
    const ben = person('Ben')
    const cy = person('Cy')
    const g = new Harness(groupOf(ada))
    g.accept(ada, g.create(ada))
    g.accept(ada, g.op('group.settings', { mode: 'working' }))
    g.accept(ada, g.memberAdd(ben))
    g.accept(ada, g.memberAdd(cy))
    const [one, two] = [randomHex(16), randomHex(16)]
    g.accept(ada, g.op('folder.create', { folder: one, box: fakeBox(0) }))
    g.accept(ada, g.op('folder.create', { folder: two, box: fakeBox(0) }))
    const drives = { ada: randomHex(32), ben: randomHex(32), cy: randomHex(32), other: randomHex(32) }
    g.accept(ada, g.op('folder.drive', { folder: one, drive: drives.ada }))
    g.accept(ben, g.op('folder.drive', { folder: one, drive: drives.ben }))
    g.accept(cy, g.op('folder.drive', { folder: one, drive: drives.cy }))
    g.accept(ben, g.op('folder.drive', { folder: two, drive: drives.other }))
    expect(folderDrives(g.state, one)).toEqual(new Map([[ada.id, drives.ada], [ben.id, drives.ben], [cy.id, drives.cy]]))
    expect([...folderDrives(g.state, two).values()]).toEqual([drives.other])
    g.accept(ada, g.op('member.remove', { member: cy.id }))
    expect([...folderDrives(g.state, one).values()].sort()).toEqual([drives.ada, drives.ben].sort())
  })
})

describe('nextGraceEnd', () => {
  it('is the earliest grace end still ahead among former members', () => {
    const now = 1_000_000_000_000
    const gone = (leftAt: number | null, status: 'removed' | 'left' | 'member' = 'removed') => ({ status, leftAt })
    expect(nextGraceEnd([], now)).toBeNull()
    expect(nextGraceEnd([gone(null, 'member')], now)).toBeNull()
    expect(nextGraceEnd([gone(now - FORMER_MEMBER_GRACE_MS - 1)], now)).toBeNull()
    expect(nextGraceEnd([gone(now - 10), gone(now - 1_000, 'left'), gone(now - FORMER_MEMBER_GRACE_MS)], now)).toBe(now - 1_000 + FORMER_MEMBER_GRACE_MS)
  })
})

describe('checkFolderDir', () => {
  let root: string
  let data: string
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'planet-folder-dir-'))
    data = join(root, 'data')
    await mkdir(data)
  })
  afterEach(async () => {
    await rm(root, { recursive: true, force: true })
  })

  const refused = async (dir: string, others: string[] = [], message?: RegExp) => {
    const error = await checkFolderDir(dir, data, others).then(
      () => null,
      (e: unknown) => e as { code: string; message: string },
    )
    expect(error?.code, dir).toBe('FOLDER_BAD_DIR')
    if (message) expect(error?.message).toMatch(message)
  }

  it('creates a missing directory and answers its real path', async () => {
    const dir = join(root, 'a', 'b')
    expect(await checkFolderDir(dir, data, [])).toBe(dir)
    expect((await stat(dir)).isDirectory()).toBe(true)
  })

  it('refuses relative paths, files, the data dir, inside it, around it', async () => {
    await refused('relative/dir', [], /absolute/)
    await writeFile(join(root, 'file'), 'x')
    await refused(join(root, 'file'), [], /file/)
    await refused(data, [], /data/)
    await refused(join(data, 'inside'), [], /inside/)
    await refused(root, [], /holds/)
    // Nothing was created inside the data dir on the way.
    await expect(stat(join(data, 'inside'))).rejects.toThrow()
  })

  it('follows symlinks: a link into the data dir is refused', async () => {
    await symlink(data, join(root, 'link'))
    await refused(join(root, 'link', 'x'), [], /inside/)
  })

  it('refuses a directory inside or around another bound folder', async () => {
    const other = join(root, 'other')
    await mkdir(other)
    await refused(join(other, 'sub'), [other], /Another shared folder/)
    await refused(root.replace(/\/$/, '') + '/', [other], /Another shared folder|holds/)
    expect(await checkFolderDir(join(root, 'third'), data, [other])).toBe(join(root, 'third'))
  })
})
