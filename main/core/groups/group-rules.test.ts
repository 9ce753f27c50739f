import { beforeEach, describe, expect, it } from 'vitest'
import type { GroupOp } from '../../../shared/domain/group-ops'
import { GROUP_LIMITS } from '../../../shared/domain/groups'
import { checkGroupOp } from './group-rules'
import type { GroupEntry } from './group-state'
import { GroupState } from './group-state'
import type { Person } from './test-kit'
import { Harness, SEALED, T0, fakeBox, groupOf, person, randomHex, snapshot } from './test-kit'

/** Ada creates the group (her writer is its key); Ben is an admin, Cy a moderator, Dee and Eve members; Fay is outside. */
const ada = person('Ada')
const ben = person('Ben')
const cy = person('Cy')
const dee = person('Dee')
const eve = person('Eve')
const fay = person('Fay')
const group = groupOf(ada)

let g: Harness

beforeEach(() => {
  g = new Harness(group)
})

function reasonOf(by: Person, value: GroupOp, writer = by.writer): string {
  return g.reasonOf(by, value, writer)
}

function created(): void {
  g.accept(ada, g.create(ada))
}

/** The whole cast in place. */
function populated(): void {
  created()
  g.accept(ada, g.memberAdd(ben, { role: 'admin' }))
  g.accept(ben, g.memberAdd(cy, { role: 'moderator' }))
  g.accept(ben, g.memberAdd(dee))
  g.accept(ada, g.memberAdd(eve))
}

describe('group.create', () => {
  it('makes the creator the owner, on the bootstrap writer, holding epoch 0', () => {
    const result = g.accept(ada, g.create(ada))
    expect(result.writers).toBeUndefined()
    expect(result.entry).toMatchObject({ w: group.key, a: ada.id })
    expect(g.state.created).toBe(true)
    expect(g.state.epoch).toBe(0)
    expect(g.state.members.get(ada.id)).toMatchObject({ role: 'owner', device: ada.device, sealKey: ada.sealKey, writers: new Set([group.key]), mutedUntil: 0 })
    expect(g.state.writers.get(group.key)).toBe(ada.id)
    expect(g.state.holdsKey(0, ada.id)).toBe(true)
  })

  it('no-genesis: comes from no writer but the one whose key is the group key', () => {
    expect(reasonOf(ben, g.create(ben))).toBe('no-genesis')
    expect(reasonOf(ada, g.create(ada), randomHex(32))).toBe('no-genesis')
    expect(reasonOf(ada, g.create(ada))).toBe('ok')
  })

  it('no-genesis: nothing is accepted before it', () => {
    expect(reasonOf(ada, g.post())).toBe('no-genesis')
    expect(reasonOf(ada, g.memberAdd(ben))).toBe('no-genesis')
    expect(reasonOf(ada, g.op('group.settings', { mode: 'working' }))).toBe('no-genesis')
    created()
    expect(reasonOf(ada, g.post())).toBe('ok')
  })

  it('genesis-again: happens once', () => {
    created()
    expect(reasonOf(ada, g.create(ada))).toBe('genesis-again')
    expect(reasonOf(ben, g.create(ben))).toBe('genesis-again')
  })

  it('bad-genesis: seals epoch 0 to its author', () => {
    expect(reasonOf(ada, g.create(ada, { keysTo: ben.id }))).toBe('bad-genesis')
    expect(reasonOf(ada, g.create(ada, { keysTo: ada.id }))).toBe('ok')
  })

  it('bad-device-cert: the creator’s device must be certified by the creator', () => {
    expect(reasonOf(ada, g.create(ada, { certBy: ben.keys }))).toBe('bad-device-cert')
    expect(reasonOf(ada, { ...g.create(ada), device: ben.device })).toBe('bad-device-cert')
    expect(reasonOf(ada, { ...g.create(ada), deviceCert: '00'.repeat(64) })).toBe('bad-device-cert')
    expect(reasonOf(ada, g.create(ada))).toBe('ok')
  })
})

describe('writers and authors', () => {
  beforeEach(populated)

  it('not-member-writer: refuses unknown writers and writers of someone else', () => {
    expect(reasonOf(fay, g.post())).toBe('not-member-writer')
    expect(reasonOf(ada, g.post(), fay.writer)).toBe('not-member-writer')
    expect(reasonOf(dee, g.post(), ada.writer)).toBe('not-member-writer')
    expect(reasonOf(ada, g.post(), dee.writer)).toBe('not-member-writer')
    expect(reasonOf(dee, g.post())).toBe('ok')
  })

  it('replayed: an op id is accepted once, whoever sends it again', () => {
    const first = g.post()
    g.accept(dee, first)
    expect(reasonOf(dee, first)).toBe('replayed')
    expect(reasonOf(ada, { ...first })).toBe('replayed')
    expect(reasonOf(ada, { ...g.op('member.remove', { member: eve.id }), id: first.id })).toBe('replayed')
    expect(reasonOf(dee, g.post())).toBe('ok')
  })
})

