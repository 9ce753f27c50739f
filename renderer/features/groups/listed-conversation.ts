import type { MethodOutput } from '../../../shared/contract'
import type { ListedConversation } from '../chats/MessageList'

/** A group as the message list sees a conversation: the same id, its name, its unread count. */
export function listedConversation(group: Pick<MethodOutput<'groups.get'>, 'id' | 'name' | 'unreadCount'>): ListedConversation {
  return { id: group.id, title: group.name, unreadCount: group.unreadCount }
}
