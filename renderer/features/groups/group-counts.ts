import type { MethodOutput } from '../../../shared/contract'

type GroupSummary = MethodOutput<'groups.list'>[number]

/** Unread messages across the groups I am still in (removed and left groups cannot get new ones for me). */
export function groupsUnread(groups: readonly GroupSummary[]): number {
  return groups.reduce((sum, group) => (group.membership === 'member' ? sum + group.unreadCount : sum), 0)
}

/** Groups I am in, and those waiting on me as an admin (join requests). */
export function groupCounts(groups: readonly GroupSummary[]): { member: number; withUnread: number; requests: number } {
  const mine = groups.filter((group) => group.membership === 'member')
  return {
    member: mine.length,
    withUnread: mine.filter((group) => group.unreadCount > 0).length,
    requests: mine.reduce((sum, group) => sum + group.pendingRequests, 0),
  }
}
