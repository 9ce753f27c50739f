import type { GroupMode, GroupRole, GroupTab, GroupVisibility } from '../../../shared/domain/groups'

/** The mode as a badge reads it. */
export const MODE_BADGE: Record<GroupMode, string> = {
  chat: 'Chat group',
  working: 'Working group',
  trading: 'Trading group',
}

/** The mode choices of the create and settings forms, each with what it means for the group. */
export const MODE_OPTIONS: readonly { value: GroupMode; label: string; description: string }[] = [
  { value: 'chat', label: 'Chat', description: 'Conversation only: a chat, announcements from the admins and discussion threads.' },
  {
    value: 'working',
    label: 'Working',
    description: 'For a team: adds shared folders kept in sync on every member’s device, then a calendar and projects (these two arrive in a later release).',
  },
  {
    value: 'trading',
    label: 'Trading',
    description: 'For a business or co-op: adds shared folders, then contacts (CRM), accounting and payments (these arrive in a later release).',
  },
]

export const VISIBILITY_BADGE: Record<GroupVisibility, string> = {
  open: 'Open',
  restricted: 'Restricted',
  private: 'Private',
}

export const VISIBILITY_OPTIONS: readonly { value: GroupVisibility; label: string; description: string }[] = [
  { value: 'open', label: 'Open', description: 'Anyone with a group link joins at once.' },
  { value: 'restricted', label: 'Restricted', description: 'A group link sends a join request; an admin approves each person.' },
  { value: 'private', label: 'Private', description: 'Only people an admin invites, directly or with a single-use link.' },
]

export const ROLE_LABEL: Record<GroupRole, string> = {
  owner: 'Owner',
  admin: 'Admin',
  moderator: 'Moderator',
  member: 'Member',
}

export const ROLE_COLOR: Record<GroupRole, string> = {
  owner: 'grape',
  admin: 'indigo',
  moderator: 'cyan',
  member: 'gray',
}

/** The tab names; e2e tests find tabs by these words. */
export const TAB_LABEL: Record<GroupTab, string> = {
  chat: 'Chat',
  announcements: 'Announcements',
  news: 'News',
  discuss: 'Discuss',
  members: 'Members',
  folders: 'Folders',
  calendar: 'Calendar',
  projects: 'Projects',
  crm: 'CRM',
  accounting: 'Accounting',
  payments: 'Payments',
  settings: 'Settings',
}

/** "1 member", "12 members". */
export function countLabel(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`
}

/** "You are the owner", "You are an admin", … (null when I am not a member any more). */
export function myRoleText(role: GroupRole | null): string | null {
  if (role === null) return null
  if (role === 'owner') return 'You are the owner'
  return `You are ${role === 'admin' ? 'an' : 'a'} ${ROLE_LABEL[role].toLowerCase()}`
}
