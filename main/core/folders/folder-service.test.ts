import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { Harness, fakeBox, groupOf, person, randomHex } from '../groups/test-kit'
import { checkFolderDir } from './folder-handlers'
import { announcedDrives, contentGeneration, engineMembers, folderDrives, folderEncryptionKey, folderKeys, rekeyedFolderKey } from './folder-service'

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

describe('key generations', () => {
  const ada = person('Ada')
  const ben = person('Ben')
  const cy = person('Cy')
  const group = randomHex(32)
  const folder = randomHex(16)

  it('folderKeys and contentGeneration read a sealed content: previous keys, then the current one', () => {
    const [k0, k1, k2] = [randomHex(32), randomHex(32), randomHex(32)]
    expect(folderKeys({ name: 'Designs', key: k0 })).toEqual([k0])
    expect(contentGeneration({ name: 'Designs', key: k0 })).toBe(0)
    expect(folderKeys({ name: 'Designs', key: k2, previous: [k0, k1] })).toEqual([k0, k1, k2])
    expect(contentGeneration({ name: 'Designs', key: k2, previous: [k0, k1] })).toBe(2)
  })

  it('rekeyedFolderKey: the same for two admins in one epoch, bound to the epoch key, group, folder and generation', () => {
    const epoch = Buffer.alloc(32, 1)
    const key = rekeyedFolderKey(epoch, group, folder, 1)
    expect(key).toHaveLength(32)
    expect(rekeyedFolderKey(Buffer.from(epoch), group, folder, 1).equals(key)).toBe(true)
    expect(key.equals(epoch)).toBe(false)
    expect(rekeyedFolderKey(Buffer.alloc(32, 2), group, folder, 1).equals(key)).toBe(false)
    expect(rekeyedFolderKey(epoch, randomHex(32), folder, 1).equals(key)).toBe(false)
    expect(rekeyedFolderKey(epoch, group, randomHex(16), 1).equals(key)).toBe(false)
    expect(rekeyedFolderKey(epoch, group, folder, 2).equals(key)).toBe(false)
  })

  it('announcedDrives lists every generation of current members; engineMembers gives each its generation’s key, never my current drive', () => {
    const g = new Harness(groupOf(ada))
    g.accept(ada, g.create(ada))
    g.accept(ada, g.op('group.settings', { mode: 'working' }))
    g.accept(ada, g.memberAdd(ben))
    g.accept(ada, g.memberAdd(cy))
    g.accept(ada, g.op('folder.create', { folder, box: fakeBox(0) }))
    const d = { ada0: randomHex(32), ben0: randomHex(32), cy0: randomHex(32), ada1: randomHex(32), ben1: randomHex(32) }
    g.accept(ada, g.op('folder.drive', { folder, drive: d.ada0 }))
    g.accept(ben, g.op('folder.drive', { folder, drive: d.ben0 }))
    g.accept(cy, g.op('folder.drive', { folder, drive: d.cy0 }))
    g.accept(ada, g.op('member.remove', { member: cy.id }))
    g.accept(ada, g.rotate(1, [ada, ben]))
    g.accept(ada, g.op('folder.rekey', { folder, gen: 1, box: fakeBox(1) }))
    g.accept(ada, g.op('folder.drive', { folder, drive: d.ada1, gen: 1 }))
    g.accept(ben, g.op('folder.drive', { folder, drive: d.ben1, gen: 1 }))

    const announced = announcedDrives(g.state, folder)
    // Oldest generation first, then by identity.
    const [first, second] = [ada.id, ben.id].sort()
    expect(announced.map(({ identity, gen }) => [identity, gen])).toEqual([
      [first, 0],
      [second, 0],
      [first, 1],
      [second, 1],
    ])
    expect(announced.map((a) => a.drive).sort()).toEqual([d.ada0, d.ben0, d.ada1, d.ben1].sort())
    // The count of devices: members with a drive (the newest generation's each).
    expect(folderDrives(g.state, folder)).toEqual(new Map([[ada.id, d.ada1], [ben.id, d.ben1]]))

    const [k0, k1] = [randomHex(32), randomHex(32)]
    const members = engineMembers(announced, [k0, k1], d.ada1, group, folder)
    expect(members.map((m) => [m.drive, m.gen]).sort()).toEqual(
      [
        [d.ada0, 0],
        [d.ben0, 0],
        [d.ben1, 1],
      ].sort(),
    )
    for (const { gen, member } of members) {
      const want = folderEncryptionKey(Buffer.from(gen === 0 ? k0 : k1, 'hex'), group, folder)
      const encryptionKey = member instanceof Uint8Array ? null : member.encryptionKey
      expect(encryptionKey && Buffer.from(encryptionKey).equals(want)).toBe(true)
    }
    // A device that opened only generation 0's key (the rekey's box not yet open) reads only generation 0's drives.
    expect(engineMembers(announced, [k0], d.ada0, group, folder).map((m) => m.drive)).toEqual([d.ben0])
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
