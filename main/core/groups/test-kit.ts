import { ed25519, x25519 } from '@noble/curves/ed25519.js'
import { randomBytes } from 'node:crypto'
import type { GroupOp, GroupOpOf, GroupOpType, SealedBox } from '../../../shared/domain/group-ops'
import type { KeyPair } from '../identity/derivation'
import { deviceCertMessage, fromHex, groupMemberMessage, hex, signWith } from '../spaces/certs'
import type { GroupIdentity, GroupRuleResult } from './group-rules'
import { checkGroupOp } from './group-rules'
import { GroupState } from './group-state'

/**
 * Shared helpers for the group tests: people with real Ed25519 identity keys
 * and X25519 sealing keys, op builders, and a harness that runs the rules
 * and records accepted entries the way a space's `apply` does.
 */

export interface Person {
  name: string
  /** Ed25519 identity key pair (noble; 32-byte secret). */
  keys: KeyPair
  /** X25519 sealing key pair. */
  seal: KeyPair
  id: string
  device: string
  writer: string
  sealKey: string
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex')
}

export function person(name: string): Person {
  const secretKey = ed25519.utils.randomSecretKey()
  const sealSecret = x25519.utils.randomSecretKey()
  const keys = { publicKey: ed25519.getPublicKey(secretKey), secretKey }
  const seal = { publicKey: x25519.getPublicKey(sealSecret), secretKey: sealSecret }
  return { name, keys, seal, id: hex(keys.publicKey), device: randomHex(32), writer: randomHex(32), sealKey: hex(seal.publicKey) }
}

/** A group whose Autobase key is the owner's bootstrap writer. */
export function groupOf(owner: Person): GroupIdentity {
  return { key: owner.writer, discoveryKey: randomHex(32) }
}

/** Signing with noble costs about a millisecond: the same statement is signed once. */
const signatures = new Map<string, string>()

function signedOnce(message: Buffer, signer: KeyPair): string {
  const key = `${hex(signer.publicKey)}:${message.toString('hex')}`
  let signature = signatures.get(key)
  if (signature === undefined) {
    signature = hex(signWith(message, signer.secretKey))
    signatures.set(key, signature)
  }
  return signature
}

export function deviceCert(who: Person, device = who.device, signer: KeyPair = who.keys): string {
  return signedOnce(deviceCertMessage(fromHex(who.id), fromHex(device)), signer)
}

export function memberSig(
  discoveryKey: string,
  who: Person,
  options: { device?: string; writer?: string; sealKey?: string; signer?: KeyPair } = {},
): string {
  const message = groupMemberMessage(
    fromHex(discoveryKey),
    fromHex(who.id),
    fromHex(options.device ?? who.device),
    fromHex(options.writer ?? who.writer),
    fromHex(options.sealKey ?? who.sealKey),
  )
  return signedOnce(message, options.signer ?? who.keys)
}

/** Stands in for an epoch key sealed to a member: the rules never open it. */
export const SEALED = Buffer.alloc(80, 7).toString('base64')

/** A box as the rules see it: only its epoch matters to them. */
export function fakeBox(e: number): SealedBox {
  return { e, n: Buffer.alloc(24).toString('base64'), c: Buffer.alloc(16).toString('base64') }
}

export const T0 = 1_700_000_000_000

export type OpFields<T extends GroupOpType> = Omit<GroupOpOf<T>, 't' | 'id' | 'at' | 'sp'>

export interface MemberAddOptions {
  writer?: string
  device?: string
  sealKey?: string
  role?: 'admin' | 'moderator' | 'member'
  certBy?: KeyPair
  sigBy?: KeyPair
  discoveryKey?: string
  grantE?: number
}

/** Builds group ops with fresh ids for one group. */
export class OpMaker {
  #counter = 0

  constructor(readonly group: GroupIdentity) {}

