import { EmptyState } from '@mantine/core'
import type { GroupTab } from '../../../shared/domain/groups'
import { ToolIcon } from '../../ui/icons'
import { TAB_LABEL } from './group-labels'

type ToolTab = Exclude<GroupTab, 'chat' | 'announcements' | 'news' | 'discuss' | 'members' | 'folders' | 'settings'>

/** What each tool will do, so the tab says something true instead of showing sample data. */
const TOOL_PURPOSE: Record<ToolTab, string> = {
  calendar: 'A shared calendar for the group’s meetings and deadlines, kept in step on every member’s device.',
  projects: 'Projects and tasks: who does what by when, with progress the whole group can follow.',
  crm: 'The customers and suppliers the group works with: their details, notes and the history of each relationship.',
  accounting: 'The group’s books: income, expenses and balances, recorded by the members who keep them and visible to all.',
  payments: 'Payments between members and with customers, with a record every member can check.',
}

/** A tool tab of a working or trading group: an honest "not yet", and what it will be. */
export function ComingSoonTab({ tab }: { tab: GroupTab }) {
  const purpose = tab in TOOL_PURPOSE ? TOOL_PURPOSE[tab as ToolTab] : ''
  return (
    <EmptyState
      py="xl"
      icon={<ToolIcon size={26} />}
      variant="light"
      title={`${TAB_LABEL[tab]}: coming in a later release`}
      description={`${purpose} Until then, use the chat and Discuss for this.`}
    />
  )
}
