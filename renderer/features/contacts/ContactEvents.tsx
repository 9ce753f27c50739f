import { useQueryClient } from '@tanstack/react-query'
import { useApiEvent } from '../../api/hooks'
import { apiQueryKey } from '../../api/query-keys'

/**
 * Contact events → cache. Conversations show a contact's name and presence
 * too, so they are refreshed with them.
 */
export function ContactEvents() {
  const queryClient = useQueryClient()
  const refresh = (contactId: string | null) => {
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('contacts.list') })
    void queryClient.invalidateQueries({ queryKey: contactId ? apiQueryKey('contacts.get', { id: contactId }) : apiQueryKey('contacts.get') })
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('chats.listConversations') })
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('chats.getConversation') })
  }
  useApiEvent('contacts.onContactsChanged', ({ contactId }) => refresh(contactId))
  useApiEvent('contacts.onPresenceChanged', ({ contactId }) => refresh(contactId))
  return null
}
