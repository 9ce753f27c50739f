import type { MethodOutput } from '../../../shared/contract'

type Conversations = MethodOutput<'chats.listConversations'>

/**
 * Chats is for people: a group's chat lives on the group's page (with its
 * own unread count in Groups), so lists and badges of Chats keep only the
 * direct conversations. Used as the `select` of chats.listConversations.
 */
export function directOnly(conversations: Conversations): Conversations {
  return conversations.filter((conversation) => conversation.kind === 'dm')
}
