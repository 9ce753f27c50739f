import type { GroupMode, GroupTab } from '../../../shared/domain/groups'
import { groupTabs } from '../../../shared/domain/groups'

/** Where on a group's page a path points: a tab, and in Discuss possibly one thread. */
export interface GroupLocation {
  tab: GroupTab
  threadId: string | null
}

/**
 * The part of /groups/<id>/… after the id ('' | '<tab>' | 'discuss/<thread>')
 * → the tab to show. A tab this group's mode does not have (a link from
 * before the mode changed) or anything unknown falls back to the chat.
 */
export function parseGroupLocation(rest: string, mode: GroupMode): GroupLocation {
  const [first = '', second, ...more] = rest.split('/').filter(Boolean)
  const tabs = groupTabs(mode)
  const tab = (tabs as string[]).includes(first) ? (first as GroupTab) : 'chat'
  const threadId = tab === 'discuss' && second !== undefined && more.length === 0 && /^[0-9a-f]{32}$/.test(second) ? second : null
  return { tab, threadId }
}
