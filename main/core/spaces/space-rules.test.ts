import fc from 'fast-check'
import { randomBytes } from 'node:crypto'
import { beforeEach, describe, expect, it } from 'vitest'
import type { SpaceOp, SpaceOpOf } from '../../../shared/domain/ops'
import type { KeyPair } from '../identity/derivation'
import { deriveIdentityKeys } from '../identity/derivation'
import { generatePhrase } from '../identity/phrase'
import { deviceCertMessage, fromHex, hex, memberMessage, relationshipMessage, signWith } from './certs'
import type { RuleResult, SpaceIdentity } from './space-rules'
import { checkOp } from './space-rules'
import type { ViewEntry } from './space-state'
import { SpaceState } from './space-state'

interface Person {
  keys: KeyPair
  id: string
  device: string
  writer: string
}

function person(): Person {
  const keys = deriveIdentityKeys(generatePhrase()).signing
  return { keys, id: hex(keys.publicKey), device: hex(randomBytes(32)), writer: hex(randomBytes(32)) }
}

const ada = person()
const ben = person()
const carol = person()
/** Ada created the space: its key is her bootstrap writer. */
ada.writer = hex(randomBytes(32))
const space: SpaceIdentity = { key: ada.writer, discoveryKey: hex(randomBytes(32)), kind: 'dm' }

let counter = 0
function newId(): string {
  return (++counter).toString(16).padStart(32, '0')
}

function op<T extends SpaceOp['t']>(t: T, fields: Omit<SpaceOpOf<T>, 't' | 'id' | 'at' | 'sp'>): SpaceOpOf<T> {
  return { t, id: newId(), at: 1_700_000_000_000, sp: space.key, ...fields } as unknown as SpaceOpOf<T>
}

/** A member.add signed the way the invitee's device signs it. */
function memberAdd(
  who: Person,
  options: { writer?: string; device?: string; role?: 'admin' | 'member'; certBy?: KeyPair; sigBy?: KeyPair; discoveryKey?: string } = {},
): SpaceOpOf<'member.add'> {
  const writer = options.writer ?? who.writer
  const device = options.device ?? who.device
  const identity = fromHex(who.id)
  return op('member.add', {
    member: who.id,
    device,
    writer,
    role: options.role ?? 'member',
    deviceCert: hex(signWith(deviceCertMessage(identity, fromHex(device)), (options.certBy ?? who.keys).secretKey)),
    memberSig: hex(
      signWith(memberMessage(fromHex(options.discoveryKey ?? space.discoveryKey), identity, fromHex(device), fromHex(writer)), (options.sigBy ?? who.keys).secretKey),
    ),
  })
}

function relationship(
  inviter: Person,
  invitee: Person,
  options: { since?: number; spaceKey?: string; inviterSigner?: KeyPair; inviteeSigner?: KeyPair; signedSince?: number } = {},
): SpaceOpOf<'relationship.sign'> {
  const since = options.since ?? 1_700_000_000_000
  const bytes = relationshipMessage(fromHex(inviter.id), fromHex(invitee.id), fromHex(options.spaceKey ?? space.key), options.signedSince ?? since)
  return op('relationship.sign', {
    inviter: inviter.id,
    invitee: invitee.id,
    since,
    inviterSig: hex(signWith(bytes, (options.inviterSigner ?? inviter.keys).secretKey)),
    inviteeSig: hex(signWith(bytes, (options.inviteeSigner ?? invitee.keys).secretKey)),
  })
}

function post(text = 'hi', extra: Partial<SpaceOpOf<'message.post'>> = {}): SpaceOpOf<'message.post'> {
  return op('message.post', { text, ...extra })
}

let state: SpaceState

function check(by: Person, value: SpaceOp, writer = by.writer): RuleResult {
  return checkOp(space, state, writer, by.id, value)
}

function reasonOf(by: Person, value: SpaceOp, writer = by.writer): string {
  const result = check(by, value, writer)
  return result.ok ? 'ok' : result.reason
}

/** Check, expect acceptance, and record it the way apply does. */
function accept(by: Person, value: SpaceOp, writer = by.writer): RuleResult & { ok: true } {
  const result = check(by, value, writer)
  if (!result.ok) throw new Error(`expected ${value.t} by ${by === ada ? 'Ada' : by === ben ? 'Ben' : 'Carol'} to be accepted, got ${result.reason}`)
  state.record(result.entry)
  return result
}

