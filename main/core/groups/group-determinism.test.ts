import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { GroupOp } from '../../../shared/domain/group-ops'
import { GROUP_LIMITS } from '../../../shared/domain/groups'
import { checkGroupOp } from './group-rules'
import { GroupState } from './group-state'
import { OpMaker, SEALED, T0, fakeBox, groupOf, person, randomHex, snapshot } from './test-kit'

/**
 * Autobase applies the same log on every peer and, after a reorder, undoes
 * part of it and applies it again: the rules must reach the same verdicts and
 * the same state every time. Random logs of valid and invalid ops from random
 * people and writers check that.
 */

const people = ['Ada', 'Ben', 'Cy', 'Dee', 'Eve', 'Fay'].map(person)
const owner = people[0]!
const group = groupOf(owner)
/** Two writers each; the owner's first is the group key. */
const writersOf = people.map((p) => [p.writer, randomHex(32)] as const)
const ROLES = ['owner', 'admin', 'moderator', 'member'] as const
const ADD_ROLES = ['admin', 'moderator', 'member'] as const

/** Credentials are signed once (noble takes a millisecond per signature); the ops only reuse them. */
const credentials = new OpMaker(group)
const adds = people.map((p, i) => writersOf[i]!.map((writer) => credentials.memberAdd(p, { writer })))

const KINDS = ['create', 'add', 'role', 'remove', 'leave', 'mute', 'rotate', 'grant', 'post', 'thread', 'edit', 'delete', 'react', 'read', 'pin', 'profile', 'me', 'settings', 'replay'] as const
type Kind = (typeof KINDS)[number]

interface Step {
  kind: Kind
  by: number
  via: number
  who: number
  role: number
  n: number
  at: number
  mask: number
  pick: number
  bad: boolean
}

const step: fc.Arbitrary<Step> = fc.record({
  // Adds and posts are over-represented so that there is a group to act in and messages to act on.
  kind: fc.oneof(
    { arbitrary: fc.constantFrom<Kind>(...KINDS.filter((kind) => kind !== 'create')), weight: 30 },
    { arbitrary: fc.constantFrom<Kind>('add', 'add', 'post', 'thread'), weight: 15 },
    { arbitrary: fc.constant<Kind>('create'), weight: 1 },
  ),
  by: fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.nat({ max: people.length - 1 }), weight: 3 }),
  via: fc.oneof({ arbitrary: fc.constant(0), weight: 4 }, { arbitrary: fc.constant(1), weight: 1 }),
  who: fc.nat({ max: people.length - 1 }),
  role: fc.nat({ max: 3 }),
  n: fc.nat({ max: 3 }),
  at: fc.nat({ max: 3 }),
  mask: fc.nat({ max: 2 ** people.length - 1 }),
  pick: fc.nat(),
  bad: fc.boolean(),
})

const plan = fc.record({
  genesisFirst: fc.oneof({ arbitrary: fc.constant(true), weight: 9 }, { arbitrary: fc.constant(false), weight: 1 }),
  /** After genesis, the owner adds each other person with this role (index in ADD_ROLES; 3: not added). */
  roster: fc.array(fc.nat({ max: 3 }), { minLength: people.length - 1, maxLength: people.length - 1 }),
  steps: fc.array(step, { maxLength: 60, size: 'max' }),
})
type Plan = { genesisFirst: boolean; roster: number[]; steps: Step[] }

interface Item {
  writer: string
  author: string
  op: GroupOp
}

