import { z } from 'zod'
import { command, event, query } from './define'
import { LIMITS, contactId, conversationId, emoji, shortId } from '../domain/people'
import { GROUP_LIMITS, channelId } from '../domain/groups'

export const attachment = z.object({
  id: shortId,
  name: z.string(),
  size: z.number().int().min(0),
  mime: z.string(),
  /** available: every byte is on this device; partial: downloading or waiting for the sender to be online. */
  state: z.enum(['available', 'partial']),
  /** Bytes on this device so far. */
  received: z.number().int().min(0),
})

export const reaction = z.object({
  emoji: z.string(),
  count: z.number().int().min(1),
  /** True when one of them is mine (the toggle is on). */
  mine: z.boolean(),
  authorNames: z.array(z.string()),
})

/**
 * sending: not yet written to my log; sent: in my log, the peer has not got it;
 * delivered: the peer's device has it; read: the peer marked it read.
 * Only my own messages carry a delivery state; others' are 'delivered'.
 */
export const deliveryState = z.enum(['sending', 'sent', 'delivered', 'read'])

export const message = z.object({
  id: shortId,
  conversationId,
  /** Position in the conversation's agreed order (same on both sides once synced). */
  position: z.number().int().min(0),
  authorId: contactId,
  authorName: z.string(),
  mine: z.boolean(),
  /** Markdown source; empty once deleted. */
  text: z.string(),
  createdAt: z.number().int(),
  editedAt: z.number().int().nullable(),
  deleted: z.boolean(),
  replyTo: z
    .object({ id: shortId, authorName: z.string(), excerpt: z.string(), deleted: z.boolean() })
    .nullable(),
  reactions: z.array(reaction),
  attachments: z.array(attachment),
  delivery: deliveryState,
  /** Groups: the chat, the announcements or a Discuss thread's id. DMs: always 'chat'. */
  channel: channelId,
  /** Groups: members this message mentions (@name), and whether I am one of them. */
  mentions: z.array(contactId),
  mentionsMe: z.boolean(),
  /** Groups: a moderator pinned it. */
  pinned: z.boolean(),
  /**
   * False when this device does not hold the key the message was sealed
   * with (written before I joined the group, or after I left it): the text
   * and attachments are not shown.
   */
  readable: z.boolean(),
  /** Group announcements: how many members have read it (null elsewhere). */
  readCount: z.number().int().min(0).nullable(),
  /** I may delete it: mine, or I moderate the group. */
  canDelete: z.boolean(),
})

export const conversation = z.object({
  id: conversationId,
  kind: z.enum(['dm', 'group']),
  title: z.string(),
  contactId: contactId.nullable(),
  online: z.boolean(),
  /** False until the other side is a writer too (just after an invite was accepted). */
  ready: z.boolean(),
  lastMessage: z
    .object({ id: shortId, authorName: z.string(), mine: z.boolean(), excerpt: z.string(), createdAt: z.number().int() })
    .nullable(),
  lastActivityAt: z.number().int(),
  unreadCount: z.number().int().min(0),
})

const ref = { conversationId, messageId: shortId }

