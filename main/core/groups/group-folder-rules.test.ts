import { beforeEach, describe, expect, it } from 'vitest'
import type { GroupOp } from '../../../shared/domain/group-ops'
import { FOLDERS_PER_GROUP } from '../../../shared/domain/group-ops'
import type { Person } from './test-kit'
import { Harness, fakeBox, groupOf, person, randomHex } from './test-kit'

/** Ada owns a working group; Ben is an admin, Cy a moderator, Dee a member; Fay is outside. */
const ada = person('Ada')
const ben = person('Ben')
const cy = person('Cy')
const dee = person('Dee')
const fay = person('Fay')
const group = groupOf(ada)

let g: Harness

beforeEach(() => {
  g = new Harness(group).staff(ada, { admin: ben, moderator: cy, members: [dee], mode: 'working' })
})

const reasonOf = (by: Person, value: GroupOp, writer = by.writer) => g.reasonOf(by, value, writer)
const create = (folder = randomHex(16), e = 0) => g.op('folder.create', { folder, box: fakeBox(e) })
const remove = (folder: string) => g.op('folder.remove', { folder })
const drive = (folder: string, key = randomHex(32), gen?: number) => g.op('folder.drive', { folder, drive: key, ...(gen === undefined ? {} : { gen }) })
const rekey = (folder: string, gen: number, e: number) => g.op('folder.rekey', { folder, gen, box: fakeBox(e) })
const reseal = (folder: string, e: number, gen?: number) => g.op('folder.reseal', { folder, box: fakeBox(e), ...(gen === undefined ? {} : { gen }) })
/** Dee is removed: the epoch moves on (as member.remove + epoch.rotate do). */
const removeDee = () => {
  g.accept(ada, g.op('member.remove', { member: dee.id }))
  g.accept(ada, g.rotate(1, [ada, ben, cy]))
}

describe('folder.create', () => {
  it('owner and admins create folders; moderators, members and outsiders may not', () => {
    expect(reasonOf(ada, create())).toBe('ok')
    expect(reasonOf(ben, create())).toBe('ok')
    expect(reasonOf(cy, create())).toBe('not-admin')
    expect(reasonOf(dee, create())).toBe('not-admin')
    expect(reasonOf(fay, create())).toBe('not-member-writer')
  })

  it('only in working and trading groups', () => {
    g.accept(ada, g.op('group.settings', { mode: 'chat' }))
    expect(reasonOf(ada, create())).toBe('wrong-mode')
    g.accept(ada, g.op('group.settings', { mode: 'trading' }))
    expect(reasonOf(ada, create())).toBe('ok')
  })

  it('a folder id is created once, even after it was removed', () => {
    const folder = randomHex(16)
    g.accept(ada, create(folder))
    expect(reasonOf(ben, create(folder))).toBe('folder-exists')
    g.accept(ada, remove(folder))
    expect(reasonOf(ada, create(folder))).toBe('folder-exists')
  })

  it('unknown-epoch: a box sealed for an epoch the group has not reached', () => {
    expect(reasonOf(ada, create(randomHex(16), 1))).toBe('unknown-epoch')
  })

  it(`too-many-folders: at most ${FOLDERS_PER_GROUP} standing; removing one makes room`, () => {
    const ids = Array.from({ length: FOLDERS_PER_GROUP }, () => randomHex(16))
    for (const id of ids) g.accept(ada, create(id))
    expect(reasonOf(ada, create())).toBe('too-many-folders')
    g.accept(ada, remove(ids[0]!))
    expect(reasonOf(ada, create())).toBe('ok')
  })

  it('is undone by a reorder', () => {
    const length = g.state.length
    const folder = randomHex(16)
    g.accept(ada, create(folder))
    expect(g.state.folders.get(folder)).toMatchObject({ author: ada.id, removed: false })
    g.state.truncate(length)
    expect(g.state.folders.has(folder)).toBe(false)
    expect(reasonOf(ada, create(folder))).toBe('ok')
  })
})

