import { useQueryClient } from '@tanstack/react-query'
import { useApiEvent } from '../../api/hooks'
import { apiQueryKey } from '../../api/query-keys'

/** Invite events → cache: the list changes; an accepted invite also brings a contact and a conversation. */
export function InviteEvents() {
  const queryClient = useQueryClient()
  useApiEvent('invites.onInvitesChanged', () => {
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('invites.list') })
  })
  useApiEvent('invites.onInviteAccepted', () => {
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('invites.list') })
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('contacts.list') })
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('chats.listConversations') })
  })
  return null
}