export const chatMethods = {
  /** Conversations, most recent activity first. */
  'chats.listConversations': query(z.object({}), z.array(conversation)),
  'chats.getConversation': query(z.object({ conversationId }), conversation),
  /**
   * A page of messages in conversation order, oldest first. `before` is a
   * position: omit it for the newest page.
   */
  'chats.listMessages': query(
    z.object({
      conversationId,
      before: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).max(500).default(100),
      /** Groups: which channel (default the chat). */
      channel: channelId.default('chat'),
      /** Groups: only pinned messages. */
      pinnedOnly: z.boolean().default(false),
    }),
    z.object({ messages: z.array(message), hasMore: z.boolean() }),
  ),
  /**
   * Send a message (Markdown). Works offline: it is delivered when both are online.
   * `uploadIds` come from chats.startUpload once every byte was sent.
   * Errors: CONVERSATION_NOT_FOUND, CONVERSATION_NOT_READY (an invitee before the first sync with
   * the inviter: `conversation.ready` is false), MESSAGE_NOT_FOUND (replyTo), UPLOAD_NOT_FOUND,
   * UPLOAD_INCOMPLETE, CONTACT_BLOCKED.
   */
  'chats.sendMessage': command(
    z.object({
      conversationId,
      text: z.string().max(LIMITS.messageText, `use at most ${LIMITS.messageText} characters`),
      replyTo: shortId.optional(),
      uploadIds: z.array(shortId).max(LIMITS.attachmentsPerMessage).default([]),
      /** Groups: the chat (default), 'announcements' (admins) or a thread id. */
      channel: channelId.default('chat'),
      /** Groups: members mentioned in the text; each gets an alert. */
      mentions: z.array(contactId).max(GROUP_LIMITS.mentionsPerMessage).default([]),
    }),
    message,
  ),
  /** Change the text of one of my messages. Errors: NOT_AUTHOR, MESSAGE_NOT_FOUND. */
  'chats.editMessage': command(
    z.object({ ...ref, text: z.string().min(1).max(LIMITS.messageText, `use at most ${LIMITS.messageText} characters`) }),
    message,
  ),
  /** Delete one of my messages for everyone (a group's moderators: anyone's). Errors: NOT_AUTHOR, MESSAGE_NOT_FOUND. */
  'chats.deleteMessage': command(z.object(ref), message),
  /** Add (on) or remove (off) my reaction. */
  'chats.react': command(z.object({ ...ref, emoji, on: z.boolean() }), message),
  /** Groups (moderators): pin or unpin a message. Errors: GROUP_FORBIDDEN, MESSAGE_NOT_FOUND. */
  'chats.pinMessage': command(z.object({ ...ref, on: z.boolean() }), message),
  /** I have seen everything up to this message: clears unread and tells the peer (read receipt). */
  'chats.markRead': command(z.object(ref), z.object({ unreadCount: z.number().int() })),
  /**
   * Begin sending a file. Refused before any byte moves when it is over the limit.
   * Errors: ATTACHMENT_TOO_LARGE.
   */
  'chats.startUpload': command(
    z.object({ name: z.string().min(1).max(255), size: z.number().int().min(0), mime: z.string().max(255).default('application/octet-stream') }),
    z.object({ uploadId: shortId, chunkBytes: z.number().int() }),
  ),
  /** One chunk of an upload, in order, base64. Errors: UPLOAD_NOT_FOUND, INVALID_INPUT (wrong offset or too long). */
  'chats.uploadChunk': command(
    z.object({ uploadId: shortId, offset: z.number().int().min(0), data: z.string().max(2 * 1024 * 1024) }),
    z.object({ received: z.number().int() }),
  ),
  /** Fetch an attachment's bytes from the peer (progress arrives as chats.onAttachmentProgress). */
  'chats.downloadAttachment': command(z.object({ ...ref, attachmentId: shortId }), attachment),
  /** Read part of an attachment that is on this device, base64. Errors: ATTACHMENT_NOT_FOUND. */
  'chats.readAttachment': query(
    z.object({ ...ref, attachmentId: shortId, offset: z.number().int().min(0).default(0), length: z.number().int().min(1).max(1024 * 1024).default(1024 * 1024) }),
    z.object({ data: z.string(), done: z.boolean() }),
  ),
} as const

export const chatEvents = {
  /** Conversation list changed (new conversation, new last message, unread count). */
  'chats.onConversationsChanged': event(z.object({})),
  /** Messages in one conversation changed (new, edited, deleted, reaction, delivery). */
  'chats.onMessagesChanged': event(z.object({ conversationId })),
  'chats.onAttachmentProgress': event(
    z.object({ conversationId, messageId: shortId, attachmentId: shortId, received: z.number().int(), total: z.number().int() }),
  ),
} as const
