import type { FileRef } from '../../../shared/domain/ops'
import type { PeopleSession } from '../people/session'
import type { Space } from '../spaces/space'
import type { Conversation, Message } from './chat-queries'

/**
 * What the chats.* handlers need from groups to serve a group's chat,
 * announcements and threads (a group is a conversation too). Declared here
 * and implemented in main/core/groups/group-chat.ts, so chats does not
 * depend on groups.
 */
export interface GroupChat {
  isGroup(session: PeopleSession, conversationId: string): boolean
  conversation(session: PeopleSession, conversationId: string): Conversation
  /** The positions I may see: from my join until I left. */
  window(session: PeopleSession, space: string): { from: number; to: number }
  canModerate(session: PeopleSession, space: string): boolean
  /** Post; `commit` turns the uploads into file references once the checks passed. Returns the message id. */
  send(
    session: PeopleSession,
    space: Space,
    fields: { channel: string; text: string; replyTo?: string; files: FileRef[]; mentions: string[] },
    commit: () => Promise<FileRef[]>,
  ): Promise<string>
  edit(session: PeopleSession, space: Space, target: string, text: string): Promise<void>
  remove(session: PeopleSession, space: Space, message: Message): Promise<void>
  react(session: PeopleSession, space: Space, target: string, emoji: string, on: boolean): Promise<void>
  pin(session: PeopleSession, space: Space, target: string, on: boolean): Promise<void>
  /** True when the read position moved. */
  markRead(session: PeopleSession, space: Space, message: Message): Promise<boolean>
}
