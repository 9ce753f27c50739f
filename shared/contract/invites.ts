import { z } from 'zod'
import { command, event, query } from './define'
import { DEFAULT_INVITE_HOURS, LIMITS, MAX_INVITE_HOURS, contactId, conversationId, shortId } from '../domain/people'

export const inviteStatus = z.enum(['pending', 'accepted', 'expired', 'revoked'])

export const invite = z.object({
  id: shortId,
  /** Who the invite is for, as the inviter typed it ("Ben"); empty when not given. */
  label: z.string(),
  /** The code to read out or paste, in groups of five. */
  code: z.string(),
  /** `planet://invite/<code>`: opens PLANET on the other person's machine. */
  link: z.string(),
  createdAt: z.number().int(),
  expiresAt: z.number().int(),
  status: inviteStatus,
  /** Set once someone accepted it. */
  acceptedBy: contactId.nullable(),
  acceptedAt: z.number().int().nullable(),
})

export const inviteCodeCheck = z.object({
  valid: z.boolean(),
  /** INVITE_MALFORMED or INVITE_OWN when not valid. */
  code: z.enum(['INVITE_MALFORMED', 'INVITE_OWN']).nullable(),
  message: z.string().nullable(),
  /** What the code is for when valid: connecting with a person, or joining a group (groups.join). */
  kind: z.enum(['contact', 'group']).nullable(),
})

export const inviteMethods = {
  /**
   * Make a single-use invite, valid for `expiresInHours` (default 7 days).
   * The inviter's app must be running and unlocked for the invitee to accept.
   */
  'invites.create': command(
    z.object({
      label: z.string().trim().max(LIMITS.inviteLabel, `use at most ${LIMITS.inviteLabel} characters`).default(''),
      expiresInHours: z.number().int().min(1).max(MAX_INVITE_HOURS).default(DEFAULT_INVITE_HOURS),
    }),
    invite,
  ),
  /** Invites still waiting, newest first, plus those accepted, expired or revoked in the last 30 days. */
  'invites.list': query(z.object({}), z.array(invite)),
  /** Cancel a pending invite: whoever holds the code gets INVITE_REVOKED. Errors: INVITE_NOT_FOUND. */
  'invites.revoke': command(z.object({ id: shortId }), invite),
  /** Check a pasted code or link as the person types, without touching the network. Public: onboarding checks the code before a vault exists. */
  'invites.check': query(z.object({ code: z.string().max(1000) }), inviteCodeCheck, { public: true }),
  /**
   * Accept an invite: pairs with the inviter (who must be online), stores the
   * mutually signed relationship and opens the direct conversation.
   * Errors: INVITE_MALFORMED, INVITE_OWN, INVITE_EXPIRED, INVITE_USED,
   * INVITE_REVOKED, INVITE_REJECTED, INVITE_UNREACHABLE (no answer in time), CONTACT_EXISTS.
   */
  'invites.accept': command(
    z.object({ code: z.string().max(1000) }),
    z.object({ contactId, conversationId }),
  ),
} as const

export const inviteEvents = {
  /** Any change to the invite list (created, accepted, revoked, expired). */
  'invites.onInvitesChanged': event(z.object({})),
  /** Someone accepted one of my invites: they are now a contact (pending until their signature arrives). */
  'invites.onInviteAccepted': event(z.object({ inviteId: shortId, contactId })),
} as const