/** Ada's space with Ben admitted as a member. */
function dm(): void {
  accept(ada, op('space.create', { kind: 'dm' }))
  accept(ada, memberAdd(ben))
}

beforeEach(() => {
  state = new SpaceState()
})

describe('genesis', () => {
  it('is accepted first, from the writer whose key is the space key', () => {
    const result = accept(ada, op('space.create', { kind: 'dm' }))
    expect(result.addWriter).toBeUndefined()
    expect(result.entry).toMatchObject({ w: space.key, a: ada.id })
    expect(state.creator).toBe(ada.id)
    expect(state.members.get(ada.id)).toMatchObject({ role: 'admin', writers: new Set([space.key]) })
    expect(state.writers.get(space.key)).toBe(ada.id)
  })

  it('comes from no other writer', () => {
    expect(reasonOf(ben, op('space.create', { kind: 'dm' }))).toBe('no-genesis')
    expect(reasonOf(ada, op('space.create', { kind: 'dm' }), hex(randomBytes(32)))).toBe('no-genesis')
  })

  it('comes before anything else', () => {
    expect(reasonOf(ada, post())).toBe('no-genesis')
    expect(reasonOf(ada, memberAdd(ben))).toBe('no-genesis')
  })

  it('happens once', () => {
    accept(ada, op('space.create', { kind: 'dm' }))
    expect(reasonOf(ada, op('space.create', { kind: 'dm' }))).toBe('genesis-again')
    expect(reasonOf(ben, op('space.create', { kind: 'dm' }))).toBe('genesis-again')
  })
})

describe('writers and authors', () => {
  beforeEach(dm)

  it('refuses ops from a writer that is not a member', () => {
    expect(reasonOf(carol, post())).toBe('not-member-writer')
    expect(reasonOf(ada, post(), carol.writer)).toBe('not-member-writer')
  })

  it('refuses an op whose author is not the writer’s owner', () => {
    expect(reasonOf(ben, post(), ada.writer)).toBe('not-member-writer')
    expect(reasonOf(ada, post(), ben.writer)).toBe('not-member-writer')
    expect(reasonOf(ben, post())).toBe('ok')
  })

  it('refuses a replayed op id, whatever the op', () => {
    const first = post()
    accept(ben, first)
    expect(reasonOf(ben, first)).toBe('replayed')
    expect(reasonOf(ada, { ...first })).toBe('replayed')
    expect(reasonOf(ada, { ...op('reaction.set', { target: first.id, emoji: '👍', on: true }), id: first.id })).toBe('replayed')
  })
})

describe('member.add', () => {
  beforeEach(() => {
    accept(ada, op('space.create', { kind: 'dm' }))
  })

  it('admits a writer the member signed for, as an indexer only for admins', () => {
    expect(accept(ada, memberAdd(ben)).addWriter).toEqual({ key: ben.writer, indexer: false })
    expect(state.members.get(ben.id)).toMatchObject({ role: 'member', device: ben.device, writers: new Set([ben.writer]) })
    expect(state.writers.get(ben.writer)).toBe(ben.id)
    const adaLaptop = hex(randomBytes(32))
    expect(accept(ada, memberAdd(ada, { writer: adaLaptop, role: 'admin' })).addWriter).toEqual({ key: adaLaptop, indexer: true })
  })

  it('is for admins only', () => {
    accept(ada, memberAdd(ben))
    const benPhone = hex(randomBytes(32))
    expect(reasonOf(ben, memberAdd(ben, { writer: benPhone }))).toBe('not-admin')
    expect(reasonOf(ben, memberAdd(carol))).toBe('not-admin')
  })

  it('keeps a DM to two people, but lets them add devices', () => {
    accept(ada, memberAdd(ben))
    expect(reasonOf(ada, memberAdd(carol))).toBe('space-full')
    expect(reasonOf(ada, memberAdd(ben, { writer: hex(randomBytes(32)) }))).toBe('ok')
  })

  it('refuses a writer that is already in the space', () => {
    accept(ada, memberAdd(ben))
    expect(reasonOf(ada, memberAdd(ben))).toBe('writer-taken')
    expect(reasonOf(ada, memberAdd(ben, { writer: space.key }))).toBe('writer-taken')
  })

  it('needs a device certificate from the member', () => {
    expect(reasonOf(ada, memberAdd(ben, { certBy: ada.keys }))).toBe('bad-device-cert')
    const wrong = memberAdd(ben)
    expect(reasonOf(ada, { ...wrong, device: carol.device })).toBe('bad-device-cert')
  })

  it('needs the member’s own signature: nobody enrols a writer in someone else’s name', () => {
    expect(reasonOf(ada, memberAdd(ben, { sigBy: ada.keys }))).toBe('bad-member-signature')
    expect(reasonOf(ada, memberAdd(ben, { discoveryKey: hex(randomBytes(32)) }))).toBe('bad-member-signature')
    const signed = memberAdd(ben)
    expect(reasonOf(ada, { ...signed, writer: carol.writer })).toBe('bad-member-signature')
    expect(reasonOf(ada, { ...signed, memberSig: '00'.repeat(64) })).toBe('bad-member-signature')
  })
})

