import type { MethodOutput } from '../../../shared/contract'
import { isAdminRole, isModeratorRole } from '../../../shared/domain/groups'
import { isMuted } from './member-actions'

type Group = MethodOutput<'groups.get'>

/** What I may do in a group, from my membership and role; the core decides again on every command. */
export interface GroupPermissions {
  /** Still in it (not removed, not left). */
  member: boolean
  owner: boolean
  admin: boolean
  moderator: boolean
  muted: boolean
  /** May post in the chat and in threads (a member, not muted). */
  write: boolean
  /** May post announcements (admins). */
  announce: boolean
}

export function groupPermissions(group: Pick<Group, 'membership' | 'myRole' | 'mutedUntil'>, now: number): GroupPermissions {
  const member = group.membership === 'member' && group.myRole !== null
  const role = member ? group.myRole : null
  const muted = member && isMuted(group.mutedUntil, now)
  const admin = role !== null && isAdminRole(role)
  return {
    member,
    owner: role === 'owner',
    admin,
    moderator: role !== null && isModeratorRole(role),
    muted,
    write: member && !muted,
    announce: admin && !muted,
  }
}