describe('member.add', () => {
  beforeEach(created)

  it('admits a member’s writer with the credentials they signed, as an indexer only for admins', () => {
    expect(g.accept(ada, g.memberAdd(dee)).writers).toEqual([{ key: dee.writer, indexer: false }])
    expect(g.state.members.get(dee.id)).toMatchObject({ role: 'member', device: dee.device, sealKey: dee.sealKey, writers: new Set([dee.writer]), mutedUntil: 0 })
    expect(g.state.writers.get(dee.writer)).toBe(dee.id)
    expect(g.state.holdsKey(0, dee.id)).toBe(true)
    expect(g.accept(ada, g.memberAdd(cy, { role: 'moderator' })).writers).toEqual([{ key: cy.writer, indexer: false }])
    expect(g.accept(ada, g.memberAdd(ben, { role: 'admin' })).writers).toEqual([{ key: ben.writer, indexer: true }])
    // An admin adds members too, including another admin (the same rank as theirs).
    expect(g.accept(ben, g.memberAdd(eve, { role: 'admin' })).writers).toEqual([{ key: eve.writer, indexer: true }])
    expect(g.state.memberCount).toBe(5)
  })

  it('not-admin: members and moderators cannot add anyone', () => {
    g.accept(ada, g.memberAdd(cy, { role: 'moderator' }))
    g.accept(ada, g.memberAdd(dee))
    expect(reasonOf(dee, g.memberAdd(eve))).toBe('not-admin')
    expect(reasonOf(cy, g.memberAdd(eve))).toBe('not-admin')
    expect(reasonOf(ada, g.memberAdd(eve))).toBe('ok')
  })

  it('already-member: a current member is not added again (not even with another writer)', () => {
    g.accept(ada, g.memberAdd(dee))
    expect(reasonOf(ada, g.memberAdd(dee))).toBe('already-member')
    expect(reasonOf(ada, g.memberAdd(dee, { writer: randomHex(32) }))).toBe('already-member')
    expect(reasonOf(ada, g.memberAdd(ada, { writer: randomHex(32), role: 'admin' }))).toBe('already-member')
    expect(reasonOf(ada, g.memberAdd(eve))).toBe('ok')
  })

  it('writer-taken: a writer belongs to one identity for good', () => {
    g.accept(ada, g.memberAdd(dee))
    expect(reasonOf(ada, g.memberAdd(eve, { writer: dee.writer }))).toBe('writer-taken')
    expect(reasonOf(ada, g.memberAdd(eve, { writer: group.key }))).toBe('writer-taken')
    // Even once Dee is gone, her writer is not handed to someone else.
    g.accept(ada, g.op('member.remove', { member: dee.id }))
    expect(reasonOf(ada, g.memberAdd(eve, { writer: dee.writer }))).toBe('writer-taken')
    expect(reasonOf(ada, g.memberAdd(eve))).toBe('ok')
  })

  it('unknown-epoch: the key granted with the add is of an epoch that exists', () => {
    expect(reasonOf(ada, g.memberAdd(dee, { grantE: 1 }))).toBe('unknown-epoch')
    expect(reasonOf(ada, g.memberAdd(dee, { grantE: 0 }))).toBe('ok')
    g.accept(ada, g.rotate(1, [ada]))
    expect(reasonOf(ada, g.memberAdd(dee, { grantE: 1 }))).toBe('ok')
    expect(reasonOf(ada, g.memberAdd(dee, { grantE: 2 }))).toBe('unknown-epoch')
  })

  it('bad-device-cert: the member certified the device', () => {
    expect(reasonOf(ada, g.memberAdd(dee, { certBy: ada.keys }))).toBe('bad-device-cert')
    expect(reasonOf(ada, { ...g.memberAdd(dee), device: eve.device })).toBe('bad-device-cert')
    expect(reasonOf(ada, { ...g.memberAdd(dee), deviceCert: g.memberAdd(eve).deviceCert })).toBe('bad-device-cert')
    expect(reasonOf(ada, g.memberAdd(dee))).toBe('ok')
  })

  it('bad-member-signature: nobody enrols a writer or a sealing key in someone else’s name', () => {
    expect(reasonOf(ada, g.memberAdd(dee, { sigBy: ada.keys }))).toBe('bad-member-signature')
    // Signed for another group.
    expect(reasonOf(ada, g.memberAdd(dee, { discoveryKey: randomHex(32) }))).toBe('bad-member-signature')
    const signed = g.memberAdd(dee)
    expect(reasonOf(ada, { ...signed, writer: eve.writer })).toBe('bad-member-signature')
    // An admin cannot swap in a sealing key they control.
    expect(reasonOf(ada, { ...signed, sealKey: ada.sealKey })).toBe('bad-member-signature')
    expect(reasonOf(ada, { ...signed, memberSig: '00'.repeat(64) })).toBe('bad-member-signature')
    // A device certificate is not a membership credential.
    expect(reasonOf(ada, { ...signed, memberSig: signed.deviceCert })).toBe('bad-member-signature')
    expect(reasonOf(ada, signed)).toBe('ok')
  })
})

describe('the member limit', () => {
  it(`group-full: at most ${GROUP_LIMITS.members} members, owner included`, () => {
    created()
    // Fill the group to one short of the limit straight into the state (as the view would), then let the rules decide the rest.
    const filler: string[] = []
    for (let i = 0; g.state.memberCount < GROUP_LIMITS.members - 1; i++) {
      const id = i.toString(16).padStart(64, 'c')
      filler.push(id)
      const entry: GroupEntry = { w: group.key, a: ada.id, op: { ...g.memberAdd(dee), member: id, writer: id.replace(/^c/, 'd') } }
      g.state.record(entry)
    }
    expect(g.state.memberCount).toBe(GROUP_LIMITS.members - 1)
    g.accept(ada, g.memberAdd(dee))
    expect(g.state.memberCount).toBe(GROUP_LIMITS.members)
    expect(reasonOf(ada, g.memberAdd(eve))).toBe('group-full')
    expect(reasonOf(ada, g.memberAdd(ben, { role: 'admin' }))).toBe('group-full')
    // A place frees up when someone goes.
    g.accept(ada, g.op('member.remove', { member: filler[0]! }))
    expect(reasonOf(ada, g.memberAdd(eve))).toBe('ok')
  })
})

