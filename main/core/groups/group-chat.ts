import { isModeratorRole } from '../../../shared/domain/groups'
import type { FileRef } from '../../../shared/domain/ops'
import { RpcError } from '../../../shared/rpc/errors'
import type { Conversation, Message } from '../chats/chat-queries'
import type { GroupChat } from '../chats/group-chat-port'
import type { PeopleSession } from '../people/session'
import type { Space } from '../spaces/space'
import { getGroupSummary, myWindow } from './group-queries'
import type { GroupService } from './group-service'
import { groupContext } from './group-context'

/**
 * A group's chat, announcements and Discuss replies through the chats.*
 * methods: the same messages, composer and attachments as DMs, with content
 * sealed under the epoch key and the group's roles enforced (the rules
 * enforce them again on every peer; checking here gives a clear error).
 */
export class GroupChatAdapter implements GroupChat {
  readonly #groups: GroupService

  constructor(groups: GroupService) {
    this.#groups = groups
  }

  isGroup(session: PeopleSession, conversationId: string): boolean {
    return session.spaces.get(conversationId)?.kind === 'group'
  }

  conversation(session: PeopleSession, conversationId: string): Conversation {
    const summary = getGroupSummary(session.db, groupContext(session, conversationId), conversationId)
    if (!summary) throw new RpcError('CONVERSATION_NOT_FOUND', 'There is no such conversation.')
    const space = session.spaces.get(conversationId)
    return {
      id: conversationId,
      kind: 'group',
      title: summary.name,
      contactId: null,
      online: false,
      ready: (space?.writable ?? false) && summary.membership === 'member',
      lastMessage: null,
      lastActivityAt: summary.lastActivityAt,
      unreadCount: summary.unreadCount,
    }
  }

  window(session: PeopleSession, space: string): { from: number; to: number } {
    return myWindow(session.db, space, session.me)
  }

  canModerate(session: PeopleSession, space: string): boolean {
    const open = session.spaces.get(space)
    const role = open?.kind === 'group' ? this.#groups.stateOf(open).members.get(session.me)?.role : undefined
    return role !== undefined && isModeratorRole(role)
  }

  #requirePoster(session: PeopleSession, space: Space, channel: string): void {
    const role = this.#groups.requireMember(session, space)
    const me = this.#groups.stateOf(space).members.get(session.me)!
    if (me.mutedUntil > this.#groups.clock.now()) {
      throw new RpcError('MEMBER_MUTED', `A moderator muted you in this group until ${new Date(me.mutedUntil).toLocaleString()}.`, { until: me.mutedUntil })
    }
    if (channel === 'announcements' && role !== 'owner' && role !== 'admin') throw new RpcError('GROUP_FORBIDDEN', 'Only admins post announcements.')
    if (channel !== 'chat' && channel !== 'announcements') {
      const thread = this.#groups.stateOf(space).ops.get(channel)
      if (thread?.type !== 'thread.open' || thread.deleted) throw new RpcError('THREAD_NOT_FOUND', 'That thread does not exist (any more).')
    }
  }

  async send(
    session: PeopleSession,
    space: Space,
    fields: { channel: string; text: string; replyTo?: string; files: FileRef[]; mentions: string[] },
    commit: () => Promise<FileRef[]>,
  ): Promise<string> {
    this.#requirePoster(session, space, fields.channel)
    const members = this.#groups.stateOf(space).members
    const mentions = [...new Set(fields.mentions)].filter((id) => members.has(id) && id !== session.me)
    const files = await commit()
    const content = { text: fields.text, ...(files.length ? { files } : {}), ...(mentions.length ? { mentions } : {}) }
    const op = await this.#groups.appendSealed(session, space, 'message.post', { ch: fields.channel, ...(fields.replyTo ? { replyTo: fields.replyTo } : {}) }, content)
    return op.id
  }

  async edit(session: PeopleSession, space: Space, target: string, text: string): Promise<void> {
    this.#groups.requireMember(session, space)
    await this.#groups.appendSealed(session, space, 'message.edit', { target }, { text })
  }

  async remove(session: PeopleSession, space: Space, message: Message): Promise<void> {
    this.#groups.requireMember(session, space)
    if (!message.mine && !this.canModerate(session, space.key)) throw new RpcError('NOT_AUTHOR', 'Only moderators delete other people’s messages.')
    await this.#groups.append(session, space, [{ t: 'message.delete', target: message.id }])
  }

  async react(session: PeopleSession, space: Space, target: string, emoji: string, on: boolean): Promise<void> {
    this.#requirePoster(session, space, 'chat')
    await this.#groups.appendSealed(session, space, 'reaction.set', { target, on }, { emoji })
  }

  async pin(session: PeopleSession, space: Space, target: string, on: boolean): Promise<void> {
    this.#groups.requireModerator(session, space)
    await this.#groups.append(session, space, [{ t: 'message.pin', target, on }])
  }

  /** Reading announcements is shared (their read counts); the chat's read position stays on this device. */
  async markRead(session: PeopleSession, space: Space, message: Message): Promise<boolean> {
    const db = session.db
    if (message.channel === 'chat') {
      const before = (db.prepare('SELECT read_seq FROM spaces WHERE key = ?').get(space.key) as { read_seq: number }).read_seq
      if (message.position <= before) return false
      db.prepare('UPDATE spaces SET read_seq = ? WHERE key = ?').run(message.position, space.key)
      return true
    }
    const row = db.prepare('SELECT read_seq FROM channel_reads WHERE space = ? AND channel = ?').get(space.key, message.channel) as { read_seq: number } | undefined
    if (message.position <= (row?.read_seq ?? -1)) return false
    db.prepare('INSERT OR REPLACE INTO channel_reads (space, channel, read_seq) VALUES (?, ?, ?)').run(space.key, message.channel, message.position)
    const member = this.#groups.stateOf(space).members.has(session.me)
    if (message.channel === 'announcements' && !message.mine && member && space.writable) {
      await this.#groups.append(session, space, [{ t: 'read.mark', upTo: message.id }])
    }
    return true
  }
}
