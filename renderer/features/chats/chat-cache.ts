import type { InfiniteData, QueryClient } from '@tanstack/react-query'
import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import { apiQueryKey, inputHas, queriesWithInput } from '../../api/query-keys'
import { replaceMessage } from './messages-cache'

export type Message = MethodOutput<'chats.sendMessage'>
export type Conversation = MethodOutput<'chats.getConversation'>
type Page = MethodOutput<'chats.listMessages'>

/** Messages per page of chats.listMessages. */
export const MESSAGES_PAGE = 50

/**
 * Cache updates for one conversation after a chat command answered. A
 * group's chat is a conversation too (its id is the group id): then the
 * group's unread counts are refreshed with it.
 */
export function useChatCache(conversationId: string) {
  const queryClient = useQueryClient()

  /** The core returned the message as it now is: show it at once (the event-driven refetch follows). */
  const putMessage = useCallback(
    (message: Message) => {
      // Only the paged lists ([method, input, 'pages']): their entries are InfiniteData.
      queryClient.setQueriesData<InfiniteData<Page, unknown>>(
        { queryKey: ['chats.listMessages'], predicate: (query) => query.queryKey[2] === 'pages' && inputHas(query.queryKey[1], { conversationId }) },
        (data) => replaceMessage(data, message),
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
    if (isKnownGroup(queryClient, conversationId)) {
      void queryClient.invalidateQueries({ queryKey: apiQueryKey('groups.list') })
      void queryClient.invalidateQueries({ queryKey: apiQueryKey('groups.get', { groupId: conversationId }) })
      void queryClient.invalidateQueries(queriesWithInput('groups.listThreads', { groupId: conversationId }))
    }
  }, [queryClient, conversationId])

  return { putMessage, refresh }
}

/** Whether an id is one of my groups, as far as the cached group list knows (so a DM does not refetch groups). */
export function isKnownGroup(queryClient: QueryClient, id: string): boolean {
  const groups = queryClient.getQueryData<MethodOutput<'groups.list'>>(apiQueryKey('groups.list', {}))
  return groups?.some((group) => group.id === id) ?? false
}
