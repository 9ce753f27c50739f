import { beforeEach, describe, expect, it } from 'vitest'
import type { GroupOp } from '../../../shared/domain/group-ops'
import { RELAYS_PER_GROUP } from '../../../shared/domain/group-ops'
import type { Person } from './test-kit'
import { Harness, fakeBox, groupOf, person, randomHex, snapshot } from './test-kit'

/** Ada owns the group; Ben is an admin, Cy a moderator, Dee a member; Fay is outside. */
const ada = person('Ada')
const ben = person('Ben')
const cy = person('Cy')
const dee = person('Dee')
const fay = person('Fay')
const group = groupOf(ada)

let g: Harness

beforeEach(() => {
  g = new Harness(group).staff(ada, { admin: ben, moderator: cy, members: [dee] })
})

const reasonOf = (by: Person, value: GroupOp, writer = by.writer) => g.reasonOf(by, value, writer)
const relayAdd = (relay: string, e = 0) => g.op('relay.add', { relay, box: fakeBox(e) })
const relayRemove = (relay: string) => g.op('relay.remove', { relay })

describe('relay.add', () => {
  it('owner and admins add relays; moderators, members and outsiders may not', () => {
    expect(reasonOf(ada, relayAdd(randomHex(32)))).toBe('ok')
    expect(reasonOf(ben, relayAdd(randomHex(32)))).toBe('ok')
    expect(reasonOf(cy, relayAdd(randomHex(32)))).toBe('not-admin')
    expect(reasonOf(dee, relayAdd(randomHex(32)))).toBe('not-admin')
    expect(reasonOf(fay, relayAdd(randomHex(32)))).toBe('not-member-writer')
  })

  it('relay-exists: the same relay twice in the same epoch', () => {
    const relay = randomHex(32)
    g.accept(ada, relayAdd(relay))
    expect(reasonOf(ben, relayAdd(relay))).toBe('relay-exists')
    expect(g.state.relays.get(relay)?.author).toBe(ada.id)
  })

  it('a standing relay may be added again with a newer epoch (a reseal of its secret), never an older one', () => {
    const relay = randomHex(32)
    g.accept(ada, relayAdd(relay))
    g.accept(ada, g.op('member.remove', { member: dee.id }))
    g.accept(ada, g.rotate(1, [ada, ben, cy]))
    const length = g.state.length
    const reseal = g.accept(ben, relayAdd(relay, 1))
    expect(g.state.relays.get(relay)).toMatchObject({ author: ben.id, op: reseal.entry.op.id, box: { e: 1 } })
    expect(reasonOf(ada, relayAdd(relay, 1))).toBe('relay-exists')
    expect(reasonOf(ada, relayAdd(relay, 0))).toBe('relay-exists')
    // Undone by a reorder, the first add stands again.
    g.state.truncate(length)
    expect(g.state.relays.get(relay)).toMatchObject({ author: ada.id, box: { e: 0 } })
  })

  it(`too-many-relays: at most ${RELAYS_PER_GROUP} at once; removing one makes room`, () => {
    const relays = Array.from({ length: RELAYS_PER_GROUP }, () => randomHex(32))
    for (const relay of relays) g.accept(ada, relayAdd(relay))
    expect(reasonOf(ada, relayAdd(randomHex(32)))).toBe('too-many-relays')
    g.accept(ada, g.rotate(1, [ada, ben, cy, dee]))
    // Resealing a standing relay is not a new one.
    expect(reasonOf(ada, relayAdd(relays[1]!, 1))).toBe('ok')
    g.accept(ben, relayRemove(relays[0]!))
    expect(reasonOf(ada, relayAdd(randomHex(32)))).toBe('ok')
  })

  it('unknown-epoch: the secret sealed for an epoch that has not started', () => {
    expect(reasonOf(ada, relayAdd(randomHex(32), 1))).toBe('unknown-epoch')
  })

  it('a removed admin can no longer add relays', () => {
    g.accept(ada, g.op('member.remove', { member: ben.id }))
    expect(reasonOf(ben, relayAdd(randomHex(32)))).toBe('not-member')
  })
})

describe('relay.remove', () => {
  it('admins remove a standing relay; others may not; an unknown or removed relay is refused', () => {
    const relay = randomHex(32)
    expect(reasonOf(ada, relayRemove(relay))).toBe('unknown-relay')
    g.accept(ada, relayAdd(relay))
    expect(reasonOf(dee, relayRemove(relay))).toBe('not-admin')
    expect(reasonOf(cy, relayRemove(relay))).toBe('not-admin')
    g.accept(ben, relayRemove(relay))
    expect(g.state.relays.has(relay)).toBe(false)
    expect(reasonOf(ada, relayRemove(relay))).toBe('unknown-relay')
    // …and it can be added again.
    expect(reasonOf(ada, relayAdd(relay))).toBe('ok')
  })

  it('truncate undoes adds and removes exactly', () => {
    const relay = randomHex(32)
    const before = snapshot(g.state)
    const length = g.state.length
    g.accept(ada, relayAdd(relay))
    const added = snapshot(g.state)
    const afterAdd = g.state.length
    g.accept(ben, relayRemove(relay))
    g.state.truncate(afterAdd)
    expect(snapshot(g.state)).toEqual(added)
    g.state.truncate(length)
    expect(snapshot(g.state)).toEqual(before)
  })
})