describe('member.role', () => {
  beforeEach(populated)

  it('returns the writers whose indexer status changes, and nothing when it does not', () => {
    expect(g.accept(ada, g.op('member.role', { member: dee.id, role: 'moderator' })).writers).toEqual([])
    expect(g.accept(ada, g.op('member.role', { member: dee.id, role: 'admin' })).writers).toEqual([{ key: dee.writer, indexer: true }])
    expect(g.state.members.get(dee.id)?.role).toBe('admin')
    expect(g.accept(ada, g.op('member.role', { member: dee.id, role: 'moderator' })).writers).toEqual([{ key: dee.writer, indexer: false }])
    expect(g.accept(ada, g.op('member.role', { member: cy.id, role: 'member' })).writers).toEqual([])
    expect(g.accept(ada, g.op('member.role', { member: ben.id, role: 'member' })).writers).toEqual([{ key: ben.writer, indexer: false }])
    expect(g.state.members.get(ben.id)?.role).toBe('member')
  })

  it('not-admin: members and moderators change no roles', () => {
    expect(reasonOf(dee, g.op('member.role', { member: eve.id, role: 'moderator' }))).toBe('not-admin')
    expect(reasonOf(cy, g.op('member.role', { member: eve.id, role: 'moderator' }))).toBe('not-admin')
    expect(reasonOf(ben, g.op('member.role', { member: eve.id, role: 'moderator' }))).toBe('ok')
  })

  it('unknown-member: the target is a current member', () => {
    expect(reasonOf(ada, g.op('member.role', { member: fay.id, role: 'moderator' }))).toBe('unknown-member')
    g.accept(ada, g.op('member.remove', { member: eve.id }))
    expect(reasonOf(ada, g.op('member.role', { member: eve.id, role: 'moderator' }))).toBe('unknown-member')
    expect(reasonOf(ada, g.op('member.role', { member: dee.id, role: 'moderator' }))).toBe('ok')
  })

  it('bad-role: nobody changes their own role', () => {
    expect(reasonOf(ben, g.op('member.role', { member: ben.id, role: 'member' }))).toBe('bad-role')
    expect(reasonOf(ada, g.op('member.role', { member: ada.id, role: 'admin' }))).toBe('bad-role')
    expect(reasonOf(ada, g.op('member.role', { member: ada.id, role: 'owner' }))).toBe('bad-role')
    expect(reasonOf(ada, g.op('member.role', { member: ben.id, role: 'member' }))).toBe('ok')
  })

  it('nothing-to-change: the role is different from the current one', () => {
    expect(reasonOf(ada, g.op('member.role', { member: dee.id, role: 'member' }))).toBe('nothing-to-change')
    expect(reasonOf(ada, g.op('member.role', { member: ben.id, role: 'admin' }))).toBe('nothing-to-change')
    expect(reasonOf(ada, g.op('member.role', { member: dee.id, role: 'moderator' }))).toBe('ok')
  })

  it('outranked: an admin changes only lower ranks, up to their own', () => {
    g.accept(ada, g.memberAdd(fay, { role: 'admin' }))
    expect(reasonOf(ben, g.op('member.role', { member: fay.id, role: 'member' }))).toBe('outranked')
    expect(reasonOf(ben, g.op('member.role', { member: ada.id, role: 'admin' }))).toBe('outranked')
    expect(reasonOf(ben, g.op('member.role', { member: dee.id, role: 'owner' }))).toBe('outranked')
    expect(reasonOf(ben, g.op('member.role', { member: dee.id, role: 'admin' }))).toBe('ok')
    expect(reasonOf(ben, g.op('member.role', { member: cy.id, role: 'member' }))).toBe('ok')
    expect(reasonOf(ada, g.op('member.role', { member: fay.id, role: 'member' }))).toBe('ok')
  })

  it('a demoted admin can no longer act as one', () => {
    expect(reasonOf(ben, g.op('member.remove', { member: dee.id }))).toBe('ok')
    g.accept(ada, g.op('member.role', { member: ben.id, role: 'moderator' }))
    expect(reasonOf(ben, g.op('member.remove', { member: dee.id }))).toBe('not-admin')
    expect(reasonOf(ben, g.memberAdd(fay))).toBe('not-admin')
    expect(reasonOf(ben, g.rotate(1, [ben, ada]))).toBe('not-admin')
    expect(reasonOf(ben, g.post(0, { ch: 'announcements' }))).toBe('announcements-admins-only')
    // Still a moderator.
    expect(reasonOf(ben, g.op('member.mute', { member: dee.id, until: T0 + 1 }))).toBe('ok')
    g.accept(ada, g.op('member.role', { member: ben.id, role: 'member' }))
    expect(reasonOf(ben, g.op('member.mute', { member: dee.id, until: T0 + 1 }))).toBe('not-moderator')
  })

  it('ownership transfer: only the owner hands it over, stays on as an admin, and the new owner’s writer indexes', () => {
    expect(reasonOf(ben, g.op('member.role', { member: dee.id, role: 'owner' }))).toBe('outranked')
    expect(reasonOf(ben, g.op('member.role', { member: ben.id, role: 'owner' }))).toBe('bad-role')
    const result = g.accept(ada, g.op('member.role', { member: dee.id, role: 'owner' }))
    expect(result.writers).toEqual([{ key: dee.writer, indexer: true }])
    expect(g.state.members.get(dee.id)?.role).toBe('owner')
    expect(g.state.members.get(ada.id)?.role).toBe('admin')
    expect([...g.state.members.values()].filter((m) => m.role === 'owner')).toHaveLength(1)
    // The old owner is now an admin: outranked by the new owner, free to leave.
    expect(reasonOf(ada, g.op('member.remove', { member: dee.id }))).toBe('outranked')
    expect(reasonOf(ada, g.op('member.role', { member: ben.id, role: 'owner' }))).toBe('outranked')
    expect(reasonOf(ada, g.op('member.leave', {}))).toBe('ok')
    expect(reasonOf(dee, g.op('member.leave', {}))).toBe('owner-cannot-leave')
    expect(reasonOf(dee, g.op('member.remove', { member: ada.id }))).toBe('ok')
  })

  it('ownership handed to an admin keeps them an indexer', () => {
    expect(g.accept(ada, g.op('member.role', { member: ben.id, role: 'owner' })).writers).toEqual([{ key: ben.writer, indexer: true }])
    expect(g.state.members.get(ben.id)?.role).toBe('owner')
    expect(g.state.members.get(ada.id)?.role).toBe('admin')
  })
})

