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
const drive = (folder: string, key = randomHex(32)) => g.op('folder.drive', { folder, drive: key })

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
  const reseal = (folder: string, e: number) => g.op('folder.reseal', { folder, box: fakeBox(e) })

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
    expect(g.state.folderDrives.get(`${folder}:${dee.id}`)).toBe(second)
    g.state.truncate(length)
    expect(g.state.folderDrives.get(`${folder}:${dee.id}`)).toBe(first)
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
    expect(g.state.folderDrives.has(`${folder}:${dee.id}`)).toBe(false)
    expect(g.state.folderDrives.has(`${folder}:${cy.id}`)).toBe(false)
    expect(g.state.folderDrives.has(`${folder}:${ben.id}`)).toBe(true)
    expect(reasonOf(dee, drive(folder))).toBe('not-member')
    // A reorder that undoes the removal brings the announcement back.
    g.state.truncate(length)
    expect(g.state.folderDrives.has(`${folder}:${dee.id}`)).toBe(true)
    expect(g.state.folderDrives.has(`${folder}:${cy.id}`)).toBe(true)
  })
})