describe('relationship.sign', () => {
  it('needs both parties to be members', () => {
    accept(ada, op('space.create', { kind: 'dm' }))
    expect(reasonOf(ada, relationship(ada, ben))).toBe('bad-relationship')
    accept(ada, memberAdd(ben))
    expect(reasonOf(ada, relationship(ada, ben))).toBe('ok')
    expect(reasonOf(ada, relationship(ada, carol))).toBe('bad-relationship')
  })

  describe('between members', () => {
    beforeEach(dm)

    it('is accepted from either party', () => {
      expect(reasonOf(ada, relationship(ada, ben))).toBe('ok')
      expect(reasonOf(ben, relationship(ada, ben))).toBe('ok')
    })

    it('is refused from someone who is not a party', () => {
      expect(reasonOf(ben, relationship(ada, ada))).toBe('bad-relationship')
    })

    it('needs both valid signatures over this space and this date', () => {
      expect(reasonOf(ada, relationship(ada, ben, { inviteeSigner: ada.keys }))).toBe('bad-relationship')
      expect(reasonOf(ada, relationship(ada, ben, { inviterSigner: ben.keys }))).toBe('bad-relationship')
      expect(reasonOf(ada, relationship(ada, ben, { spaceKey: hex(randomBytes(32)) }))).toBe('bad-relationship')
      expect(reasonOf(ada, relationship(ada, ben, { signedSince: 1 }))).toBe('bad-relationship')
      const signed = relationship(ada, ben)
      expect(reasonOf(ben, { ...signed, inviter: ben.id, invitee: ada.id })).toBe('bad-relationship')
      expect(reasonOf(ben, { ...signed, inviteeSig: signed.inviterSig })).toBe('bad-relationship')
    })
  })
})

