import { z } from 'zod'
import { command, event, query } from './define'
import { contactId } from '../domain/people'
import { groupId } from '../domain/groups'

const relayKey = z.string().regex(/^[0-9a-f]{64}$/, 'a relay key (64 hex characters)')

/**
 * What this device knows about one relay of a group, from its last check
 * (asked on its control channel, at most every few seconds):
 *   - reachable: it answered;
 *   - admitted: it lists this device for the group (an admin's app has
 *     registered the group with the current members);
 *   - held/local: blocks of the group's writer cores the relay holds vs the
 *     blocks this device has of the same cores; inSync when the relay holds
 *     at least everything this device has (null: not known yet);
 *   - full: the relay reached its storage quota and takes no new cores.
 */
export const relayStatus = z.object({
  reachable: z.boolean(),
  admitted: z.boolean(),
  inSync: z.boolean().nullable(),
  heldBlocks: z.number().int().min(0),
  localBlocks: z.number().int().min(0),
  cores: z.number().int().min(0),
  full: z.boolean(),
  checkedAt: z.number().int().nullable(),
  /** Why it is not reachable or not admitted, in words for the person. */
  problem: z.string().nullable(),
})

export const groupRelay = z.object({
  groupId,
  relayKey,
  addedBy: contactId,
  addedByName: z.string(),
  status: relayStatus,
})

export const relaySettings = z.object({
  /**
   * Also ask my groups' relays to keep my DMs with fellow members of those
   * groups (off by default: it tells the relay operator when I exchange
   * messages with whom, though never what).
   */
  shareDms: z.boolean(),
})

export const relayMethods = {
  /** The group's relays and, per relay, whether it is reachable and in sync (checked now, at most every few seconds). */
  'relays.listGroupRelays': query(z.object({ groupId }), z.array(groupRelay)),
  /**
   * Add a relay by the code its operator gave (admins). Members' apps then
   * ask it to keep the group's cores; admins' apps register the members.
   * Errors: RELAY_CODE_INVALID, RELAY_EXISTS, RELAY_LIMIT, GROUP_FORBIDDEN.
   */
  'relays.addGroupRelay': command(z.object({ groupId, code: z.string().trim().min(1, 'paste the relay code').max(200) }), groupRelay),
  /** Remove a relay from the group (admins). Errors: RELAY_NOT_FOUND. */
  'relays.removeGroupRelay': command(z.object({ groupId, relayKey }), z.object({})),
  'relays.getSettings': query(z.object({}), relaySettings),
  'relays.setSettings': command(relaySettings, relaySettings),
} as const

export const relayEvents = {
  /** A group's relays or their status changed (groupId null: all groups, e.g. after a setting). */
  'relays.onRelaysChanged': event(z.object({ groupId: groupId.nullable() })),
} as const
