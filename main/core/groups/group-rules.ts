import type { GroupOp } from '../../../shared/domain/group-ops'
import { FOLDERS_PER_GROUP, RELAYS_PER_GROUP, groupOp } from '../../../shared/domain/group-ops'
import type { GroupRole } from '../../../shared/domain/groups'
import { GROUP_LIMITS, ROLE_RANK, isAdminRole, isModeratorRole } from '../../../shared/domain/groups'
import { deviceCertMessage, fromHex, groupMemberMessage, verifyHex } from '../spaces/certs'
import { decodeOp } from '../spaces/op-envelope'
import type { SpaceRules, WriterChange } from '../spaces/space-rules'
import type { GroupEntry, GroupMember } from './group-state'
import { GroupState } from './group-state'

export interface GroupIdentity {
  /** The group's Autobase key (hex): the bootstrap writer is the creator's. */
  key: string
  discoveryKey: string
}

export type GroupRuleReason =
  | 'no-genesis'
  | 'genesis-again'
  | 'bad-genesis'
  | 'not-member-writer'
  | 'not-member'
  | 'replayed'
  | 'not-admin'
  | 'not-moderator'
  | 'outranked'
  | 'group-full'
  | 'already-member'
  | 'bad-member-signature'
  | 'bad-device-cert'
  | 'writer-taken'
  | 'unknown-member'
  | 'owner-cannot-leave'
  | 'bad-role'
  | 'unknown-epoch'
  | 'stale-epoch'
  | 'bad-keys'
  | 'key-held'
  | 'announcements-admins-only'
  | 'unknown-thread'
  | 'unknown-target'
  | 'not-author'
  | 'target-deleted'
  | 'muted'
  | 'nothing-to-change'
  | 'mute-too-long'
  | 'already-voted'
  | 'not-voted'
  | 'unknown-feed'
  | 'relay-exists'
  | 'unknown-relay'
  | 'too-many-relays'
  | 'folder-exists'
  | 'unknown-folder'
  | 'too-many-folders'
  | 'wrong-mode'
  | 'drive-taken'
  | 'stale-generation'
  | 'unknown-generation'

export type GroupRuleResult = { ok: true; entry: GroupEntry; writers?: WriterChange[] } | { ok: false; reason: GroupRuleReason }

const MESSAGE_TYPES = new Set<GroupOp['t']>(['message.post', 'thread.open'])
const NEWS_TYPES = new Set<GroupOp['t']>(['news.post', 'news.import'])

function rank(member: GroupMember | undefined): number {
  return member ? ROLE_RANK[member.role] : -1
}

function isIndexerRole(role: GroupRole): boolean {
  return isAdminRole(role)
}

/**
 * May this signed op from this writer join the group? Pure and deterministic:
 * it reads only the op header (never the sealed content, which some peers
 * cannot open) and the state derived from the view, so every peer decides
 * the same way in the same order. One rule per permission, each tested in
 * group-rules.test.ts.
 */
