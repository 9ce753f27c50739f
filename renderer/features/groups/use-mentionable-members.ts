import { useMemo } from 'react'
import { useApiQuery } from '../../api/hooks'
import type { MentionMember } from '../chats/MessageTextarea'

const NONE: MentionMember[] = []

/**
 * The members "@" offers in a group's composers: everyone but me. Empty (not
 * undefined) while loading, so the composer is the mention-aware one from the
 * start and does not swap its text box (and lose focus) when the list arrives.
 */
export function useMentionableMembers(groupId: string, enabled: boolean): MentionMember[] {
  const members = useApiQuery('groups.listMembers', { groupId }, { enabled })
  return useMemo(
    () => members.data?.filter((member) => !member.isMe).map((member) => ({ id: member.id, name: member.name, hue: member.avatarHue })) ?? NONE,
    [members.data],
  )
}
