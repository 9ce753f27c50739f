import { describe, expect, it } from 'vitest'
import type { GroupOp } from '../../../shared/domain/group-ops'
import { FOLDER_GENERATIONS, groupOp } from '../../../shared/domain/group-ops'
import { GROUP_LIMITS } from '../../../shared/domain/groups'
import type { SpaceOp } from '../../../shared/domain/ops'
import { LIMITS } from '../../../shared/domain/people'
import { sign } from '../identity/signing'
import { decodeOp, encodeOp } from '../spaces/op-envelope'
import { newEpochKey, sealContent, sealEpochKey } from './epoch-crypto'
import { groupRules } from './group-rules'
import { person } from './test-kit'

const ada = person('Ada')
const SPACE = 'a1'.repeat(32)
const OTHER_SPACE = 'b2'.repeat(32)
/** The op signature's domain: part of the stored format, so pinned here rather than imported. */
const OP_DOMAIN = 'planet/op/v1\n'
const epochKey = newEpochKey()
const hex32 = 'cd'.repeat(32)
const hex64 = 'ef'.repeat(64)
const target = '00'.repeat(16)

let counter = 0
function base(): { id: string; at: number; sp: string } {
  return { id: (++counter).toString(16).padStart(32, '0'), at: 1_700_000_000_000, sp: SPACE }
}

function sealed(id: string, type: GroupOp['t'], content: unknown, e = 0) {
  return sealContent(content, e, epochKey, { space: SPACE, opId: id, type })
}

/** One op of every type, content sealed as the app seals it. */
function everyOp(): GroupOp[] {
  const key = sealEpochKey(epochKey, ada.seal.publicKey)
  const withBox = <T extends GroupOp['t']>(t: T, content: unknown, fields: Record<string, unknown> = {}) => {
    const b = base()
    return { ...b, t, ...fields, box: sealed(b.id, t, content) } as unknown as GroupOp
  }
  return [
    { ...base(), t: 'group.create', mode: 'working', visibility: 'restricted', device: hex32, deviceCert: hex64, sealKey: hex32, keys: [{ m: hex32, k: key }] },
    withBox('group.profile', { name: 'Ramblers', purpose: 'walks', description: '', avatar: null }),
    withBox('profile.set', { displayName: 'Ada', bio: 'walks a lot' }),
    { ...base(), t: 'group.settings', mode: 'trading' },
    { ...base(), t: 'group.settings', visibility: 'open' },
    { ...base(), t: 'member.add', member: hex32, device: hex32, writer: hex32, deviceCert: hex64, sealKey: hex32, memberSig: hex64, role: 'moderator', grant: { e: 3, k: key } },
    { ...base(), t: 'member.role', member: hex32, role: 'owner' },
    { ...base(), t: 'member.remove', member: hex32 },
    { ...base(), t: 'member.leave' },
    { ...base(), t: 'member.mute', member: hex32, until: 0 },
    { ...base(), t: 'epoch.rotate', e: 4, keys: [{ m: hex32, k: key }, { m: 'ab'.repeat(32), k: key }] },
    { ...base(), t: 'epoch.grant', e: 2, m: hex32, k: key },
    withBox('message.post', { text: 'hello' }, { ch: 'chat' }),
    withBox('message.post', { text: 'news' }, { ch: 'announcements' }),
    withBox('message.post', { text: 'in a thread' }, { ch: target, replyTo: target }),
    withBox('message.edit', { text: 'fixed' }, { target }),
    { ...base(), t: 'message.delete', target },
    withBox('reaction.set', { emoji: '🎉' }, { target, on: true }),
    { ...base(), t: 'read.mark', upTo: target },
    { ...base(), t: 'message.pin', target, on: false },
    withBox('thread.open', { title: 'Route for Sunday', text: '' }),
    withBox('news.post', { title: 'A walk', link: 'https://example.org/walk', text: '', tags: ['walks'] }),
    { ...base(), t: 'news.vote', target, on: true },
    withBox('news.feed.add', { url: 'https://example.org/feed.xml' }),
    { ...base(), t: 'news.feed.remove', feed: target },
    withBox('news.import', { guid: 'urn:x' }, { feed: target }),
    withBox('relay.add', { secret: 'ab'.repeat(16) }, { relay: hex32 }),
    { ...base(), t: 'relay.remove', relay: hex32 },
    withBox('folder.create', { name: 'Designs', key: 'cd'.repeat(32) }, { folder: target }),
    { ...base(), t: 'folder.remove', folder: target },
    { ...base(), t: 'folder.drive', folder: target, drive: hex32 },
    withBox('folder.reseal', { name: 'Designs', key: 'cd'.repeat(32) }, { folder: target }),
    { ...base(), t: 'folder.drive', folder: target, drive: hex32, gen: 2 },
    withBox('folder.reseal', { name: 'Designs', key: 'cd'.repeat(32), previous: ['ab'.repeat(32)] }, { folder: target, gen: 1 }),
    withBox('folder.rekey', { name: 'Designs', key: 'ef'.repeat(32), previous: ['ab'.repeat(32), 'cd'.repeat(32)] }, { folder: target, gen: 2 }),
  ]
}