  newId(): string {
    return (++this.#counter).toString(16).padStart(32, '0')
  }

  op<T extends GroupOpType>(t: T, fields: OpFields<T>, at = T0): GroupOpOf<T> {
    return { t, id: this.newId(), at, sp: this.group.key, ...fields } as unknown as GroupOpOf<T>
  }

  create(owner: Person, options: { device?: string; certBy?: KeyPair; keysTo?: string } = {}): GroupOpOf<'group.create'> {
    const device = options.device ?? owner.device
    return this.op('group.create', {
      mode: 'chat',
      visibility: 'private',
      device,
      deviceCert: deviceCert(owner, device, options.certBy),
      sealKey: owner.sealKey,
      keys: [{ m: options.keysTo ?? owner.id, k: SEALED }],
    })
  }

  /** A member.add carrying the credentials the invitee's device signs. */
  memberAdd(who: Person, options: MemberAddOptions = {}): GroupOpOf<'member.add'> {
    const device = options.device ?? who.device
    const writer = options.writer ?? who.writer
    const sealKey = options.sealKey ?? who.sealKey
    return this.op('member.add', {
      member: who.id,
      device,
      writer,
      sealKey,
      role: options.role ?? 'member',
      deviceCert: deviceCert(who, device, options.certBy),
      memberSig: memberSig(options.discoveryKey ?? this.group.discoveryKey, who, { device, writer, sealKey, signer: options.sigBy ?? who.keys }),
      grant: { e: options.grantE ?? 0, k: SEALED },
    })
  }

  rotate(e: number, to: readonly Person[]): GroupOpOf<'epoch.rotate'> {
    return this.op('epoch.rotate', { e, keys: to.map((p) => ({ m: p.id, k: SEALED })) })
  }

  post(e = 0, fields: { ch?: GroupOpOf<'message.post'>['ch']; replyTo?: string } = {}, at = T0): GroupOpOf<'message.post'> {
    return this.op('message.post', { ch: fields.ch ?? 'chat', ...(fields.replyTo === undefined ? {} : { replyTo: fields.replyTo }), box: fakeBox(e) }, at)
  }
}

/** The rules and a state, run the way a space's apply runs them. */
export class Harness extends OpMaker {
  readonly state = new GroupState()

  check(by: Person, value: GroupOp, writer = by.writer): GroupRuleResult {
    return checkGroupOp(this.group, this.state, writer, by.id, value)
  }

  reasonOf(by: Person, value: GroupOp, writer = by.writer): string {
    const result = this.check(by, value, writer)
    return result.ok ? 'ok' : result.reason
  }

  /** Check, expect acceptance, and record it. */
  accept(by: Person, value: GroupOp, writer = by.writer): GroupRuleResult & { ok: true } {
    const result = this.check(by, value, writer)
    if (!result.ok) throw new Error(`expected ${value.t} by ${by.name} to be accepted, got ${result.reason}`)
    this.state.record(result.entry)
    return result
  }

  /**
   * The cast most rules tests start from: the owner creates the group (in
   * `mode`, if given), adds an admin, and the admin adds a moderator and the
   * members.
   */
  staff(owner: Person, cast: { admin: Person; moderator: Person; members: readonly Person[]; mode?: 'working' | 'trading' }): this {
    this.accept(owner, this.create(owner))
    if (cast.mode) this.accept(owner, this.op('group.settings', { mode: cast.mode }))
    this.accept(owner, this.memberAdd(cast.admin, { role: 'admin' }))
    this.accept(cast.admin, this.memberAdd(cast.moderator, { role: 'moderator' }))
    for (const member of cast.members) this.accept(cast.admin, this.memberAdd(member))
    return this
  }
}

/** Everything the rules read from a GroupState, in a comparable form. */
export function snapshot(state: GroupState): unknown {
  return {
    length: state.length,
    created: state.created,
    mode: state.mode,
    visibility: state.visibility,
    epoch: state.epoch,
    members: [...state.members.values()]
      .map((m) => ({ ...m, writers: [...m.writers].sort() }))
      .sort((a, b) => a.identity.localeCompare(b.identity)),
    writers: [...state.writers.entries()].sort(),
    ops: [...state.ops.entries()].map(([id, info]) => [id, { ...info }]).sort(),
    keyHolders: [...state.keyHolders].sort(),
    newsVotes: [...state.newsVotes].sort(),
    relays: [...state.relays.entries()].sort(),
  }
}