describe('member.remove', () => {
  beforeEach(populated)

  it('not-admin: a member or moderator removes nobody', () => {
    expect(reasonOf(dee, g.op('member.remove', { member: eve.id }))).toBe('not-admin')
    expect(reasonOf(cy, g.op('member.remove', { member: eve.id }))).toBe('not-admin')
    expect(reasonOf(ben, g.op('member.remove', { member: eve.id }))).toBe('ok')
  })

  it('outranked: an admin removes neither the owner, another admin, nor themselves', () => {
    g.accept(ada, g.memberAdd(fay, { role: 'admin' }))
    expect(reasonOf(ben, g.op('member.remove', { member: ada.id }))).toBe('outranked')
    expect(reasonOf(ben, g.op('member.remove', { member: fay.id }))).toBe('outranked')
    expect(reasonOf(ben, g.op('member.remove', { member: ben.id }))).toBe('outranked')
    expect(reasonOf(ada, g.op('member.remove', { member: ada.id }))).toBe('outranked')
    expect(reasonOf(ben, g.op('member.remove', { member: cy.id }))).toBe('ok')
  })

  it('the owner removes an admin, and their writers leave the base', () => {
    const result = g.accept(ada, g.op('member.remove', { member: ben.id }))
    expect(result.writers).toEqual([{ key: ben.writer, remove: true }])
    expect(g.state.members.has(ben.id)).toBe(false)
    expect(g.state.memberCount).toBe(4)
  })

  it('unknown-member: the target is a current member', () => {
    expect(reasonOf(ada, g.op('member.remove', { member: fay.id }))).toBe('unknown-member')
    g.accept(ada, g.op('member.remove', { member: dee.id }))
    expect(reasonOf(ada, g.op('member.remove', { member: dee.id }))).toBe('unknown-member')
  })

  it('not-member: a removed member’s later ops are refused, though their writer is still known', () => {
    const before = g.post()
    g.accept(dee, before)
    g.accept(ben, g.op('member.remove', { member: dee.id }))
    expect(g.state.writers.get(dee.writer)).toBe(dee.id)
    expect(reasonOf(dee, g.post())).toBe('not-member')
    expect(reasonOf(dee, g.op('message.delete', { target: before.id }))).toBe('not-member')
    expect(reasonOf(dee, g.op('member.leave', {}))).toBe('not-member')
    expect(reasonOf(dee, g.op('read.mark', { upTo: before.id }))).toBe('not-member')
    expect(reasonOf(eve, g.post())).toBe('ok')
  })

  it('re-adding a removed member with the same writer works', () => {
    g.accept(ada, g.op('member.remove', { member: dee.id }))
    expect(g.accept(ben, g.memberAdd(dee)).writers).toEqual([{ key: dee.writer, indexer: false }])
    expect(g.state.members.get(dee.id)).toMatchObject({ role: 'member', writers: new Set([dee.writer]) })
    expect(reasonOf(dee, g.post())).toBe('ok')
  })

  it('a member re-added on another writer is refused on the old one', () => {
    g.accept(ada, g.op('member.remove', { member: dee.id }))
    const laptop = randomHex(32)
    g.accept(ada, g.memberAdd(dee, { writer: laptop }))
    expect(reasonOf(dee, g.post(), laptop)).toBe('ok')
    expect(reasonOf(dee, g.post())).toBe('not-member')
  })
})

describe('member.leave', () => {
  beforeEach(populated)

  it('takes the author and their writers out', () => {
    expect(g.accept(dee, g.op('member.leave', {})).writers).toEqual([{ key: dee.writer, remove: true }])
    expect(g.state.members.has(dee.id)).toBe(false)
    expect(g.accept(ben, g.op('member.leave', {})).writers).toEqual([{ key: ben.writer, remove: true }])
  })

  it('not-member: a member who left is refused, including leaving twice', () => {
    g.accept(dee, g.op('member.leave', {}))
    expect(reasonOf(dee, g.post())).toBe('not-member')
    expect(reasonOf(dee, g.op('member.leave', {}))).toBe('not-member')
    // Until they are added again.
    g.accept(ada, g.memberAdd(dee))
    expect(reasonOf(dee, g.post())).toBe('ok')
  })

  it('owner-cannot-leave: ownership is handed over first', () => {
    expect(reasonOf(ada, g.op('member.leave', {}))).toBe('owner-cannot-leave')
    g.accept(ada, g.op('member.role', { member: ben.id, role: 'owner' }))
    expect(reasonOf(ada, g.op('member.leave', {}))).toBe('ok')
  })
})