export function checkGroupOp(group: GroupIdentity, state: GroupState, writer: string, author: string, op: GroupOp): GroupRuleResult {
  const entry: GroupEntry = { w: writer, a: author, op }
  const fail = (reason: GroupRuleReason): GroupRuleResult => ({ ok: false, reason })

  if (op.t === 'group.create') {
    if (state.created || state.length > 0) return fail('genesis-again')
    if (writer !== group.key) return fail('no-genesis')
    if (op.keys[0]!.m !== author) return fail('bad-genesis')
    if (!verifyHex(deviceCertMessage(fromHex(author), fromHex(op.device)), op.deviceCert, author)) return fail('bad-device-cert')
    return { ok: true, entry }
  }
  if (!state.created) return fail('no-genesis')
  if (state.writers.get(writer) !== author) return fail('not-member-writer')
  const actor = state.members.get(author)
  // Removed members' writers stay known, so anything they wrote after their
  // removal (or that a reorder places after it) is refused here.
  if (!actor || !actor.writers.has(writer)) return fail('not-member')
  if (state.ops.has(op.id)) return fail('replayed')
  const isAdmin = isAdminRole(actor.role)
  const isModerator = isModeratorRole(actor.role)
  const muted = (at: number) => actor.mutedUntil > 0 && at < actor.mutedUntil

  switch (op.t) {
    case 'group.profile':
      if (!isAdmin) return fail('not-admin')
      if (op.box.e > state.epoch) return fail('unknown-epoch')
      return { ok: true, entry }
    case 'profile.set':
      if (op.box.e > state.epoch) return fail('unknown-epoch')
      return { ok: true, entry }
    case 'group.settings':
      if (!isAdmin) return fail('not-admin')
      if (op.mode === undefined && op.visibility === undefined) return fail('nothing-to-change')
      return { ok: true, entry }
    case 'member.add': {
      if (!isAdmin) return fail('not-admin')
      if (ROLE_RANK[op.role] > rank(actor)) return fail('outranked')
      if (state.members.has(op.member)) return fail('already-member')
      if (state.memberCount >= GROUP_LIMITS.members) return fail('group-full')
      const writerOwner = state.writers.get(op.writer)
      if (writerOwner !== undefined && writerOwner !== op.member) return fail('writer-taken')
      if (op.grant.e > state.epoch) return fail('unknown-epoch')
      const identity = fromHex(op.member)
      if (!verifyHex(deviceCertMessage(identity, fromHex(op.device)), op.deviceCert, op.member)) return fail('bad-device-cert')
      const credential = groupMemberMessage(fromHex(group.discoveryKey), identity, fromHex(op.device), fromHex(op.writer), fromHex(op.sealKey))
      if (!verifyHex(credential, op.memberSig, op.member)) return fail('bad-member-signature')
      return { ok: true, entry, writers: [{ key: op.writer, indexer: isIndexerRole(op.role) }] }
    }
    case 'member.role': {
      if (!isAdmin) return fail('not-admin')
      const target = state.members.get(op.member)
      if (!target) return fail('unknown-member')
      if (op.member === author) return fail('bad-role')
      if (op.role === 'owner') {
        // Only the owner hands ownership over; they stay on as an admin.
        if (actor.role !== 'owner') return fail('outranked')
        return { ok: true, entry, writers: [...target.writers].map((key) => ({ key, indexer: true })) }
      }
      if (rank(target) >= rank(actor)) return fail('outranked')
      if (ROLE_RANK[op.role] > rank(actor)) return fail('outranked')
      if (op.role === target.role) return fail('nothing-to-change')
      const indexerBefore = isIndexerRole(target.role)
      const indexerAfter = isIndexerRole(op.role)
      const writers = indexerBefore === indexerAfter ? [] : [...target.writers].map((key) => ({ key, indexer: indexerAfter }))
      return { ok: true, entry, writers }
    }
    case 'member.remove': {
      if (!isAdmin) return fail('not-admin')
      const target = state.members.get(op.member)
      if (!target) return fail('unknown-member')
      if (op.member === author || rank(target) >= rank(actor)) return fail('outranked')
      return { ok: true, entry, writers: [...target.writers].map((key) => ({ key, remove: true as const })) }
    }
    case 'member.leave':
      // Ownership must be handed over first: a group always has an owner (and so an indexer).
      if (actor.role === 'owner') return fail('owner-cannot-leave')
      return { ok: true, entry, writers: [...actor.writers].map((key) => ({ key, remove: true as const })) }
    case 'member.mute': {
      if (!isModerator) return fail('not-moderator')
      const target = state.members.get(op.member)
      if (!target) return fail('unknown-member')
      if (op.member === author || rank(target) >= rank(actor)) return fail('outranked')
      if (op.until > op.at + GROUP_LIMITS.muteMinutes * 60_000) return fail('mute-too-long')
      return { ok: true, entry }
    }
    case 'epoch.rotate': {
      if (!isAdmin) return fail('not-admin')
      if (op.e !== state.epoch + 1) return fail('stale-epoch')
      const recipients = new Set(op.keys.map((key) => key.m))
      if (recipients.size !== op.keys.length || !recipients.has(author)) return fail('bad-keys')
      for (const member of recipients) if (!state.members.has(member)) return fail('bad-keys')
      return { ok: true, entry }
    }
    case 'epoch.grant':
      if (!isAdmin) return fail('not-admin')
      if (op.e > state.epoch) return fail('unknown-epoch')
      if (!state.members.has(op.m)) return fail('unknown-member')
      if (state.holdsKey(op.e, op.m)) return fail('key-held')
      return { ok: true, entry }
    case 'message.post': {
      if (muted(op.at)) return fail('muted')
      if (op.box.e > state.epoch) return fail('unknown-epoch')
      if (op.ch === 'announcements' && !isAdmin) return fail('announcements-admins-only')
      if (op.ch !== 'chat' && op.ch !== 'announcements') {
        const thread = state.ops.get(op.ch)
        if (thread?.type !== 'thread.open' || thread.deleted) return fail('unknown-thread')
      }
      if (op.replyTo !== undefined && !MESSAGE_TYPES.has(state.ops.get(op.replyTo)?.type ?? 'read.mark')) return fail('unknown-target')
      return { ok: true, entry }
    }
    case 'thread.open':
      if (muted(op.at)) return fail('muted')
      if (op.box.e > state.epoch) return fail('unknown-epoch')
      return { ok: true, entry }
    case 'message.edit': {
      if (muted(op.at)) return fail('muted')
      if (op.box.e > state.epoch) return fail('unknown-epoch')
      const target = state.ops.get(op.target)
      if (!target || !MESSAGE_TYPES.has(target.type)) return fail('unknown-target')
      if (target.author !== author) return fail('not-author')
      if (target.deleted) return fail('target-deleted')
      return { ok: true, entry }
    }
    case 'message.delete': {
      const target = state.ops.get(op.target)
      if (!target || !MESSAGE_TYPES.has(target.type)) return fail('unknown-target')
      if (target.author !== author && !isModerator) return fail('not-author')
      if (target.deleted) return fail('target-deleted')
      return { ok: true, entry }
    }
    case 'reaction.set': {
      if (muted(op.at)) return fail('muted')
      if (op.box.e > state.epoch) return fail('unknown-epoch')
      const target = state.ops.get(op.target)
      if (!target || !MESSAGE_TYPES.has(target.type)) return fail('unknown-target')
      return { ok: true, entry }
    }
    case 'read.mark':
      if (!MESSAGE_TYPES.has(state.ops.get(op.upTo)?.type ?? 'read.mark')) return fail('unknown-target')
      return { ok: true, entry }
    case 'message.pin': {
      if (!isModerator) return fail('not-moderator')
      const target = state.ops.get(op.target)
      if (!target || !MESSAGE_TYPES.has(target.type)) return fail('unknown-target')
      if (target.deleted) return fail('target-deleted')
      return { ok: true, entry }
    }
    case 'news.post':
      if (muted(op.at)) return fail('muted')
      if (op.box.e > state.epoch) return fail('unknown-epoch')
      return { ok: true, entry }
    case 'news.vote': {
      if (!NEWS_TYPES.has(state.ops.get(op.target)?.type ?? 'read.mark')) return fail('unknown-target')
      const standing = state.newsVotes.has(`${op.target}:${author}`)
      if (op.on && standing) return fail('already-voted')
      if (!op.on && !standing) return fail('not-voted')
      return { ok: true, entry }
    }
    case 'news.feed.add':
      if (!isAdmin) return fail('not-admin')
      if (op.box.e > state.epoch) return fail('unknown-epoch')
      return { ok: true, entry }
    case 'news.feed.remove': {
      if (!isAdmin) return fail('not-admin')
      const feed = state.ops.get(op.feed)
      if (feed?.type !== 'news.feed.add' || feed.deleted) return fail('unknown-feed')
      return { ok: true, entry }
    }
    case 'relay.add':
      if (!isAdmin) return fail('not-admin')
      if (op.box.e > state.epoch) return fail('unknown-epoch')
      // A relay that stands may be added again only to reseal its secret with a newer epoch (for admins who joined later).
      if (state.relays.has(op.relay) && op.box.e <= state.relays.get(op.relay)!.box.e) return fail('relay-exists')
      if (!state.relays.has(op.relay) && state.relays.size >= RELAYS_PER_GROUP) return fail('too-many-relays')
      return { ok: true, entry }
    case 'relay.remove':
      if (!isAdmin) return fail('not-admin')
      if (!state.relays.has(op.relay)) return fail('unknown-relay')
      return { ok: true, entry }
    case 'folder.create': {
      if (!isAdmin) return fail('not-admin')
      if (state.mode !== 'working' && state.mode !== 'trading') return fail('wrong-mode')
      if (op.box.e > state.epoch) return fail('unknown-epoch')
      // A folder id is created once: its drives' namespace and state are derived from it.
      if (state.folders.has(op.folder)) return fail('folder-exists')
      let standing = 0
      for (const folder of state.folders.values()) if (!folder.removed) standing++
      if (standing >= FOLDERS_PER_GROUP) return fail('too-many-folders')
      return { ok: true, entry }
    }
    case 'folder.reseal': {
      if (!isAdmin) return fail('not-admin')
      if (op.box.e > state.epoch) return fail('unknown-epoch')
      const folder = state.folders.get(op.folder)
      if (!folder || folder.removed) return fail('unknown-folder')
      if (op.box.e <= folder.box.e) return fail('stale-epoch')
      // The box holds the keys of the folder's current generation; a reseal made before a rekey landed is out of date.
      if ((op.gen ?? 0) !== folder.gen) return fail('stale-generation')
      return { ok: true, entry }
    }
    case 'folder.rekey': {
      if (!isAdmin) return fail('not-admin')
      if (op.box.e > state.epoch) return fail('unknown-epoch')
      const folder = state.folders.get(op.folder)
      if (!folder || folder.removed) return fail('unknown-folder')
      // Exactly the next generation: of two admins rekeying at once, the second is refused.
      if (op.gen !== folder.gen + 1) return fail('stale-generation')
      // Sealed with the current epoch's key, which a member removed before it never got.
      if (op.box.e !== state.epoch) return fail('stale-epoch')
      // One new key per epoch: the current key was already made after the last removal.
      if (op.box.e <= folder.keyEpoch) return fail('nothing-to-change')
      return { ok: true, entry }
    }
    case 'folder.remove': {
      if (!isAdmin) return fail('not-admin')
      const folder = state.folders.get(op.folder)
      if (!folder || folder.removed) return fail('unknown-folder')
      return { ok: true, entry }
    }
    case 'folder.drive': {
      const folder = state.folders.get(op.folder)
      if (!folder || folder.removed) return fail('unknown-folder')
      const gen = op.gen ?? 0
      if (gen > folder.gen) return fail('unknown-generation')
      const owner = state.folderDriveOwners.get(op.drive)
      if (owner !== undefined && owner.identity !== author) return fail('drive-taken')
      // A drive is encrypted with one generation's key: it cannot stand for another. (Only for announcements
      // that name a generation: ones without, made before generations existed, are judged as they always were.)
      if (owner !== undefined && op.gen !== undefined && owner.slot !== `${op.folder}:${gen}`) return fail('drive-taken')
      if (state.folderDrives.get(`${op.folder}:${gen}:${author}`) === op.drive) return fail('nothing-to-change')
      return { ok: true, entry }
    }
    case 'news.import': {
      if (!isAdmin) return fail('not-admin')
      if (op.box.e > state.epoch) return fail('unknown-epoch')
      const feed = state.ops.get(op.feed)
      if (feed?.type !== 'news.feed.add' || feed.deleted) return fail('unknown-feed')
      return { ok: true, entry }
    }
  }
}

/** The group kind of space, for Space (main/core/spaces/space.ts). */
export const groupRules: SpaceRules<GroupEntry, GroupState> = {
  newState: () => new GroupState(),
  decode: (value, spaceKey) => decodeOp(value, spaceKey, groupOp),
  check: (identity, state, writer, author, op) => checkGroupOp(identity, state, writer, author, op),
}
