import { z } from 'zod'
import { command, event, query } from './define'
import { did } from '../domain/identity'
import { LIMITS, contactId, conversationId } from '../domain/people'

/**
 * pending: paired, waiting for the other side's signature on the relationship;
 * connected: both signatures held; blocked: their devices are refused.
 */
export const contactStatus = z.enum(['pending', 'connected', 'blocked'])

export const contact = z.object({
  id: contactId,
  did,
  /** From their public profile, as last received; falls back to the invite label. */
  displayName: z.string(),
  bio: z.string(),
  /** A colour derived from their key, for the avatar (same on every device). */
  avatarHue: z.number().int().min(0).max(359),
  status: contactStatus,
  online: z.boolean(),
  /** When the relationship was first signed (ms); null while pending. */
  connectedSince: z.number().int().nullable(),
  /** 'me' = I invited them; 'them' = they invited me. */
  invitedBy: z.enum(['me', 'them']),
  /** Private notes: kept in this vault only, never sent. */
  notes: z.string(),
  conversationId: conversationId.nullable(),
  lastSeenAt: z.number().int().nullable(),
})

export const contactMethods = {
  'contacts.list': query(z.object({}), z.array(contact)),
  'contacts.get': query(z.object({ id: contactId }), contact),
  'contacts.setNotes': command(
    z.object({ id: contactId, notes: z.string().max(LIMITS.contactNotes, `use at most ${LIMITS.contactNotes} characters`) }),
    contact,
  ),
  /** Forget a contact: their devices can no longer connect; the conversation is deleted from this device. */
  'contacts.remove': command(z.object({ id: contactId }), z.object({})),
  /** Refuse their devices and hide their messages; keeps the history. */
  'contacts.block': command(z.object({ id: contactId }), contact),
  'contacts.unblock': command(z.object({ id: contactId }), contact),
} as const

export const contactEvents = {
  'contacts.onContactsChanged': event(z.object({ contactId: contactId.nullable() })),
  'contacts.onPresenceChanged': event(z.object({ contactId, online: z.boolean() })),
} as const
