import { z } from 'zod'

/**
 * The PLANET relay's own control protocol, beside blind-peer's: a protomux-rpc
 * channel (`RELAY_PROTOCOL`) carrying one JSON object per request. The relay
 * learns the caller's device key from the Noise handshake, never from the
 * message, and validates every request with these schemas (bad input is
 * refused with a code and counted; see main/relay/README.md).
 *
 * - `register`: an admin's device tells the relay which devices belong to a
 *   group (its Autobase discovery key), presenting the relay's access secret.
 *   Sent again whenever membership changes; the newest list replaces the old.
 * - `status`: a member's device asks how much of some cores the relay holds
 *   (to show "in sync" honestly: relay-held length vs local length).
 */
export const RELAY_PROTOCOL = 'planet-relay/v1'
/** The largest request or response the relay reads, in bytes. */
export const RELAY_MESSAGE_LIMIT = 256 * 1024
export const RELAY_LIMITS = {
  /** Devices in one registration (a group has at most 200 members; room for a second device each). */
  members: 400,
  admins: 64,
  /** Cores in one status request. */
  statusCores: 256,
} as const

const hex32 = z.string().regex(/^[0-9a-f]{64}$/, 'a 32-byte key in lowercase hex')
const hex16 = z.string().regex(/^[0-9a-f]{32}$/, 'a 16-byte secret in lowercase hex')

export const relayRegisterRequest = z
  .object({
    v: z.literal(1),
    t: z.literal('register'),
    /** The access secret from the relay code. */
    secret: hex16,
    /** The group's Autobase discovery key (the relay never needs the group key to admit). */
    group: hex32,
    /** Every current member device; must include the caller. */
    members: z.array(hex32).min(1).max(RELAY_LIMITS.members),
    /** The devices allowed to send the next update (the group's owner and admins); a subset of members. */
    admins: z.array(hex32).min(1).max(RELAY_LIMITS.admins),
  })
  .strict()

export const relayStatusRequest = z
  .object({
    v: z.literal(1),
    t: z.literal('status'),
    group: hex32,
    cores: z.array(hex32).max(RELAY_LIMITS.statusCores),
  })
  .strict()

export const relayRequest = z.discriminatedUnion('t', [relayRegisterRequest, relayStatusRequest])

export const RELAY_REFUSALS = ['invalid', 'bad-secret', 'not-listed', 'not-admin', 'not-member', 'too-many-groups'] as const
export type RelayRefusal = (typeof RELAY_REFUSALS)[number]

export const relayResponse = z.discriminatedUnion('ok', [
  z
    .object({
      ok: z.literal(true),
      /** register: how many devices are now admitted for the group. */
      members: z.number().int().min(0).optional(),
      /** status: per asked core, what the relay holds (0/0 when it holds nothing). */
      cores: z.array(z.object({ key: hex32, length: z.number().int().min(0), contiguous: z.number().int().min(0) }).strict()).optional(),
      /** The relay's storage: bytes held and the quota, so the app can say "full". */
      bytes: z.number().int().min(0),
      quota: z.number().int().min(0),
    })
    .strict(),
  z.object({ ok: z.literal(false), code: z.enum(RELAY_REFUSALS), message: z.string().max(500) }).strict(),
])

export type RelayRegisterRequest = z.infer<typeof relayRegisterRequest>
export type RelayStatusRequest = z.infer<typeof relayStatusRequest>
export type RelayRequest = z.infer<typeof relayRequest>
export type RelayResponse = z.infer<typeof relayResponse>
