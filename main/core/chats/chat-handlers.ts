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
import type { GroupChat } from './group-chat-port'

export function createChatHandlers(services: CoreServices, people: PeopleService, attachments: Attachments, groups: GroupChat): AreaHandlers<'chats'> {
  const { vault, events, clock } = services

  function context(session: PeopleSession | null): ChatContext {
    const profile = vault.db.prepare('SELECT display_name FROM profile WHERE id = 1').get() as { display_name: string } | undefined
    const names = new Map<string, string>()
    return {
      me: session?.me ?? '',
      myName: profile?.display_name ?? 'Me',
      signedLength: (space) => session?.spaces.get(space)?.signedLength ?? 0,
      names,
      canModerate: (space) => (session ? groups.canModerate(session, space) : false),
    }
  }

  /** Group members who are not my contacts are named by the profile they wrote in the group. */
  function namesFor(session: PeopleSession, conversationId: string, base: ChatContext): ChatContext {
    if (!groups.isGroup(session, conversationId)) return base
    const rows = vault.db
      .prepare(
        `SELECT p.author, p.display_name FROM space_profiles p
         WHERE p.space = ? AND p.seq = (SELECT MAX(seq) FROM space_profiles q WHERE q.space = p.space AND q.author = p.author)`,
      )
      .all(conversationId) as Array<{ author: string; display_name: string }>
    const contacts = vault.db.prepare('SELECT id, display_name FROM contacts').all() as Array<{ id: string; display_name: string }>
    // Weakest first: the name given with a join request, then their own profile, then my contact's name.
    const requested = vault.db.prepare('SELECT identity, name FROM group_join_requests WHERE space = ? ORDER BY requested_at').all(conversationId) as Array<{ identity: string; name: string }>
    for (const row of requested) base.names.set(row.identity, row.name)
    for (const row of rows) base.names.set(row.author, row.display_name)
    for (const row of contacts) base.names.set(row.id, row.display_name)
    return base
  }

  function contextFor(session: PeopleSession, conversationId: string): ChatContext {
    return namesFor(session, conversationId, context(session))
  }

  async function openConversation(conversationId: string): Promise<{ session: PeopleSession; space: Space; status: string }> {
    const session = await requireSession(people)
    if (groups.isGroup(session, conversationId)) return { session, space: session.spaces.get(conversationId)!, status: 'group' }
    const row = vault.db
      .prepare('SELECT s.key, c.status FROM spaces s JOIN contacts c ON c.id = s.peer_id WHERE s.key = ?')
      .get(conversationId) as { key: string; status: string } | undefined
    const space = session.spaces.get(conversationId)
    if (!row || !space) throw new RpcError('CONVERSATION_NOT_FOUND', 'There is no such conversation.')
    return { session, space, status: row.status }
  }

  async function writableConversation(conversationId: string): Promise<{ session: PeopleSession; space: Space }> {
    const opened = await openConversation(conversationId)
    // Groups check membership, roles and mutes themselves (GroupChat).
    if (opened.status === 'group') return opened
    if (opened.status === 'blocked') throw new RpcError('CONTACT_BLOCKED', 'You blocked this person. Unblock them to write to them.')
    if (!opened.space.writable) {
      throw new RpcError('CONVERSATION_NOT_READY', 'This conversation is not ready yet: you can write once you and the other person have been online at the same time.')
    }
    return opened
  }

  function requireMessage(session: PeopleSession, conversationId: string, messageId: string): Message {
    const message = getMessage(vault.db, contextFor(session, conversationId), conversationId, messageId)
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
      if (groups.isGroup(session, conversationId)) return groups.conversation(session, conversationId)
      const conversation = getConversation(vault.db, context(session), conversationId, (id) => session.isContactOnline(id), (key) => session.spaces.get(key)?.writable ?? false)
      if (!conversation) throw new RpcError('CONVERSATION_NOT_FOUND', 'There is no such conversation.')
      return conversation
    },
    'chats.listMessages': async ({ conversationId, before, limit, channel, pinnedOnly }) => {
      const { session, status } = await openConversation(conversationId)
      const filter = status === 'group' ? { channel, pinnedOnly, window: groups.window(session, conversationId) } : {}
      const page = listMessages(vault.db, contextFor(session, conversationId), conversationId, before, limit, filter)
      return { messages: await Promise.all(page.messages.map((message) => attachments.withState(session, message))), hasMore: page.hasMore }
    },
    'chats.sendMessage': async ({ conversationId, text, replyTo, uploadIds, channel, mentions }) => {
      const { session, space } = await writableConversation(conversationId)
      if (text.trim().length === 0 && uploadIds.length === 0) throw new RpcError('INVALID_INPUT', 'Write something or attach a file first.')
      if (replyTo !== undefined) requireMessage(session, conversationId, replyTo)
      if (space.kind === 'group') {
        const id = await groups.send(session, space, { channel, text, ...(replyTo ? { replyTo } : {}), files: [], mentions }, () =>
          attachments.commitUploads(session, space, uploadIds, { encrypt: true }),
        )
        await space.flush()
        changed(conversationId)
        return attachments.withState(session, requireMessage(session, conversationId, id))
      }
      if (channel !== 'chat') throw new RpcError('INVALID_INPUT', 'Direct conversations have no channels.')
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
      if (space.kind === 'group') await groups.edit(session, space, messageId, text)
      else await session.appendOp(space, { t: 'message.edit', target: messageId, text })
      await space.flush()
      changed(conversationId)
      return attachments.withState(session, requireMessage(session, conversationId, messageId))
    },
    'chats.deleteMessage': async ({ conversationId, messageId }) => {
      const { session, space } = await writableConversation(conversationId)
      const message = requireMessage(session, conversationId, messageId)
      if (space.kind === 'group') {
        if (!message.deleted) {
          await groups.remove(session, space, message)
          await space.flush()
          changed(conversationId)
        }
        return requireMessage(session, conversationId, messageId)
      }
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
        if (space.kind === 'group') await groups.react(session, space, messageId, emoji, on)
        else await session.appendOp(space, { t: 'reaction.set', target: messageId, emoji, on })
        await space.flush()
        changed(conversationId)
      }
      return attachments.withState(session, requireMessage(session, conversationId, messageId))
    },
    'chats.pinMessage': async ({ conversationId, messageId, on }) => {
      const { session, space } = await openConversation(conversationId)
      if (space.kind !== 'group') throw new RpcError('GROUP_FORBIDDEN', 'Only group messages can be pinned.')
      const message = requireMessage(session, conversationId, messageId)
      if (message.deleted) throw new RpcError('MESSAGE_NOT_FOUND', 'That message was deleted.')
      // Asked even when nothing would change: the answer must not depend on what this device has synced.
      if (!groups.canModerate(session, conversationId)) throw new RpcError('GROUP_FORBIDDEN', 'Only the group’s moderators and admins pin messages.')
      if (message.pinned !== on) {
        await groups.pin(session, space, messageId, on)
        await space.flush()
        changed(conversationId)
      }
      return attachments.withState(session, requireMessage(session, conversationId, messageId))
    },
    'chats.markRead': async ({ conversationId, messageId }) => {
      const { session, space } = await openConversation(conversationId)
      const message = requireMessage(session, conversationId, messageId)
      const db = vault.db
      if (space.kind === 'group') {
        if (await groups.markRead(session, space, message)) {
          markRouteRead(db, `/groups/${conversationId}`, clock.now())
          changed(conversationId)
          people.emitBadge()
        }
        return { unreadCount: groups.conversation(session, conversationId).unreadCount }
      }
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
