import { RpcError } from '../../../shared/rpc/errors'
import { markRouteRead } from '../alerts/alert-store'
import type { AreaHandlers } from '../handler-types'
import type { PeopleService } from '../people/people-service'
import { requireSession } from '../people/people-service'
import type { PeopleSession } from '../people/session'
import type { CoreServices } from '../services'
import type { Space } from '../spaces/space'
import type { ChatContext, Message } from './chat-queries'
import { getConversation, getMessage, listConversations, listMessages, unreadCount } from './chat-queries'
import type { Attachments } from './attachments'

export function createChatHandlers(services: CoreServices, people: PeopleService, attachments: Attachments): AreaHandlers<'chats'> {
  const { vault, events, clock } = services

  function context(session: PeopleSession | null): ChatContext {
    const profile = vault.db.prepare('SELECT display_name FROM profile WHERE id = 1').get() as { display_name: string } | undefined
    return {
      me: session?.me ?? '',
      myName: profile?.display_name ?? 'Me',
      signedLength: (space) => session?.spaces.get(space)?.signedLength ?? 0,
      names: new Map(),
    }
  }

  async function openConversation(conversationId: string): Promise<{ session: PeopleSession; space: Space; status: string }> {
    const session = await requireSession(people)
    const row = vault.db
      .prepare('SELECT s.key, c.status FROM spaces s JOIN contacts c ON c.id = s.peer_id WHERE s.key = ?')
      .get(conversationId) as { key: string; status: string } | undefined
    const space = session.spaces.get(conversationId)
    if (!row || !space) throw new RpcError('CONVERSATION_NOT_FOUND', 'There is no such conversation.')
    return { session, space, status: row.status }
  }

  async function writableConversation(conversationId: string): Promise<{ session: PeopleSession; space: Space }> {
    const opened = await openConversation(conversationId)
    if (opened.status === 'blocked') throw new RpcError('CONTACT_BLOCKED', 'You blocked this person. Unblock them to write to them.')
    if (!opened.space.writable) {
      throw new RpcError('CONVERSATION_NOT_READY', 'This conversation is not ready yet: you can write once you and the other person have been online at the same time.')
    }
    return opened
  }

  function requireMessage(session: PeopleSession, conversationId: string, messageId: string): Message {
    const message = getMessage(vault.db, context(session), conversationId, messageId)
    if (!message) throw new RpcError('MESSAGE_NOT_FOUND', 'That message is not in this conversation (any more).')
    return message
  }

  function changed(conversationId: string): void {
    events.emit('chats.onMessagesChanged', { conversationId })
    events.emit('chats.onConversationsChanged', {})
  }

  return {
    'chats.listConversations': async () => {
      const session = await requireSession(people)
      return listConversations(vault.db, context(session), (id) => session.isContactOnline(id), (key) => session.spaces.get(key)?.writable ?? false)
    },
    'chats.getConversation': async ({ conversationId }) => {
      const session = await requireSession(people)
      const conversation = getConversation(vault.db, context(session), conversationId, (id) => session.isContactOnline(id), (key) => session.spaces.get(key)?.writable ?? false)
      if (!conversation) throw new RpcError('CONVERSATION_NOT_FOUND', 'There is no such conversation.')
      return conversation
    },
    'chats.listMessages': async ({ conversationId, before, limit }) => {
      const { session } = await openConversation(conversationId)
      const page = listMessages(vault.db, context(session), conversationId, before, limit)
      return { messages: await Promise.all(page.messages.map((message) => attachments.withState(session, message))), hasMore: page.hasMore }
    },
    'chats.sendMessage': async ({ conversationId, text, replyTo, uploadIds }) => {
      const { session, space } = await writableConversation(conversationId)
      if (text.trim().length === 0 && uploadIds.length === 0) throw new RpcError('INVALID_INPUT', 'Write something or attach a file first.')
      if (replyTo !== undefined) requireMessage(session, conversationId, replyTo)
      const files = await attachments.commitUploads(session, space, uploadIds)
      const op = await session.appendOp(space, { t: 'message.post', text, ...(replyTo ? { replyTo } : {}), ...(files.length ? { files } : {}) })
      await space.flush()
      changed(conversationId)
      return attachments.withState(session, requireMessage(session, conversationId, op.id))
    },
    'chats.editMessage': async ({ conversationId, messageId, text }) => {
      const { session, space } = await writableConversation(conversationId)
      const message = requireMessage(session, conversationId, messageId)
      if (!message.mine) throw new RpcError('NOT_AUTHOR', 'You can only edit your own messages.')
      if (message.deleted) throw new RpcError('MESSAGE_NOT_FOUND', 'That message was deleted.')
      await session.appendOp(space, { t: 'message.edit', target: messageId, text })
      await space.flush()
      changed(conversationId)
      return attachments.withState(session, requireMessage(session, conversationId, messageId))
    },
    'chats.deleteMessage': async ({ conversationId, messageId }) => {
      const { session, space } = await writableConversation(conversationId)
      const message = requireMessage(session, conversationId, messageId)
      if (!message.mine) throw new RpcError('NOT_AUTHOR', 'You can only delete your own messages.')
      if (!message.deleted) {
        await session.appendOp(space, { t: 'message.delete', target: messageId })
        await space.flush()
        changed(conversationId)
      }
      return requireMessage(session, conversationId, messageId)
    },
    'chats.react': async ({ conversationId, messageId, emoji, on }) => {
      const { session, space } = await writableConversation(conversationId)
      const message = requireMessage(session, conversationId, messageId)
      if (message.deleted) throw new RpcError('MESSAGE_NOT_FOUND', 'That message was deleted.')
      const current = message.reactions.some((reaction) => reaction.emoji === emoji && reaction.mine)
      if (current !== on) {
        await session.appendOp(space, { t: 'reaction.set', target: messageId, emoji, on })
        await space.flush()
        changed(conversationId)
      }
      return attachments.withState(session, requireMessage(session, conversationId, messageId))
    },
    'chats.markRead': async ({ conversationId, messageId }) => {
      const { session, space } = await openConversation(conversationId)
      const message = requireMessage(session, conversationId, messageId)
      const db = vault.db
      const before = (db.prepare('SELECT read_seq FROM spaces WHERE key = ?').get(conversationId) as { read_seq: number }).read_seq
      if (message.position > before) {
        db.prepare('UPDATE spaces SET read_seq = ? WHERE key = ?').run(message.position, conversationId)
        markRouteRead(db, `/chats/${conversationId}`, clock.now())
        // Tell the other side (read receipt) when it is their message I read.
        if (!message.mine && space.writable) await session.appendOp(space, { t: 'read.mark', upTo: messageId })
        changed(conversationId)
        people.emitBadge()
      }
      return { unreadCount: unreadCount(db, conversationId, session.me) }
    },
    'chats.startUpload': ({ name, size, mime }) => attachments.startUpload(name, size, mime),
    'chats.uploadChunk': ({ uploadId, offset, data }) => attachments.uploadChunk(uploadId, offset, data),
    'chats.downloadAttachment': async ({ conversationId, messageId, attachmentId }) => {
      const { session } = await openConversation(conversationId)
      const message = requireMessage(session, conversationId, messageId)
      return attachments.download(session, message, attachmentId)
    },
    'chats.readAttachment': async ({ conversationId, messageId, attachmentId, offset, length }) => {
      const { session } = await openConversation(conversationId)
      const message = requireMessage(session, conversationId, messageId)
      return attachments.read(session, message, attachmentId, offset, length)
    },
  }
}