describe('folder.remove', () => {
  it('admins only, of a standing folder', () => {
    const folder = randomHex(16)
    g.accept(ada, create(folder))
    expect(reasonOf(cy, remove(folder))).toBe('not-admin')
    expect(reasonOf(dee, remove(folder))).toBe('not-admin')
    expect(reasonOf(ben, remove(randomHex(16)))).toBe('unknown-folder')
    const length = g.state.length
    g.accept(ben, remove(folder))
    expect(g.state.folders.get(folder)?.removed).toBe(true)
    expect(reasonOf(ada, remove(folder))).toBe('unknown-folder')
    g.state.truncate(length)
    expect(g.state.folders.get(folder)?.removed).toBe(false)
  })
})

describe('folder.reseal', () => {

  it('admins seal a standing folder again under a newer epoch; the newest seal is the one read', () => {
    const folder = randomHex(16)
    const created = g.accept(ada, create(folder))
    expect(reasonOf(ada, reseal(folder, 0))).toBe('stale-epoch')
    g.accept(ada, g.op('member.remove', { member: dee.id }))
    g.accept(ada, g.rotate(1, [ada, ben, cy]))
    expect(reasonOf(cy, reseal(folder, 1))).toBe('not-admin')
    expect(reasonOf(ben, reseal(folder, 2))).toBe('unknown-epoch')
    expect(reasonOf(ben, reseal(randomHex(16), 1))).toBe('unknown-folder')
    const length = g.state.length
    const sealed = g.accept(ben, reseal(folder, 1))
    expect(g.state.folders.get(folder)).toMatchObject({ op: created.entry.op.id, author: ada.id, boxOp: sealed.entry.op.id, boxType: 'folder.reseal', box: { e: 1 } })
    expect(reasonOf(ada, reseal(folder, 1))).toBe('stale-epoch')
    g.state.truncate(length)
    expect(g.state.folders.get(folder)).toMatchObject({ boxOp: created.entry.op.id, boxType: 'folder.create', box: { e: 0 } })
  })

  it('not for a removed folder', () => {
    const folder = randomHex(16)
    g.accept(ada, create(folder))
    g.accept(ada, remove(folder))
    g.accept(ada, g.rotate(1, [ada, ben, cy, dee]))
    expect(reasonOf(ada, reseal(folder, 1))).toBe('unknown-folder')
  })
})

describe('folder.drive', () => {
  let folder: string
  beforeEach(() => {
    folder = randomHex(16)
    g.accept(ada, create(folder))
  })

  it('any member announces a drive; outsiders may not', () => {
    for (const who of [ada, ben, cy, dee]) expect(reasonOf(who, drive(folder))).toBe('ok')
    expect(reasonOf(fay, drive(folder))).toBe('not-member-writer')
  })

  it('only for a standing folder', () => {
    expect(reasonOf(dee, drive(randomHex(16)))).toBe('unknown-folder')
    g.accept(ada, remove(folder))
    expect(reasonOf(dee, drive(folder))).toBe('unknown-folder')
  })

  it('a later announcement replaces the member’s own; the same one again is refused', () => {
    const first = randomHex(32)
    const second = randomHex(32)
    g.accept(dee, drive(folder, first))
    expect(reasonOf(dee, drive(folder, first))).toBe('nothing-to-change')
    const length = g.state.length
    g.accept(dee, drive(folder, second))
    expect(g.state.folderDrives.get(`${folder}:0:${dee.id}`)).toBe(second)
    g.state.truncate(length)
    expect(g.state.folderDrives.get(`${folder}:0:${dee.id}`)).toBe(first)
  })

  it('drive-taken: nobody announces a drive another member announced (even one who is gone)', () => {
    const key = randomHex(32)
    g.accept(dee, drive(folder, key))
    expect(reasonOf(cy, drive(folder, key))).toBe('drive-taken')
    g.accept(ada, g.op('member.remove', { member: dee.id }))
    expect(reasonOf(cy, drive(folder, key))).toBe('drive-taken')
  })

  it('a removed or departed member’s announcements stop counting, and they can announce no more', () => {
    g.accept(dee, drive(folder))
    g.accept(cy, drive(folder))
    g.accept(ben, drive(folder))
    const length = g.state.length
    g.accept(ada, g.op('member.remove', { member: dee.id }))
    g.accept(cy, g.op('member.leave', {}))
    expect(g.state.folderDrives.has(`${folder}:0:${dee.id}`)).toBe(false)
    expect(g.state.folderDrives.has(`${folder}:0:${cy.id}`)).toBe(false)
    expect(g.state.folderDrives.has(`${folder}:0:${ben.id}`)).toBe(true)
    expect(reasonOf(dee, drive(folder))).toBe('not-member')
    // A reorder that undoes the removal brings the announcement back.
    g.state.truncate(length)
    expect(g.state.folderDrives.has(`${folder}:0:${dee.id}`)).toBe(true)
    expect(g.state.folderDrives.has(`${folder}:0:${cy.id}`)).toBe(true)
  })
})

