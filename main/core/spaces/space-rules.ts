import type { FileRef, SpaceOp } from '../../../shared/domain/ops'
import { deviceCertMessage, fromHex, memberMessage, relationshipMessage, verifyHex } from './certs'
import type { SpaceState, ViewEntry } from './space-state'
import type { RejectReason } from './op-envelope'
import { decodeOp } from './op-envelope'
import { spaceOp } from '../../../shared/domain/ops'

/** What an accepted op does to the base's writers: add (or change whether it is an indexer), or remove. */
export type WriterChange = { key: string; indexer: boolean; remove?: undefined } | { key: string; remove: true }

/** The state a space's rules keep, rebuilt from its view; Autobase may truncate it on a reorder. */
export interface RulesState<E> {
  readonly length: number
  truncate(length: number): void
  record(entry: E): void
}

/**
 * Everything that differs between kinds of space (DM, group): how ops are
 * parsed, the state the rules keep, and the rules themselves. Space runs
 * them in `apply`.
 */
export interface SpaceRules<E extends { op: unknown }, S extends RulesState<E>> {
  newState(): S
  decode(value: unknown, spaceKey: string): { ok: true; author: string; op: E['op'] } | { ok: false; reason: RejectReason }
  check(
    identity: { key: string; discoveryKey: string },
    state: S,
    writer: string,
    author: string,
    op: E['op'],
  ): { ok: true; entry: E; writers?: WriterChange[] } | { ok: false; reason: string }
}

export interface SpaceIdentity {
  /** The space's Autobase key (hex): the bootstrap writer is the creator's. */
  key: string
  discoveryKey: string
  kind: 'dm'
}

export type RuleReason =
  | 'no-genesis'
  | 'genesis-again'
  | 'not-member-writer'
  | 'replayed'
  | 'not-admin'
  | 'space-full'
  | 'bad-member-signature'
  | 'bad-device-cert'
  | 'writer-taken'
  | 'bad-relationship'
  | 'empty-message'
  | 'bad-file'
  | 'unknown-target'
  | 'not-author'
  | 'target-deleted'

export type RuleResult = { ok: true; entry: ViewEntry; addWriter?: { key: string; indexer: boolean } } | { ok: false; reason: RuleReason }

const MEMBER_LIMIT = { dm: 2 } as const

/** Bytes per block of a files core (chats/attachments.ts writes files in blocks of this size). */
export const FILE_BLOCK_BYTES = 64 * 1024

/**
 * A file reference must describe exactly the blocks its bytes need: a peer
 * cannot make a receiver fetch a range larger (or other) than the file.
 */
export function fileRefIsConsistent(file: FileRef): boolean {
  return file.byteLength === file.size && file.blockLength === Math.ceil(file.size / FILE_BLOCK_BYTES)
}

/**
 * May this signed op from this writer join the space? Pure and deterministic:
 * it reads only the op and the state derived from the view, so every peer
 * decides the same way in the same order.
 */
export function checkOp(space: SpaceIdentity, state: SpaceState, writer: string, author: string, op: SpaceOp): RuleResult {
  const entry: ViewEntry = { w: writer, a: author, op }
  if (op.t === 'space.create') {
    if (state.creator !== null || state.length > 0) return { ok: false, reason: 'genesis-again' }
    if (writer !== space.key || op.kind !== space.kind) return { ok: false, reason: 'no-genesis' }
    return { ok: true, entry }
  }
  if (state.creator === null) return { ok: false, reason: 'no-genesis' }
  if (state.writers.get(writer) !== author) return { ok: false, reason: 'not-member-writer' }
  if (state.ops.has(op.id)) return { ok: false, reason: 'replayed' }

  switch (op.t) {
    case 'member.add': {
      if (state.members.get(author)?.role !== 'admin') return { ok: false, reason: 'not-admin' }
      if (!state.members.has(op.member) && state.members.size >= MEMBER_LIMIT[space.kind]) return { ok: false, reason: 'space-full' }
      if (state.writers.has(op.writer)) return { ok: false, reason: 'writer-taken' }
      const identity = fromHex(op.member)
      if (!verifyHex(deviceCertMessage(identity, fromHex(op.device)), op.deviceCert, op.member)) return { ok: false, reason: 'bad-device-cert' }
      const memberBytes = memberMessage(fromHex(space.discoveryKey), identity, fromHex(op.device), fromHex(op.writer))
      if (!verifyHex(memberBytes, op.memberSig, op.member)) return { ok: false, reason: 'bad-member-signature' }
      return { ok: true, entry, addWriter: { key: op.writer, indexer: op.role === 'admin' } }
    }
    case 'relationship.sign': {
      if (author !== op.inviter && author !== op.invitee) return { ok: false, reason: 'bad-relationship' }
      if (!state.members.has(op.inviter) || !state.members.has(op.invitee)) return { ok: false, reason: 'bad-relationship' }
      const bytes = relationshipMessage(fromHex(op.inviter), fromHex(op.invitee), fromHex(space.key), op.since)
      if (!verifyHex(bytes, op.inviterSig, op.inviter) || !verifyHex(bytes, op.inviteeSig, op.invitee)) {
        return { ok: false, reason: 'bad-relationship' }
      }
      return { ok: true, entry }
    }
    case 'profile.set':
      return { ok: true, entry }
    case 'message.post': {
      if (op.text.trim().length === 0 && (op.files?.length ?? 0) === 0) return { ok: false, reason: 'empty-message' }
      if (op.replyTo !== undefined && state.ops.get(op.replyTo)?.type !== 'message.post') return { ok: false, reason: 'unknown-target' }
      if (op.files?.some((file) => !fileRefIsConsistent(file))) return { ok: false, reason: 'bad-file' }
      return { ok: true, entry }
    }
    case 'message.edit':
    case 'message.delete': {
      const target = state.ops.get(op.target)
      if (target?.type !== 'message.post') return { ok: false, reason: 'unknown-target' }
      if (target.author !== author) return { ok: false, reason: 'not-author' }
      if (target.deleted) return { ok: false, reason: 'target-deleted' }
      return { ok: true, entry }
    }
    case 'group.invite':
    case 'feed.share':
      return { ok: true, entry }
    case 'group.accept':
    case 'group.decline': {
      const invitation = state.ops.get(op.invitation)
      if (invitation?.type !== 'group.invite') return { ok: false, reason: 'unknown-target' }
      if (invitation.author === author) return { ok: false, reason: 'not-author' }
      return { ok: true, entry }
    }
    case 'reaction.set':
    case 'read.mark': {
      const targetId = op.t === 'reaction.set' ? op.target : op.upTo
      if (state.ops.get(targetId)?.type !== 'message.post') return { ok: false, reason: 'unknown-target' }
      return { ok: true, entry }
    }
  }
}

/** The rules of a DM: two members, plain (base-encrypted) ops. */
export function dmRules(createState: () => SpaceState): SpaceRules<ViewEntry, SpaceState> {
  return {
    newState: createState,
    decode: (value, spaceKey) => decodeOp(value, spaceKey, spaceOp),
    check: (identity, state, writer, author, op) => {
      const result = checkOp({ ...identity, kind: 'dm' }, state, writer, author, op)
      if (!result.ok || !result.addWriter) return result
      return { ok: true, entry: result.entry, writers: [result.addWriter] }
    },
  }
}