/** An envelope around any payload string, signed (correctly) by Ada. */
function envelope(payload: string): Buffer {
  const signature = Buffer.from(sign(Buffer.from(OP_DOMAIN + payload), ada.keys.secretKey)).toString('hex')
  return Buffer.from(JSON.stringify({ v: 1, a: ada.id, s: signature, p: payload }))
}

function reasonOf(value: unknown, space = SPACE): string {
  const decoded = decodeOp(value, space, groupOp)
  return decoded.ok ? 'ok' : decoded.reason
}

/** A correctly signed op with some fields changed, as a peer could write it. */
function tampered(op: GroupOp, change: Record<string, unknown>): Buffer {
  return envelope(JSON.stringify({ ...op, ...change }))
}

function opOf<T extends GroupOp['t']>(t: T): Extract<GroupOp, { t: T }> {
  return everyOp().find((op) => op.t === t) as Extract<GroupOp, { t: T }>
}

describe('group ops through the op envelope', () => {
  it('round-trip, every type, with the group schema (and through groupRules.decode)', () => {
    const types = new Set<string>()
    for (const op of everyOp()) {
      types.add(op.t)
      const bytes = encodeOp(op, ada.keys)
      expect(decodeOp(bytes, SPACE, groupOp)).toEqual({ ok: true, author: ada.id, op })
      expect(groupRules.decode(bytes, SPACE)).toEqual({ ok: true, author: ada.id, op })
    }
    expect(types.size).toBe(groupOp.options.length)
  })

  it('wrong-space: a valid group op replayed into another group', () => {
    const bytes = encodeOp(opOf('message.post'), ada.keys)
    expect(reasonOf(bytes, OTHER_SPACE)).toBe('wrong-space')
    expect(groupRules.decode(bytes, OTHER_SPACE)).toEqual({ ok: false, reason: 'wrong-space' })
    expect(reasonOf(bytes, SPACE)).toBe('ok')
  })

  it('oversized: an op over the limit is refused unread, and encodeOp refuses to write one', () => {
    const post = opOf('message.post')
    // The box's ciphertext may be as long as the op limit in the schema; the envelope then is not.
    const huge = { ...post, box: { ...post.box, c: 'A'.repeat(LIMITS.opBytes - 1_000) } }
    expect(() => encodeOp(huge, ada.keys)).not.toThrow()
    const tooBig = { ...post, box: { ...post.box, c: 'A'.repeat(LIMITS.opBytes) } }
    expect(() => encodeOp(tooBig, ada.keys)).toThrow(/over the 65536-byte limit/)
    expect(reasonOf(envelope(JSON.stringify(tooBig)))).toBe('oversized')
    expect(reasonOf(Buffer.concat([encodeOp(post, ada.keys), Buffer.alloc(LIMITS.opBytes, 0x20)]))).toBe('oversized')
    expect(reasonOf(Buffer.alloc(LIMITS.opBytes + 1, 0x20))).toBe('oversized')
  })

  it('is not a DM op, and a DM op is not a group op', () => {
    const dmPost: SpaceOp = { ...base(), t: 'message.post', text: 'hello' }
    expect(reasonOf(encodeOp(dmPost, ada.keys))).toBe('bad-payload')
    expect(decodeOp(encodeOp(opOf('message.post'), ada.keys), SPACE).ok).toBe(false)
  })
})