describe('folder.rekey', () => {
  let folder: string
  beforeEach(() => {
    folder = randomHex(16)
    g.accept(ada, create(folder))
  })

  it('admins give a standing folder its next key generation once the epoch moved on, sealed with the current epoch', () => {
    // Nobody left since the folder's key was made: nothing to do.
    expect(reasonOf(ada, rekey(folder, 1, 0))).toBe('nothing-to-change')
    removeDee()
    expect(reasonOf(cy, rekey(folder, 1, 1))).toBe('not-admin')
    expect(reasonOf(dee, rekey(folder, 1, 1))).toBe('not-member')
    // Sealed with epoch 0's key, which Dee holds: refused.
    expect(reasonOf(ben, rekey(folder, 1, 0))).toBe('stale-epoch')
    expect(reasonOf(ben, rekey(folder, 1, 2))).toBe('unknown-epoch')
    expect(reasonOf(ben, rekey(folder, 2, 1))).toBe('stale-generation')
    expect(reasonOf(ben, rekey(randomHex(16), 1, 1))).toBe('unknown-folder')
    const length = g.state.length
    const created = g.state.folders.get(folder)!
    const made = g.accept(ben, rekey(folder, 1, 1))
    expect(g.state.folders.get(folder)).toMatchObject({ op: created.op, author: ada.id, gen: 1, keyEpoch: 1, boxOp: made.entry.op.id, boxType: 'folder.rekey', box: { e: 1 } })
    // A second admin rekeying at once: the same generation again is stale; a further one waits for the next removal.
    expect(reasonOf(ada, rekey(folder, 1, 1))).toBe('stale-generation')
    expect(reasonOf(ada, rekey(folder, 2, 1))).toBe('nothing-to-change')
    g.state.truncate(length)
    expect(g.state.folders.get(folder)).toMatchObject({ gen: 0, keyEpoch: 0, boxOp: created.op, boxType: 'folder.create', box: { e: 0 } })
  })

  it('each later removal allows one more generation', () => {
    removeDee()
    g.accept(ada, rekey(folder, 1, 1))
    g.accept(ada, g.op('member.remove', { member: cy.id }))
    g.accept(ada, g.rotate(2, [ada, ben]))
    expect(reasonOf(ben, rekey(folder, 2, 2))).toBe('ok')
  })

  it('a folder created after a removal, but sealed in an older epoch, gets a new key too', () => {
    removeDee()
    const late = randomHex(16)
    g.accept(ben, create(late, 0))
    expect(g.state.folders.get(late)).toMatchObject({ gen: 0, keyEpoch: 0 })
    expect(reasonOf(ada, rekey(late, 1, 1))).toBe('ok')
  })

  it('not for a removed folder', () => {
    removeDee()
    g.accept(ada, remove(folder))
    expect(reasonOf(ada, rekey(folder, 1, 1))).toBe('unknown-folder')
  })

  it('a reseal after a rekey names the current generation; one made before the rekey landed is stale', () => {
    removeDee()
    g.accept(ada, rekey(folder, 1, 1))
    g.accept(ada, g.op('member.remove', { member: cy.id }))
    g.accept(ada, g.rotate(2, [ada, ben]))
    expect(reasonOf(ben, reseal(folder, 2))).toBe('stale-generation')
    expect(reasonOf(ben, reseal(folder, 2, 2))).toBe('stale-generation')
    const sealed = g.accept(ben, reseal(folder, 2, 1))
    // A reseal carries the same keys: the generation and the epoch they were made in stay.
    expect(g.state.folders.get(folder)).toMatchObject({ gen: 1, keyEpoch: 1, boxOp: sealed.entry.op.id, boxType: 'folder.reseal', box: { e: 2 } })
  })
})