/** The ops of a log, built from the plan alone (never from verdicts), so every state sees the same sequence. */
function logOf({ genesisFirst, roster, steps }: Plan): Item[] {
  const maker = new OpMaker(group)
  const items: Item[] = []
  const ids: string[] = []
  let epoch = 0
  const pickId = (pick: number) => (ids.length > 0 && pick % 7 !== 0 ? ids[pick % ids.length]! : maker.newId())
  const time = (at: number) => T0 + at * 10
  /** Mostly the current epoch as the generator guesses it, sometimes 0, sometimes one too far. */
  const boxEpoch = (n: number) => (n < 2 ? 0 : n === 2 ? epoch : epoch + 1)
  if (genesisFirst) {
    items.push({ writer: group.key, author: owner.id, op: maker.create(owner) })
    roster.forEach((role, i) => {
      if (role < 3) items.push({ writer: group.key, author: owner.id, op: { ...adds[i + 1]![0]!, id: maker.newId(), role: ADD_ROLES[role]! } })
    })
  }
  for (const s of steps) {
    // Most adds come from the owner, who can make them; the rest test everyone else.
    const byIndex = s.kind === 'add' && s.pick % 3 !== 0 ? 0 : s.by
    const by = people[byIndex]!
    const who = people[s.who]!
    let op: GroupOp
    switch (s.kind) {
      case 'create':
        op = maker.create(by, s.bad ? { keysTo: who.id } : {})
        break
      case 'add': {
        const credential = adds[s.who]![s.n === 3 ? 1 : 0]!
        op = { ...credential, id: maker.newId(), role: ADD_ROLES[s.role % 3]!, grant: { e: boxEpoch(s.n), k: SEALED } }
        if (s.bad) op = { ...op, memberSig: adds[(s.who + 1) % people.length]![0]!.memberSig }
        break
      }
      case 'role':
        op = maker.op('member.role', { member: who.id, role: ROLES[s.role]! })
        break
      case 'remove':
        op = maker.op('member.remove', { member: who.id })
        break
      case 'leave':
        op = maker.op('member.leave', {})
        break
      case 'mute':
        op = maker.op('member.mute', { member: who.id, until: s.at === 0 ? 0 : time(s.at) })
        break
      case 'rotate': {
        const e = epoch + [0, 1, 1, 2][s.n]!
        if (e === epoch + 1) epoch = e
        const to = people.filter((_, i) => (s.mask >> i) & 1)
        if (s.pick % 4 !== 0 && !to.includes(by)) to.push(by)
        if (s.bad && to.length > 0) to.push(to[0]!)
        op = maker.rotate(e, to.length > 0 ? to : [by])
        break
      }
      case 'grant':
        op = maker.op('epoch.grant', { e: boxEpoch(s.n), m: who.id, k: SEALED })
        break
      case 'post': {
        const ch = s.pick % 3 === 0 ? 'chat' : s.pick % 3 === 1 ? 'announcements' : pickId(s.pick)
        op = maker.op('message.post', { ch, ...(s.bad ? { replyTo: pickId(s.pick >> 2) } : {}), box: fakeBox(boxEpoch(s.n)) }, time(s.at))
        break
      }
      case 'thread':
        op = maker.op('thread.open', { box: fakeBox(boxEpoch(s.n)) }, time(s.at))
        break
      case 'edit':
        op = maker.op('message.edit', { target: pickId(s.pick), box: fakeBox(boxEpoch(s.n)) }, time(s.at))
        break
      case 'delete':
        op = maker.op('message.delete', { target: pickId(s.pick) })
        break
      case 'react':
        op = maker.op('reaction.set', { target: pickId(s.pick), on: s.bad, box: fakeBox(boxEpoch(s.n)) }, time(s.at))
        break
      case 'read':
        op = maker.op('read.mark', { upTo: pickId(s.pick) })
        break
      case 'pin':
        op = maker.op('message.pin', { target: pickId(s.pick), on: !s.bad })
        break
      case 'profile':
        op = maker.op('group.profile', { box: fakeBox(boxEpoch(s.n)) })
        break
      case 'me':
        op = maker.op('profile.set', { box: fakeBox(boxEpoch(s.n)) })
        break
      case 'settings':
        op = maker.op('group.settings', s.bad ? {} : { mode: (['chat', 'working', 'trading'] as const)[s.n % 3]!, visibility: (['open', 'restricted', 'private'] as const)[s.at % 3]! })
        break
      case 'replay': {
        const earlier = items.length > 0 ? items[s.pick % items.length]!.op : maker.post()
        op = earlier
        break
      }
    }
    ids.push(op.id)
    items.push({ writer: writersOf[byIndex]![s.via]!, author: by.id, op })
  }
  return items
}

