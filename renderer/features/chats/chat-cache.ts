import type { InfiniteData } from '@tanstack/react-query'
import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import { apiQueryKey, queriesWithInput } from '../../api/query-keys'
import { replaceMessage } from './messages-cache'

export type Message = MethodOutput<'chats.sendMessage'>
export type Conversation = MethodOutput<'chats.getConversation'>
type Page = MethodOutput<'chats.listMessages'>

/** Messages per page of chats.listMessages. */
export const MESSAGES_PAGE = 50

/** Cache updates for one conversation after a chat command answered. */
export function useChatCache(conversationId: string) {
  const queryClient = useQueryClient()

  /** The core returned the message as it now is: show it at once (the event-driven refetch follows). */
  const putMessage = useCallback(
    (message: Message) => {
      queryClient.setQueriesData<InfiniteData<Page, unknown>>(queriesWithInput('chats.listMessages', { conversationId }), (data) =>
        replaceMessage(data, message),
      )
    },
    [queryClient, conversationId],
  )

  /** Something changed that only a refetch shows (a new message, a read receipt). */
  const refresh = useCallback(() => {
    void queryClient.invalidateQueries(queriesWithInput('chats.listMessages', { conversationId }))
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('chats.listConversations') })
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('chats.getConversation', { conversationId }) })
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('alerts.getBadge') })
  }, [queryClient, conversationId])

  return { putMessage, refresh }
}
