import type { ReactNode } from 'react'
import { Box } from '@mantine/core'
import type { MethodOutput } from '../../../shared/contract'
import type { GroupTab } from '../../../shared/domain/groups'
import { FoldersTab } from '../folders/FoldersTab'
import { AnnouncementsTab } from './AnnouncementsTab'
import { ComingSoonTab } from './ComingSoonTab'
import { DiscussTab } from './DiscussTab'
import { GroupChatTab } from './GroupChatTab'
import { GroupSettingsTab } from './GroupSettingsTab'
import { MembersTab } from './MembersTab'
import { NewsTab } from './NewsTab'
import type { GroupPermissions } from './group-permissions'
import { ThreadView } from './ThreadView'

type Group = MethodOutput<'groups.get'>

export interface GroupTabProps {
  group: Group
  permissions: GroupPermissions
}

/** The open tab's content. Message tabs fill the height (their log scrolls); the others scroll as a page. */
export function GroupTabPanel({ tab, group, permissions, threadId }: GroupTabProps & { tab: GroupTab; threadId: string | null }) {
  switch (tab) {
    case 'chat':
      return <GroupChatTab group={group} permissions={permissions} />
    case 'announcements':
      return <AnnouncementsTab group={group} permissions={permissions} />
    case 'news':
      return (
        <Scrolling>
          <NewsTab group={group} permissions={permissions} />
        </Scrolling>
      )
    case 'discuss':
      return threadId ? (
        <ThreadView key={threadId} group={group} permissions={permissions} threadId={threadId} />
      ) : (
        <Scrolling>
          <DiscussTab group={group} permissions={permissions} />
        </Scrolling>
      )
    case 'members':
      return (
        <Scrolling>
          <MembersTab group={group} permissions={permissions} />
        </Scrolling>
      )
    case 'folders':
      return (
        <Scrolling>
          <FoldersTab group={group} permissions={permissions} />
        </Scrolling>
      )
    case 'settings':
      return (
        <Scrolling>
          <GroupSettingsTab group={group} permissions={permissions} />
        </Scrolling>
      )
    default:
      return (
        <Scrolling>
          <ComingSoonTab tab={tab} />
        </Scrolling>
      )
  }
}

function Scrolling({ children }: { children: ReactNode }) {
  return (
    <Box p="md" style={{ flex: 1, minHeight: 0, overflowY: 'auto' }}>
      {children}
    </Box>
  )
}