describe('group ops are strict (bad-payload)', () => {
  it('refuses an unknown key on every op type', () => {
    for (const op of everyOp()) expect(reasonOf(tampered(op, { extra: 1 })), op.t).toBe('bad-payload')
  })

  it('refuses unknown keys inside the box, the grant and the sealed keys', () => {
    const post = opOf('message.post')
    expect(reasonOf(tampered(post, { box: { ...post.box, text: 'hi' } }))).toBe('bad-payload')
    const add = opOf('member.add')
    expect(reasonOf(tampered(add, { grant: { ...add.grant, m: hex32 } }))).toBe('bad-payload')
    const rotate = opOf('epoch.rotate')
    expect(reasonOf(tampered(rotate, { keys: [{ ...rotate.keys[0]!, e: 4 }] }))).toBe('bad-payload')
    const create = opOf('group.create')
    expect(reasonOf(tampered(create, { keys: [{ ...create.keys[0]!, name: 'x' }] }))).toBe('bad-payload')
  })

  it('refuses cleartext content smuggled next to (or instead of) the sealed box', () => {
    const post = opOf('message.post')
    expect(reasonOf(tampered(post, { text: 'in the clear' }))).toBe('bad-payload')
    const { box: _box, ...withoutBox } = post
    expect(reasonOf(envelope(JSON.stringify({ ...withoutBox, text: 'in the clear' })))).toBe('bad-payload')
    expect(reasonOf(tampered(post, { files: [] }))).toBe('bad-payload')
    expect(reasonOf(tampered(post, { mentions: [hex32] }))).toBe('bad-payload')
    expect(reasonOf(tampered(opOf('message.edit'), { text: 'in the clear' }))).toBe('bad-payload')
    expect(reasonOf(tampered(opOf('group.profile'), { name: 'Ramblers' }))).toBe('bad-payload')
    expect(reasonOf(tampered(opOf('profile.set'), { displayName: 'Ada' }))).toBe('bad-payload')
    expect(reasonOf(tampered(opOf('reaction.set'), { emoji: '🎉' }))).toBe('bad-payload')
    expect(reasonOf(tampered(opOf('thread.open'), { title: 'Route' }))).toBe('bad-payload')
    // The untampered op is fine.
    expect(reasonOf(envelope(JSON.stringify(post)))).toBe('ok')
  })

  it.each([
    ['a box without its epoch', (op: GroupOp) => ({ box: { ...(op as Extract<GroupOp, { box: unknown }>).box, e: undefined } })],
    ['a negative box epoch', (op: GroupOp) => ({ box: { ...(op as Extract<GroupOp, { box: unknown }>).box, e: -1 } })],
    ['a fractional box epoch', (op: GroupOp) => ({ box: { ...(op as Extract<GroupOp, { box: unknown }>).box, e: 0.5 } })],
    ['a nonce that is not base64', (op: GroupOp) => ({ box: { ...(op as Extract<GroupOp, { box: unknown }>).box, n: 'not base64!' } })],
    ['an unknown channel', () => ({ ch: 'general' })],
    ['a thread id in capitals', () => ({ ch: 'AB'.repeat(16) })],
  ])('refuses a message.post with %s', (_, change) => {
    const post = opOf('message.post')
    expect(reasonOf(tampered(post, change(post)))).toBe('bad-payload')
  })

  it('refuses headers out of bounds', () => {
    const add = opOf('member.add')
    expect(reasonOf(tampered(add, { role: 'owner' }))).toBe('bad-payload')
    expect(reasonOf(tampered(add, { grant: { e: 0, k: 'A'.repeat(121) } }))).toBe('bad-payload')
    const rotate = opOf('epoch.rotate')
    expect(reasonOf(tampered(rotate, { keys: [] }))).toBe('bad-payload')
    const many = Array.from({ length: GROUP_LIMITS.members + 1 }, (_, i) => ({ m: i.toString(16).padStart(64, '0'), k: 'AAAA' }))
    expect(reasonOf(tampered(rotate, { keys: many }))).toBe('bad-payload')
    expect(reasonOf(tampered(rotate, { keys: many.slice(0, GROUP_LIMITS.members) }))).toBe('ok')
    expect(reasonOf(tampered(rotate, { e: 1_000_001 }))).toBe('bad-payload')
    const create = opOf('group.create')
    expect(reasonOf(tampered(create, { keys: [...create.keys, ...create.keys] }))).toBe('bad-payload')
    expect(reasonOf(tampered(create, { keys: [] }))).toBe('bad-payload')
    expect(reasonOf(tampered(opOf('member.mute'), { until: -1 }))).toBe('bad-payload')
    expect(reasonOf(tampered(opOf('member.role'), { role: 'superuser' }))).toBe('bad-payload')
    // Folder key generations: a rekey makes generation 1 or later, never past the last one a box can carry keys for.
    const rekey = opOf('folder.rekey')
    expect(reasonOf(tampered(rekey, { gen: 0 }))).toBe('bad-payload')
    expect(reasonOf(tampered(rekey, { gen: FOLDER_GENERATIONS - 1 }))).toBe('ok')
    expect(reasonOf(tampered(rekey, { gen: FOLDER_GENERATIONS }))).toBe('bad-payload')
    expect(reasonOf(tampered(opOf('folder.drive'), { gen: -1 }))).toBe('bad-payload')
    expect(reasonOf(tampered(opOf('folder.drive'), { gen: 1.5 }))).toBe('bad-payload')
  })
})