describe('member.mute', () => {
  beforeEach(populated)
  const until = T0 + 60_000

  it('not-moderator: plain members mute nobody', () => {
    expect(reasonOf(dee, g.op('member.mute', { member: eve.id, until }))).toBe('not-moderator')
    expect(reasonOf(cy, g.op('member.mute', { member: eve.id, until }))).toBe('ok')
    expect(reasonOf(ben, g.op('member.mute', { member: eve.id, until }))).toBe('ok')
  })

  it('unknown-member: the target is a current member', () => {
    expect(reasonOf(cy, g.op('member.mute', { member: fay.id, until }))).toBe('unknown-member')
  })

  it('mute-too-long: at most 30 days past the op’s own time', () => {
    const longest = g.op('member.mute', { member: eve.id, until: 0 })
    const at = (longest as { at: number }).at
    expect(reasonOf(cy, { ...longest, until: at + 30 * 24 * 3_600_000 } as typeof longest)).toBe('ok')
    expect(reasonOf(cy, { ...longest, until: at + 30 * 24 * 3_600_000 + 1 } as typeof longest)).toBe('mute-too-long')
  })

  it('outranked: only lower ranks, never oneself', () => {
    expect(reasonOf(cy, g.op('member.mute', { member: cy.id, until }))).toBe('outranked')
    expect(reasonOf(cy, g.op('member.mute', { member: ben.id, until }))).toBe('outranked')
    expect(reasonOf(cy, g.op('member.mute', { member: ada.id, until }))).toBe('outranked')
    expect(reasonOf(ben, g.op('member.mute', { member: ada.id, until }))).toBe('outranked')
    g.accept(ada, g.memberAdd(fay, { role: 'moderator' }))
    expect(reasonOf(cy, g.op('member.mute', { member: fay.id, until }))).toBe('outranked')
    expect(reasonOf(ben, g.op('member.mute', { member: fay.id, until }))).toBe('ok')
  })

  it('muted: posts, threads, edits and reactions timed before `until` are refused, and allowed from `until` on', () => {
    const earlier = g.post()
    g.accept(dee, earlier)
    g.accept(cy, g.op('member.mute', { member: dee.id, until }))
    expect(g.state.members.get(dee.id)?.mutedUntil).toBe(until)
    expect(reasonOf(dee, g.post(0, {}, until - 1))).toBe('muted')
    expect(reasonOf(dee, g.op('thread.open', { box: fakeBox(0) }, until - 1))).toBe('muted')
    expect(reasonOf(dee, g.op('message.edit', { target: earlier.id, box: fakeBox(0) }, until - 1))).toBe('muted')
    expect(reasonOf(dee, g.op('reaction.set', { target: earlier.id, on: true, box: fakeBox(0) }, until - 1))).toBe('muted')
    expect(reasonOf(dee, g.post(0, {}, until))).toBe('ok')
    expect(reasonOf(dee, g.op('thread.open', { box: fakeBox(0) }, until))).toBe('ok')
    expect(reasonOf(dee, g.op('message.edit', { target: earlier.id, box: fakeBox(0) }, until + 1))).toBe('ok')
    expect(reasonOf(dee, g.op('reaction.set', { target: earlier.id, on: true, box: fakeBox(0) }, until))).toBe('ok')
    // Others are not affected.
    expect(reasonOf(eve, g.post(0, {}, until - 1))).toBe('ok')
  })

  it('a muted member may still delete their own message, mark as read and leave', () => {
    const earlier = g.post()
    g.accept(dee, earlier)
    g.accept(cy, g.op('member.mute', { member: dee.id, until }))
    expect(reasonOf(dee, g.op('read.mark', { upTo: earlier.id }, T0))).toBe('ok')
    expect(reasonOf(dee, g.op('message.delete', { target: earlier.id }, T0))).toBe('ok')
    expect(reasonOf(dee, g.op('member.leave', {}, T0))).toBe('ok')
  })

  it('unmute (until 0) lifts it', () => {
    g.accept(cy, g.op('member.mute', { member: dee.id, until }))
    expect(reasonOf(dee, g.post(0, {}, T0))).toBe('muted')
    g.accept(ben, g.op('member.mute', { member: dee.id, until: 0 }))
    expect(g.state.members.get(dee.id)?.mutedUntil).toBe(0)
    expect(reasonOf(dee, g.post(0, {}, T0))).toBe('ok')
    expect(reasonOf(dee, g.post(0, {}, 0))).toBe('ok')
  })
})

describe('epoch.rotate', () => {
  beforeEach(populated)
  const everyone = () => [ada, ben, cy, dee, eve]

  it('starts the next epoch, its key sealed to the members it lists', () => {
    const result = g.accept(ben, g.rotate(1, everyone()))
    expect(result.writers).toBeUndefined()
    expect(g.state.epoch).toBe(1)
    for (const p of everyone()) expect(g.state.holdsKey(1, p.id)).toBe(true)
    g.accept(ada, g.rotate(2, [ada, dee]))
    expect(g.state.epoch).toBe(2)
    expect(g.state.holdsKey(2, dee.id)).toBe(true)
    expect(g.state.holdsKey(2, eve.id)).toBe(false)
  })

  it('not-admin: members and moderators do not rotate', () => {
    expect(reasonOf(dee, g.rotate(1, everyone()))).toBe('not-admin')
    expect(reasonOf(cy, g.rotate(1, everyone()))).toBe('not-admin')
  })

  it('stale-epoch: the new epoch is exactly the current one + 1', () => {
    expect(reasonOf(ada, g.rotate(0, everyone()))).toBe('stale-epoch')
    expect(reasonOf(ada, g.rotate(2, everyone()))).toBe('stale-epoch')
    g.accept(ada, g.rotate(1, everyone()))
    // A second admin who rotated concurrently from the same epoch loses.
    expect(reasonOf(ben, g.rotate(1, everyone()))).toBe('stale-epoch')
    expect(reasonOf(ben, g.rotate(2, everyone()))).toBe('ok')
  })

  it('bad-keys: includes the author', () => {
    expect(reasonOf(ben, g.rotate(1, [ada, cy, dee, eve]))).toBe('bad-keys')
    expect(reasonOf(ben, g.rotate(1, [ben]))).toBe('ok')
  })

  it('bad-keys: no member twice', () => {
    expect(reasonOf(ben, g.rotate(1, [ben, dee, dee]))).toBe('bad-keys')
    expect(reasonOf(ben, g.rotate(1, [ben, ben]))).toBe('bad-keys')
  })

  it('bad-keys: only current members', () => {
    expect(reasonOf(ben, g.rotate(1, [ben, fay]))).toBe('bad-keys')
    g.accept(ada, g.op('member.remove', { member: dee.id }))
    expect(reasonOf(ben, g.rotate(1, [ada, ben, cy, dee, eve]))).toBe('bad-keys')
    expect(reasonOf(ben, g.rotate(1, [ada, ben, cy, eve]))).toBe('ok')
  })
})

