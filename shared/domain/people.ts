import { z } from 'zod'

/** A contact is known by their identity's Ed25519 public key (hex). */
export const contactId = z.string().regex(/^[0-9a-f]{64}$/, 'not a contact id')
/** A conversation is known by its space's Autobase key (hex). */
export const conversationId = z.string().regex(/^[0-9a-f]{64}$/, 'not a conversation id')
/** Messages, invites and alerts have random 16-byte ids (hex). */
export const shortId = z.string().regex(/^[0-9a-f]{32}$/, 'not an id')

/** Limits shared by the UI (to say no early) and the core (to enforce). */
export const LIMITS = {
  /** Characters in one message's text. */
  messageText: 16_000,
  /** Bytes of one attachment: larger files are refused before any transfer. */
  attachmentBytes: 100 * 1024 * 1024,
  attachmentsPerMessage: 10,
  /** Bytes of one encoded op on a peer's core; anything larger is rejected unread. */
  opBytes: 64 * 1024,
  emoji: 32,
  inviteLabel: 80,
  contactNotes: 4_000,
} as const

export const DEFAULT_INVITE_HOURS = 7 * 24
export const MAX_INVITE_HOURS = 30 * 24

export const messageText = z
  .string()
  .max(LIMITS.messageText, `use at most ${LIMITS.messageText} characters`)
  .refine((text) => text.trim().length > 0, 'write something first')

/** One emoji (or a short emoji sequence): no whitespace, at most a few code points. */
export const emoji = z
  .string()
  .min(1)
  .max(LIMITS.emoji)
  .refine((value) => !/\s/.test(value) && /\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(value), 'not an emoji')
