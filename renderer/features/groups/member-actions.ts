import type { GroupRole } from '../../../shared/domain/groups'
import { isAdminRole, isModeratorRole, ROLE_RANK } from '../../../shared/domain/groups'

/** What I may do to one member, so the menu offers only what the core would accept. */
export interface MemberActions {
  /** Roles I can give them (their current one left out). */
  roles: GroupRole[]
  /** Hand them the ownership (owner only). */
  transfer: boolean
  mute: boolean
  remove: boolean
}

const NONE: MemberActions = { roles: [], transfer: false, mute: false, remove: false }

/**
 * The core's rules, mirrored: admins set moderators and members, only the
 * owner changes admins or hands ownership over, moderators mute, admins
 * remove — always someone ranked below me, never myself or the owner.
 */
export function memberActions(myRole: GroupRole | null, target: { role: GroupRole; isMe: boolean }): MemberActions {
  if (myRole === null || target.isMe || target.role === 'owner') return NONE
  const outranks = ROLE_RANK[myRole] > ROLE_RANK[target.role]
  if (!outranks) return NONE
  const assignable: GroupRole[] = myRole === 'owner' ? ['admin', 'moderator', 'member'] : isAdminRole(myRole) ? ['moderator', 'member'] : []
  return {
    roles: assignable.filter((role) => role !== target.role),
    transfer: myRole === 'owner',
    mute: isModeratorRole(myRole),
    remove: isAdminRole(myRole),
  }
}

export function hasAnyAction(actions: MemberActions): boolean {
  return actions.roles.length > 0 || actions.transfer || actions.mute || actions.remove
}

/** The mute choices of the member menu, in minutes as groups.muteMember wants them. */
export const MUTE_OPTIONS = [
  { label: 'Mute for 1 hour', minutes: 60 },
  { label: 'Mute for 1 day', minutes: 24 * 60 },
  { label: 'Mute for 1 week', minutes: 7 * 24 * 60 },
] as const

/** Whether a mute is still running. */
export function isMuted(mutedUntil: number | null, now: number): boolean {
  return mutedUntil !== null && mutedUntil > now
}