describe('messages', () => {
  beforeEach(dm)

  it('refuses an empty message unless it carries files', () => {
    expect(reasonOf(ben, post(''))).toBe('empty-message')
    expect(reasonOf(ben, post(' \n\t '))).toBe('empty-message')
    const file = { id: newId(), name: 'a.txt', size: 1, mime: 'text/plain', core: ben.writer, blockOffset: 0, blockLength: 1, byteOffset: 0, byteLength: 1 }
    expect(reasonOf(ben, post('', { files: [file] }))).toBe('ok')
  })

  it('refuses a file reference whose blocks do not match its size', () => {
    const file = { id: newId(), name: 'a.bin', size: 70_000, mime: 'application/octet-stream', core: ben.writer, blockOffset: 0, blockLength: 2, byteOffset: 0, byteLength: 70_000 }
    expect(reasonOf(ben, post('', { files: [file] }))).toBe('ok')
    expect(reasonOf(ben, post('', { files: [{ ...file, blockLength: 50_000 }] }))).toBe('bad-file')
    expect(reasonOf(ben, post('', { files: [{ ...file, byteLength: 1 }] }))).toBe('bad-file')
  })

  it('replies only to a message in the space', () => {
    const original = post('question?')
    accept(ada, original)
    expect(reasonOf(ben, post('answer', { replyTo: original.id }))).toBe('ok')
    expect(reasonOf(ben, post('answer', { replyTo: newId() }))).toBe('unknown-target')
    const profile = op('profile.set', { displayName: 'Ben', bio: '' })
    accept(ben, profile)
    expect(reasonOf(ben, post('answer', { replyTo: profile.id }))).toBe('unknown-target')
  })

  it('lets only the author edit or delete, and nothing after a delete', () => {
    const message = post('typo')
    accept(ada, message)
    expect(reasonOf(ben, op('message.edit', { target: message.id, text: 'not mine' }))).toBe('not-author')
    expect(reasonOf(ben, op('message.delete', { target: message.id }))).toBe('not-author')
    accept(ada, op('message.edit', { target: message.id, text: 'fixed' }))
    accept(ada, op('message.edit', { target: message.id, text: 'fixed again' }))
    accept(ada, op('message.delete', { target: message.id }))
    expect(state.ops.get(message.id)?.deleted).toBe(true)
    expect(reasonOf(ada, op('message.edit', { target: message.id, text: 'back' }))).toBe('target-deleted')
    expect(reasonOf(ada, op('message.delete', { target: message.id }))).toBe('target-deleted')
  })

  it('edits and deletes only messages that exist', () => {
    expect(reasonOf(ada, op('message.edit', { target: newId(), text: 'x' }))).toBe('unknown-target')
    expect(reasonOf(ada, op('message.delete', { target: newId() }))).toBe('unknown-target')
    const profile = op('profile.set', { displayName: 'Ada', bio: '' })
    accept(ada, profile)
    expect(reasonOf(ada, op('message.delete', { target: profile.id }))).toBe('unknown-target')
  })

  it('takes reactions and read marks only on existing messages', () => {
    const message = post()
    accept(ada, message)
    expect(reasonOf(ben, op('reaction.set', { target: message.id, emoji: '👍', on: true }))).toBe('ok')
    expect(reasonOf(ben, op('read.mark', { upTo: message.id }))).toBe('ok')
    expect(reasonOf(ben, op('reaction.set', { target: newId(), emoji: '👍', on: true }))).toBe('unknown-target')
    expect(reasonOf(ben, op('read.mark', { upTo: newId() }))).toBe('unknown-target')
    const profile = op('profile.set', { displayName: 'Ada', bio: '' })
    accept(ada, profile)
    expect(reasonOf(ben, op('reaction.set', { target: profile.id, emoji: '👍', on: true }))).toBe('unknown-target')
    expect(reasonOf(ben, op('read.mark', { upTo: profile.id }))).toBe('unknown-target')
  })

  it('lets any member set a profile', () => {
    expect(reasonOf(ben, op('profile.set', { displayName: 'Ben', bio: 'hello' }))).toBe('ok')
    expect(reasonOf(carol, op('profile.set', { displayName: 'Carol', bio: '' }))).toBe('not-member-writer')
  })
})