describe('epoch.grant', () => {
  beforeEach(populated)
  const grant = (to: Person, e: number) => g.op('epoch.grant', { e, m: to.id, k: SEALED })

  it('gives a member who lacks it an epoch’s key', () => {
    g.accept(ada, g.rotate(1, [ada, ben, cy, dee]))
    expect(g.state.holdsKey(1, eve.id)).toBe(false)
    expect(g.accept(ben, grant(eve, 1)).writers).toBeUndefined()
    expect(g.state.holdsKey(1, eve.id)).toBe(true)
  })

  it('key-held: not to a member who already has it', () => {
    expect(reasonOf(ben, grant(eve, 0))).toBe('key-held')
    g.accept(ada, g.rotate(1, [ada, ben]))
    expect(reasonOf(ben, grant(ben, 1))).toBe('key-held')
    g.accept(ben, grant(eve, 1))
    expect(reasonOf(ada, grant(eve, 1))).toBe('key-held')
  })

  it('can give an older epoch to a member who joined after it', () => {
    g.accept(ada, g.rotate(1, [ada, ben, cy, dee, eve]))
    g.accept(ada, g.memberAdd(fay, { grantE: 1 }))
    expect(g.state.holdsKey(0, fay.id)).toBe(false)
    expect(reasonOf(ada, grant(fay, 0))).toBe('ok')
    expect(reasonOf(ada, grant(fay, 1))).toBe('key-held')
  })

  it('unknown-epoch: only epochs that exist', () => {
    g.accept(ada, g.rotate(1, [ada]))
    expect(reasonOf(ada, grant(eve, 2))).toBe('unknown-epoch')
    expect(reasonOf(ada, grant(eve, 1))).toBe('ok')
  })

  it('unknown-member: only to current members', () => {
    g.accept(ada, g.rotate(1, [ada]))
    expect(reasonOf(ada, grant(fay, 1))).toBe('unknown-member')
    g.accept(ada, g.op('member.remove', { member: eve.id }))
    expect(reasonOf(ada, grant(eve, 1))).toBe('unknown-member')
  })

  it('not-admin: members and moderators grant nothing', () => {
    g.accept(ada, g.rotate(1, [ada]))
    expect(reasonOf(dee, grant(eve, 1))).toBe('not-admin')
    expect(reasonOf(cy, grant(eve, 1))).toBe('not-admin')
    expect(reasonOf(ben, grant(eve, 1))).toBe('ok')
  })
})

describe('content epochs', () => {
  beforeEach(populated)

  it('unknown-epoch: a box sealed under an epoch beyond the current one is refused, whatever carries it', () => {
    const message = g.post()
    g.accept(dee, message)
    const ahead = fakeBox(1)
    expect(reasonOf(dee, g.op('message.post', { ch: 'chat', box: ahead }))).toBe('unknown-epoch')
    expect(reasonOf(dee, g.op('thread.open', { box: ahead }))).toBe('unknown-epoch')
    expect(reasonOf(dee, g.op('message.edit', { target: message.id, box: ahead }))).toBe('unknown-epoch')
    expect(reasonOf(dee, g.op('reaction.set', { target: message.id, on: true, box: ahead }))).toBe('unknown-epoch')
    expect(reasonOf(ada, g.op('group.profile', { box: ahead }))).toBe('unknown-epoch')
    expect(reasonOf(dee, g.op('profile.set', { box: ahead }))).toBe('unknown-epoch')
    g.accept(ada, g.rotate(1, [ada, ben, cy, dee, eve]))
    expect(reasonOf(dee, g.op('message.post', { ch: 'chat', box: ahead }))).toBe('ok')
    expect(reasonOf(dee, g.op('thread.open', { box: ahead }))).toBe('ok')
    expect(reasonOf(dee, g.op('message.edit', { target: message.id, box: ahead }))).toBe('ok')
    expect(reasonOf(dee, g.op('reaction.set', { target: message.id, on: true, box: ahead }))).toBe('ok')
    expect(reasonOf(ada, g.op('group.profile', { box: ahead }))).toBe('ok')
    expect(reasonOf(dee, g.op('profile.set', { box: ahead }))).toBe('ok')
    expect(reasonOf(dee, g.post(2))).toBe('unknown-epoch')
  })

  it('a box of an earlier epoch is still accepted (written concurrently with a rotation)', () => {
    g.accept(ada, g.rotate(1, [ada, ben, cy, dee, eve]))
    expect(reasonOf(dee, g.post(0))).toBe('ok')
  })
})

describe('group.profile and group.settings', () => {
  beforeEach(populated)

  it('profile.set: any member sets their own profile in the group, sealed under a known epoch', () => {
    for (const p of [ada, ben, cy, dee]) expect(reasonOf(p, g.op('profile.set', { box: fakeBox(0) }))).toBe('ok')
    expect(reasonOf(fay, g.op('profile.set', { box: fakeBox(0) }))).toBe('not-member-writer')
    expect(reasonOf(dee, g.op('profile.set', { box: fakeBox(1) }))).toBe('unknown-epoch')
  })

  it('not-admin: only admins change the profile or the settings', () => {
    expect(reasonOf(dee, g.op('group.profile', { box: fakeBox(0) }))).toBe('not-admin')
    expect(reasonOf(cy, g.op('group.profile', { box: fakeBox(0) }))).toBe('not-admin')
    expect(reasonOf(ben, g.op('group.profile', { box: fakeBox(0) }))).toBe('ok')
    expect(reasonOf(dee, g.op('group.settings', { mode: 'working' }))).toBe('not-admin')
    expect(reasonOf(cy, g.op('group.settings', { visibility: 'open' }))).toBe('not-admin')
    expect(reasonOf(ben, g.op('group.settings', { mode: 'working' }))).toBe('ok')
  })

  it('nothing-to-change: settings change at least one thing', () => {
    expect(reasonOf(ben, g.op('group.settings', {}))).toBe('nothing-to-change')
    g.accept(ben, g.op('group.settings', { mode: 'trading' }))
    expect(g.state.mode).toBe('trading')
    expect(g.state.visibility).toBe('private')
    g.accept(ada, g.op('group.settings', { visibility: 'restricted' }))
    expect(g.state).toMatchObject({ mode: 'trading', visibility: 'restricted' })
  })
})