/** Run the rules over items, recording what they accept, as apply does. */
function run(state: GroupState, items: readonly Item[]): string[] {
  return items.map(({ writer, author, op }) => {
    const result = checkGroupOp(group, state, writer, author, op)
    if (!result.ok) return result.reason
    state.record(result.entry)
    return `ok ${JSON.stringify(result.writers ?? null)}`
  })
}

/** What must hold after every op, whatever the log: the first broken invariant, or null. */
function brokenInvariant(state: GroupState): string | null {
  if (!state.created) return state.members.size === 0 && state.epoch === -1 ? null : 'members or an epoch before genesis'
  const members = [...state.members.values()]
  if (members.filter((m) => m.role === 'owner').length !== 1) return 'not exactly one owner'
  if (state.members.size > GROUP_LIMITS.members) return 'over the member limit'
  for (const member of members) {
    for (const writer of member.writers) if (state.writers.get(writer) !== member.identity) return `writer of ${member.identity} maps elsewhere`
  }
  if (state.epoch < 0) return 'no epoch after genesis'
  return null
}

describe('group rules are deterministic', () => {
  it('two fresh states given the same log reach the same verdicts and the same state', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const items = logOf(p)
        const a = new GroupState()
        const b = new GroupState()
        const verdicts = run(a, items)
        expect(run(b, items)).toEqual(verdicts)
        expect(snapshot(b)).toEqual(snapshot(a))
      }),
      { numRuns: 100 },
    )
  })

  it('the random logs exercise most of the rules (so the properties mean something)', () => {
    const seen = new Map<string, number>()
    for (const p of fc.sample(plan, { numRuns: 100, seed: 42 })) {
      for (const verdict of run(new GroupState(), logOf(p))) {
        const key = verdict.startsWith('ok') ? 'ok' : verdict
        seen.set(key, (seen.get(key) ?? 0) + 1)
      }
    }
    expect(seen.get('ok') ?? 0).toBeGreaterThan(300)
    const reasons = [...seen.keys()].filter((key) => key !== 'ok')
    expect(reasons.length).toBeGreaterThanOrEqual(18)
  })

  it('truncating at any point and re-applying the rest gives the same verdicts and state as applying once', () => {
    fc.assert(
      fc.property(plan, fc.nat(), (p, cut) => {
        const items = logOf(p)
        const c = cut % (items.length + 1)
        const once = new GroupState()
        const verdicts = run(once, items.slice(0, c))
        const atCut = snapshot(once)
        verdicts.push(...run(once, items.slice(c)))

        const k = verdicts.slice(0, c).filter((v) => v.startsWith('ok')).length
        const replayed = new GroupState()
        run(replayed, items)
        replayed.truncate(k)
        // The truncated state is the state of the shorter log,
        expect(snapshot(replayed)).toEqual(atCut)
        // and the rest goes the same way again.
        expect(run(replayed, items.slice(c))).toEqual(verdicts.slice(c))
        expect(snapshot(replayed)).toEqual(snapshot(once))
      }),
      { numRuns: 100 },
    )
  })

  it('keeps its invariants after every op: one owner, the member limit, writers that map back to their member', () => {
    fc.assert(
      fc.property(plan, (p) => {
        const state = new GroupState()
        const broken = logOf(p).map((item) => (run(state, [item]), brokenInvariant(state))).find((problem) => problem !== null)
        expect(broken).toBeUndefined()
      }),
      { numRuns: 100 },
    )
  })
})