describe('SpaceState.truncate', () => {
  /** Everything the rules read, in a comparable form. */
  function snapshot(s: SpaceState): unknown {
    return {
      length: s.length,
      creator: s.creator,
      members: [...s.members.values()].map((m) => ({ ...m, writers: [...m.writers].sort() })).sort((a, b) => a.identity.localeCompare(b.identity)),
      writers: [...s.writers.entries()].sort(),
      ops: [...s.ops.entries()].map(([id, info]) => [id, { ...info }]).sort(),
    }
  }

  function build(entries: readonly ViewEntry[]): SpaceState {
    const built = new SpaceState()
    for (const entry of entries) built.record(entry)
    return built
  }

  const identities = ['a', 'b', 'c'].map((c) => c.repeat(64))
  /** Writers belong to one identity each (the rules refuse a taken writer). */
  const writerOf = (who: number, which: number) => `${who}${which}`.padEnd(64, 'f')

  type Step = { kind: 'add' | 'post' | 'delete' | 'edit' | 'react' | 'profile'; who: number; which: number; pick: number; admin: boolean }
  const steps = fc.array(
    fc.record({
      kind: fc.constantFrom<Step['kind']>('add', 'post', 'delete', 'edit', 'react', 'profile'),
      who: fc.nat({ max: 2 }),
      which: fc.nat({ max: 2 }),
      pick: fc.nat(),
      admin: fc.boolean(),
    }),
    { maxLength: 40 },
  )

  /** A log as the rules would let it through in shape: genesis first, unique op ids, targets mostly real. */
  function entriesOf(plan: Step[]): ViewEntry[] {
    let n = 0
    const id = () => (++n).toString(16).padStart(32, '0')
    const base = () => ({ id: id(), at: n, sp: 'e'.repeat(64) })
    const posts: string[] = []
    const entries: ViewEntry[] = [{ w: writerOf(0, 0), a: identities[0]!, op: { ...base(), t: 'space.create', kind: 'dm' } }]
    for (const step of plan) {
      const a = identities[step.who]!
      const w = writerOf(step.who, step.which)
      // One target in five is unknown or a repeat, as a deleted-twice or edit-after-delete log could not be, but record must not care.
      const target = posts.length > 0 && step.pick % 5 !== 0 ? posts[step.pick % posts.length]! : 'd'.repeat(32)
      switch (step.kind) {
        case 'add':
          entries.push({
            w: writerOf(0, 0),
            a: identities[0]!,
            op: { ...base(), t: 'member.add', member: a, device: `${step.who}`.repeat(64), writer: w, deviceCert: '0'.repeat(128), memberSig: '0'.repeat(128), role: step.admin ? 'admin' : 'member' },
          })
          break
        case 'post': {
          const value = base()
          posts.push(value.id)
          entries.push({ w, a, op: { ...value, t: 'message.post', text: 'hi' } })
          break
        }
        case 'delete':
          entries.push({ w, a, op: { ...base(), t: 'message.delete', target } })
          break
        case 'edit':
          entries.push({ w, a, op: { ...base(), t: 'message.edit', target, text: 'edited' } })
          break
        case 'react':
          entries.push({ w, a, op: { ...base(), t: 'reaction.set', target, emoji: '👍', on: step.admin } })
          break
        case 'profile':
          entries.push({ w, a, op: { ...base(), t: 'profile.set', displayName: 'x', bio: '' } })
          break
      }
    }
    return entries
  }

  it('unwinds to exactly the state of the shorter log', () => {
    fc.assert(
      fc.property(steps, fc.nat(), (plan, cut) => {
        const entries = entriesOf(plan)
        const k = cut % (entries.length + 1)
        const truncated = build(entries)
        truncated.truncate(k)
        expect(snapshot(truncated)).toEqual(snapshot(build(entries.slice(0, k))))
      }),
      { numRuns: 300 },
    )
  })

  it('reaches the full state again when the rest is re-applied (Autobase’s undo and reapply)', () => {
    fc.assert(
      fc.property(steps, fc.nat(), (plan, cut) => {
        const entries = entriesOf(plan)
        const k = cut % (entries.length + 1)
        const replayed = build(entries)
        replayed.truncate(k)
        for (const entry of entries.slice(k)) replayed.record(entry)
        expect(snapshot(replayed)).toEqual(snapshot(build(entries)))
      }),
      { numRuns: 200 },
    )
  })

  it('undoes a delete, a member and a writer', () => {
    const message = { id: '01'.repeat(16), at: 0, sp: 'e'.repeat(64) }
    const entries: ViewEntry[] = [
      { w: writerOf(0, 0), a: identities[0]!, op: { ...message, id: '00'.repeat(16), t: 'space.create', kind: 'dm' } },
      { w: writerOf(0, 0), a: identities[0]!, op: { ...message, t: 'message.post', text: 'hi' } },
      {
        w: writerOf(0, 0),
        a: identities[0]!,
        op: { ...message, id: '02'.repeat(16), t: 'member.add', member: identities[1]!, device: '1'.repeat(64), writer: writerOf(1, 0), deviceCert: '0'.repeat(128), memberSig: '0'.repeat(128), role: 'member' },
      },
      { w: writerOf(0, 0), a: identities[0]!, op: { ...message, id: '03'.repeat(16), t: 'message.delete', target: message.id } },
    ]
    const s = build(entries)
    expect(s.ops.get(message.id)?.deleted).toBe(true)
    expect(s.members.size).toBe(2)
    s.truncate(3)
    expect(s.ops.get(message.id)?.deleted).toBe(false)
    expect(s.members.size).toBe(2)
    s.truncate(2)
    expect(s.members.has(identities[1]!)).toBe(false)
    expect(s.writers.has(writerOf(1, 0))).toBe(false)
    s.truncate(5)
    expect(s.length).toBe(2)
    s.truncate(0)
    expect(snapshot(s)).toEqual(snapshot(new SpaceState()))
  })
})