describe('messages', () => {
  beforeEach(populated)

  it('announcements-admins-only: members and moderators post in the chat, not the announcements', () => {
    expect(reasonOf(dee, g.post(0, { ch: 'announcements' }))).toBe('announcements-admins-only')
    expect(reasonOf(cy, g.post(0, { ch: 'announcements' }))).toBe('announcements-admins-only')
    expect(reasonOf(ben, g.post(0, { ch: 'announcements' }))).toBe('ok')
    expect(reasonOf(ada, g.post(0, { ch: 'announcements' }))).toBe('ok')
    expect(reasonOf(dee, g.post(0, { ch: 'chat' }))).toBe('ok')
  })

  it('unknown-thread: replies in a thread need an open, undeleted thread', () => {
    const thread = g.op('thread.open', { box: fakeBox(0) })
    expect(reasonOf(dee, g.post(0, { ch: thread.id }))).toBe('unknown-thread')
    g.accept(eve, thread)
    expect(reasonOf(dee, g.post(0, { ch: thread.id }))).toBe('ok')
    // A chat message is not a thread.
    const message = g.post()
    g.accept(dee, message)
    expect(reasonOf(dee, g.post(0, { ch: message.id }))).toBe('unknown-thread')
    // Nor is any other op.
    const added = g.memberAdd(fay)
    g.accept(ada, added)
    expect(reasonOf(dee, g.post(0, { ch: added.id }))).toBe('unknown-thread')
    g.accept(cy, g.op('message.delete', { target: thread.id }))
    expect(reasonOf(dee, g.post(0, { ch: thread.id }))).toBe('unknown-thread')
  })

  it('unknown-target: a reply is to a message or a thread', () => {
    const message = g.post()
    g.accept(dee, message)
    const thread = g.op('thread.open', { box: fakeBox(0) })
    g.accept(eve, thread)
    expect(reasonOf(eve, g.post(0, { replyTo: message.id }))).toBe('ok')
    expect(reasonOf(eve, g.post(0, { replyTo: thread.id }))).toBe('ok')
    expect(reasonOf(eve, g.post(0, { replyTo: g.newId() }))).toBe('unknown-target')
    const added = g.memberAdd(fay)
    g.accept(ada, added)
    expect(reasonOf(eve, g.post(0, { replyTo: added.id }))).toBe('unknown-target')
  })

  it('not-author: only the author edits, whatever the editor’s rank', () => {
    const message = g.post()
    g.accept(dee, message)
    const edit = () => g.op('message.edit', { target: message.id, box: fakeBox(0) })
    expect(reasonOf(eve, edit())).toBe('not-author')
    expect(reasonOf(cy, edit())).toBe('not-author')
    expect(reasonOf(ada, edit())).toBe('not-author')
    expect(reasonOf(dee, edit())).toBe('ok')
  })

  it('not-author: a member deletes only their own messages', () => {
    const message = g.post()
    g.accept(dee, message)
    expect(reasonOf(eve, g.op('message.delete', { target: message.id }))).toBe('not-author')
    expect(reasonOf(dee, g.op('message.delete', { target: message.id }))).toBe('ok')
  })

  it('moderators delete anyone’s message, even an admin’s announcement', () => {
    const message = g.post()
    g.accept(dee, message)
    const announcement = g.post(0, { ch: 'announcements' })
    g.accept(ada, announcement)
    g.accept(cy, g.op('message.delete', { target: message.id }))
    expect(g.state.ops.get(message.id)?.deleted).toBe(true)
    expect(reasonOf(cy, g.op('message.delete', { target: announcement.id }))).toBe('ok')
    expect(reasonOf(ben, g.op('message.delete', { target: announcement.id }))).toBe('ok')
  })

  it('target-deleted: nothing is edited, deleted again or pinned after a delete', () => {
    const message = g.post()
    g.accept(dee, message)
    g.accept(dee, g.op('message.edit', { target: message.id, box: fakeBox(0) }))
    g.accept(dee, g.op('message.delete', { target: message.id }))
    expect(reasonOf(dee, g.op('message.edit', { target: message.id, box: fakeBox(0) }))).toBe('target-deleted')
    expect(reasonOf(dee, g.op('message.delete', { target: message.id }))).toBe('target-deleted')
    expect(reasonOf(cy, g.op('message.delete', { target: message.id }))).toBe('target-deleted')
    expect(reasonOf(cy, g.op('message.pin', { target: message.id, on: true }))).toBe('target-deleted')
  })

  it('unknown-target: edits, deletes, reactions, read marks and pins need an existing message or thread', () => {
    const unknown = g.newId()
    expect(reasonOf(dee, g.op('message.edit', { target: unknown, box: fakeBox(0) }))).toBe('unknown-target')
    expect(reasonOf(cy, g.op('message.delete', { target: unknown }))).toBe('unknown-target')
    expect(reasonOf(dee, g.op('reaction.set', { target: unknown, on: true, box: fakeBox(0) }))).toBe('unknown-target')
    expect(reasonOf(dee, g.op('read.mark', { upTo: unknown }))).toBe('unknown-target')
    expect(reasonOf(cy, g.op('message.pin', { target: unknown, on: true }))).toBe('unknown-target')
    // An op that is not a message is no target either.
    const settings = g.op('group.settings', { mode: 'working' })
    g.accept(ada, settings)
    expect(reasonOf(ada, g.op('message.edit', { target: settings.id, box: fakeBox(0) }))).toBe('unknown-target')
    expect(reasonOf(cy, g.op('message.delete', { target: settings.id }))).toBe('unknown-target')
    expect(reasonOf(dee, g.op('reaction.set', { target: settings.id, on: true, box: fakeBox(0) }))).toBe('unknown-target')
    expect(reasonOf(dee, g.op('read.mark', { upTo: settings.id }))).toBe('unknown-target')
    expect(reasonOf(cy, g.op('message.pin', { target: settings.id, on: true }))).toBe('unknown-target')
    // The allowed cases.
    const message = g.post()
    g.accept(dee, message)
    expect(reasonOf(eve, g.op('reaction.set', { target: message.id, on: true, box: fakeBox(0) }))).toBe('ok')
    expect(reasonOf(eve, g.op('read.mark', { upTo: message.id }))).toBe('ok')
  })

  it('not-moderator: moderators and up pin and unpin; members do not', () => {
    const message = g.post()
    g.accept(dee, message)
    expect(reasonOf(dee, g.op('message.pin', { target: message.id, on: true }))).toBe('not-moderator')
    expect(reasonOf(cy, g.op('message.pin', { target: message.id, on: true }))).toBe('ok')
    expect(reasonOf(ben, g.op('message.pin', { target: message.id, on: false }))).toBe('ok')
    expect(reasonOf(ada, g.op('message.pin', { target: message.id, on: true }))).toBe('ok')
  })
})

