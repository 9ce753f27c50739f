import { z } from 'zod'

/** A group is known by its space's Autobase key (hex), like a conversation. */
export const groupId = z.string().regex(/^[0-9a-f]{64}$/, 'not a group id')

/**
 * chat: conversation only; working: adds shared folders, calendars and
 * project tools; trading: adds shared folders, CRM, accounting and payments.
 * The mode decides which tabs a group shows (see groupTabs); the tools other
 * than shared folders arrive in later releases.
 */
export const groupMode = z.enum(['chat', 'working', 'trading'])
export type GroupMode = z.infer<typeof groupMode>

/**
 * open: anyone with a group link joins at once; restricted: a link makes a
 * join request that an admin approves; private: only people an admin invites
 * (directly, or with a single-use link), and the group is never listed.
 */
export const groupVisibility = z.enum(['open', 'restricted', 'private'])
export type GroupVisibility = z.infer<typeof groupVisibility>

/** Owner (exactly one) > admin > moderator > member. Owners and admins are the group's indexers. */
export const groupRole = z.enum(['owner', 'admin', 'moderator', 'member'])
export type GroupRole = z.infer<typeof groupRole>

export const ROLE_RANK: Record<GroupRole, number> = { owner: 3, admin: 2, moderator: 1, member: 0 }

export function isAdminRole(role: GroupRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK.admin
}

export function isModeratorRole(role: GroupRole): boolean {
  return ROLE_RANK[role] >= ROLE_RANK.moderator
}

/**
 * Where a group message lives: the group chat, the admins' announcements
 * channel, or a Discuss thread (the thread's id).
 */
export const channelId = z.union([z.literal('chat'), z.literal('announcements'), z.string().regex(/^[0-9a-f]{32}$/, 'not a thread id')])
export type ChannelId = z.infer<typeof channelId>

export type GroupTab = 'chat' | 'announcements' | 'news' | 'discuss' | 'members' | 'folders' | 'calendar' | 'projects' | 'crm' | 'accounting' | 'payments' | 'settings'

/**
 * The tabs a group shows, by mode. Shared folders are for working and trading
 * groups (the core refuses them elsewhere: FOLDER_WRONG_MODE); the other tools
 * come in later releases.
 */
export function groupTabs(mode: GroupMode): GroupTab[] {
  const common: GroupTab[] = ['chat', 'announcements', 'news', 'discuss', 'members']
  if (mode === 'working') return [...common, 'folders', 'calendar', 'projects', 'settings']
  if (mode === 'trading') return [...common, 'folders', 'crm', 'accounting', 'payments', 'settings']
  return [...common, 'settings']
}

export const GROUP_LIMITS = {
  name: 80,
  purpose: 200,
  description: 4_000,
  /** A small picture as a data: URL (the app scales avatars down before sending). */
  avatarChars: 32_000,
  /**
   * Members per group: a rekey op seals the new epoch key to every member and
   * must stay under the op size limit (LIMITS.opBytes).
   */
  members: 200,
  threadTitle: 200,
  mentionsPerMessage: 50,
  /** Longest mute a moderator can set. */
  muteMinutes: 30 * 24 * 60,
  joinNote: 280,
} as const

export const DEFAULT_LINK_HOURS = 7 * 24

export const groupName = z
  .string()
  .max(GROUP_LIMITS.name, `use at most ${GROUP_LIMITS.name} characters`)
  .refine((value) => value.trim().length > 0, 'give the group a name')

export const groupAvatar = z
  .string()
  .max(GROUP_LIMITS.avatarChars, 'that picture is too large: choose a smaller one')
  .regex(/^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/=]+$/, 'the avatar must be a PNG, JPEG, WebP or GIF picture')

/**
 * Direct invitations travel in the DM between an admin and a contact (DM ops
 * are readable only by those two). These are added to the DM op set.
 */
export const groupInvitationFields = {
  group: z.string().regex(/^[0-9a-f]{64}$/),
  /** The group's Autobase encryption key: lets the invitee replicate (content stays sealed until they are added). */
  encryptionKey: z.string().regex(/^[0-9a-f]{64}$/),
  name: z.string().min(1).max(GROUP_LIMITS.name),
  mode: groupMode,
}