describe('folder.drive generations', () => {
  let folder: string
  beforeEach(() => {
    folder = randomHex(16)
    g.accept(ada, create(folder))
  })

  it('one drive per member and generation; not for a generation the folder has not reached', () => {
    const [k0, k1] = [randomHex(32), randomHex(32)]
    g.accept(ben, drive(folder, k0))
    expect(reasonOf(ben, drive(folder, k1, 1))).toBe('unknown-generation')
    removeDee()
    g.accept(ada, rekey(folder, 1, 1))
    g.accept(ben, drive(folder, k1, 1))
    expect(g.state.folderDrives.get(`${folder}:0:${ben.id}`)).toBe(k0)
    expect(g.state.folderDrives.get(`${folder}:1:${ben.id}`)).toBe(k1)
    expect(reasonOf(ben, drive(folder, k1, 1))).toBe('nothing-to-change')
    // An explicit generation 0 is the same slot as none.
    expect(reasonOf(ben, drive(folder, k0, 0))).toBe('nothing-to-change')
  })

  it('drive-taken: a drive stands for one generation, and never for another member', () => {
    const [k0, k1] = [randomHex(32), randomHex(32)]
    g.accept(ben, drive(folder, k0))
    removeDee()
    g.accept(ada, rekey(folder, 1, 1))
    // Written under generation 0's key: it cannot be generation 1's drive.
    expect(reasonOf(ben, drive(folder, k0, 1))).toBe('drive-taken')
    g.accept(ben, drive(folder, k1, 1))
    expect(reasonOf(cy, drive(folder, k1, 1))).toBe('drive-taken')
    expect(reasonOf(cy, drive(folder, k0))).toBe('drive-taken')
  })

  it('announcements without a generation are judged as they were before generations existed', () => {
    // Ben announces one key for two folders: the old rules let the owner do that, and old logs must read the same.
    const other = randomHex(16)
    g.accept(ada, create(other))
    const key = randomHex(32)
    g.accept(ben, drive(folder, key))
    expect(reasonOf(ben, drive(other, key))).toBe('ok')
    expect(reasonOf(ben, drive(other, key, 0))).toBe('drive-taken')
  })

  it('a removed member’s drives of every generation stop counting; a reorder brings them back', () => {
    g.accept(cy, drive(folder))
    removeDee()
    g.accept(ada, rekey(folder, 1, 1))
    g.accept(cy, drive(folder, randomHex(32), 1))
    g.accept(ben, drive(folder, randomHex(32), 1))
    const length = g.state.length
    g.accept(ada, g.op('member.remove', { member: cy.id }))
    expect([...g.state.folderDrives.keys()].filter((key) => key.endsWith(cy.id))).toEqual([])
    expect(g.state.folderDrives.has(`${folder}:1:${ben.id}`)).toBe(true)
    g.state.truncate(length)
    expect([...g.state.folderDrives.keys()].filter((key) => key.endsWith(cy.id)).sort()).toEqual([`${folder}:0:${cy.id}`, `${folder}:1:${cy.id}`])
  })
})