describe('GroupState.truncate', () => {
  /** A scripted history that touches every kind of change the state records, each entry checked by the rules. */
  function history(): GroupEntry[] {
    const h = new Harness(group)
    const entries: GroupEntry[] = []
    const add = (by: Person, value: GroupOp) => entries.push(h.accept(by, value).entry)
    add(ada, h.create(ada))
    add(ada, h.memberAdd(ben, { role: 'admin' }))
    add(ben, h.memberAdd(dee))
    add(ada, h.memberAdd(cy, { role: 'moderator' }))
    const message = h.post()
    add(dee, message)
    const thread = h.op('thread.open', { box: fakeBox(0) })
    add(dee, thread)
    add(cy, h.op('member.mute', { member: dee.id, until: T0 + 5 }))
    add(ada, h.op('group.settings', { mode: 'working', visibility: 'restricted' }))
    add(cy, h.op('message.delete', { target: message.id }))
    add(ada, h.op('member.role', { member: dee.id, role: 'moderator' }))
    add(ada, h.op('member.remove', { member: ben.id }))
    add(ada, h.rotate(1, [ada, cy, dee]))
    add(ada, h.memberAdd(eve, { grantE: 1 }))
    add(ada, h.op('epoch.grant', { e: 0, m: eve.id, k: SEALED }))
    add(ada, h.op('member.mute', { member: dee.id, until: 0 }))
    add(ada, h.op('member.role', { member: cy.id, role: 'owner' }))
    add(dee, h.op('member.leave', {}))
    add(cy, h.memberAdd(ben))
    add(ben, h.post(1))
    add(cy, h.op('message.delete', { target: thread.id }))
    add(cy, h.rotate(2, [cy, ada, eve, ben]))
    return entries
  }

  function build(entries: readonly GroupEntry[]): GroupState {
    const state = new GroupState()
    for (const entry of entries) state.record(entry)
    return state
  }

  it('unwinds to exactly the state after the first k entries, for every k', () => {
    const entries = history()
    for (let k = 0; k <= entries.length; k++) {
      const state = build(entries)
      state.truncate(k)
      expect(snapshot(state), `truncated to ${k}`).toEqual(snapshot(build(entries.slice(0, k))))
    }
    const empty = build(entries)
    empty.truncate(0)
    expect(snapshot(empty)).toEqual(snapshot(new GroupState()))
  })

  it('unwinds step by step, and reaches the full state again when the rest is re-recorded', () => {
    const entries = history()
    const state = build(entries)
    for (let k = entries.length; k >= 0; k--) {
      state.truncate(k)
      expect(snapshot(state)).toEqual(snapshot(build(entries.slice(0, k))))
    }
    for (const entry of entries) state.record(entry)
    expect(snapshot(state)).toEqual(snapshot(build(entries)))
  })

  it('restores members, roles, the epoch, key holders and deleted flags', () => {
    const entries = history()
    const state = build(entries)
    expect(state.epoch).toBe(2)
    expect(state.members.get(cy.id)?.role).toBe('owner')
    expect(state.members.has(dee.id)).toBe(false)
    // Back to just after the rotation to epoch 1 (Ben removed, Dee a muted moderator, the message deleted).
    state.truncate(12)
    expect(state.epoch).toBe(1)
    expect(state.members.has(ben.id)).toBe(false)
    expect(state.members.has(eve.id)).toBe(false)
    expect(state.members.get(dee.id)).toMatchObject({ role: 'moderator', mutedUntil: T0 + 5 })
    expect(state.members.get(cy.id)?.role).toBe('moderator')
    expect(state.members.get(ada.id)?.role).toBe('owner')
    expect(state.holdsKey(1, dee.id)).toBe(true)
    expect(state.holdsKey(2, ada.id)).toBe(false)
    expect(state.holdsKey(0, eve.id)).toBe(false)
    expect(state.ops.get(entries[4]!.op.id)?.deleted).toBe(true)
    expect(state.ops.get(entries[5]!.op.id)?.deleted).toBe(false)
    expect(state.writers.get(ben.writer)).toBe(ben.id)
    // Before the delete, the removal and the role change.
    state.truncate(8)
    expect(state.ops.get(entries[4]!.op.id)?.deleted).toBe(false)
    expect(state.members.get(ben.id)?.role).toBe('admin')
    expect(state.members.get(dee.id)?.role).toBe('member')
    expect(state).toMatchObject({ epoch: 0, mode: 'working', visibility: 'restricted' })
    state.truncate(7)
    expect(state).toMatchObject({ mode: 'chat', visibility: 'private' })
    state.truncate(6)
    expect(state.members.get(dee.id)?.mutedUntil).toBe(0)
    state.truncate(2)
    expect(state.members.has(dee.id)).toBe(false)
    expect(state.writers.has(dee.writer)).toBe(false)
    expect(state.holdsKey(0, dee.id)).toBe(false)
    // Truncating to more than its length changes nothing.
    state.truncate(10)
    expect(state.length).toBe(2)
  })

  it('leaves the rules deciding exactly as on the shorter log', () => {
    const entries = history()
    const state = build(entries)
    // An id the history does not use (its ops are numbered from 1).
    const removeDee = () => ({ ...g.op('member.remove', { member: dee.id }), id: 'f'.repeat(32) })
    // Entry 10 removes Ben; entry 2 adds Dee.
    state.truncate(11)
    expect(checkWith(state, ben, removeDee())).toBe('not-member')
    state.truncate(10)
    expect(checkWith(state, ben, removeDee())).toBe('ok')
    state.truncate(2)
    expect(checkWith(state, ben, removeDee())).toBe('unknown-member')
  })
})

function checkWith(state: GroupState, by: Person, value: GroupOp): string {
  const result = checkGroupOp(group, state, by.writer, by.id, value)
  return result.ok ? 'ok' : result.reason
}
