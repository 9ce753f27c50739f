import { useQueryClient } from '@tanstack/react-query'
import { useApiEvent } from '../../api/hooks'
import { apiQueryKey, queriesWithInput } from '../../api/query-keys'

/** Chat events → cache: the conversation list, and the messages of the one conversation that changed. */
export function ChatEvents() {
  const queryClient = useQueryClient()
  useApiEvent('chats.onConversationsChanged', () => {
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('chats.listConversations') })
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('chats.getConversation') })
  })
  useApiEvent('chats.onMessagesChanged', ({ conversationId }) => {
    void queryClient.invalidateQueries(queriesWithInput('chats.listMessages', { conversationId }))
  })
  return null
}
