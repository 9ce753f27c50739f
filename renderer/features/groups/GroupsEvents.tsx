import { useQueryClient } from '@tanstack/react-query'
import { useApiEvent } from '../../api/hooks'
import { apiQueryKey, queriesWithInput } from '../../api/query-keys'
import { isKnownGroup } from '../chats/chat-cache'

/** Everything cached about one group (or every group when the core does not say which). */
const PER_GROUP = ['groups.get', 'groups.listMembers', 'groups.listJoinRequests', 'groups.listLinks'] as const

/**
 * Group events → cache. A group's messages arrive as chats.onMessagesChanged
 * with the group id (ChatEvents refetches the messages); here the group's
 * unread counts and its threads' reply counts follow.
 */
export function GroupsEvents() {
  const queryClient = useQueryClient()

  useApiEvent('groups.onGroupsChanged', ({ groupId }) => {
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('groups.list') })
    // A join request of mine may have been answered, or an invitation completed.
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('groups.listOutgoingRequests') })
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('groups.listInvitations') })
    for (const method of PER_GROUP) {
      void queryClient.invalidateQueries(groupId === null ? { queryKey: apiQueryKey(method) } : queriesWithInput(method, { groupId }))
    }
  })
  useApiEvent('groups.onInvitationsChanged', () => {
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('groups.listInvitations') })
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('groups.list') })
  })
  useApiEvent('groups.onThreadsChanged', ({ groupId }) => {
    void queryClient.invalidateQueries(queriesWithInput('groups.listThreads', { groupId }))
    void queryClient.invalidateQueries(queriesWithInput('groups.getThread', { groupId }))
  })
  useApiEvent('groups.onNewsChanged', ({ groupId }) => {
    void queryClient.invalidateQueries(queriesWithInput('groups.listNews', { groupId }))
    void queryClient.invalidateQueries(queriesWithInput('groups.listNewsFeeds', { groupId }))
  })
  useApiEvent('relays.onRelaysChanged', ({ groupId }) => {
    void queryClient.invalidateQueries(groupId === null ? { queryKey: apiQueryKey('relays.listGroupRelays') } : queriesWithInput('relays.listGroupRelays', { groupId }))
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('relays.getSettings') })
  })
  useApiEvent('chats.onMessagesChanged', ({ conversationId }) => {
    if (!isKnownGroup(queryClient, conversationId)) return
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('groups.list') })
    void queryClient.invalidateQueries({ queryKey: apiQueryKey('groups.get', { groupId: conversationId }) })
    void queryClient.invalidateQueries(queriesWithInput('groups.listThreads', { groupId: conversationId }))
    void queryClient.invalidateQueries(queriesWithInput('groups.getThread', { groupId: conversationId }))
  })
  return null
}
