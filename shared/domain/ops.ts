import { z } from 'zod'
import { LIMITS } from './people'
import { groupInvitationFields } from './groups'

/**
 * The ops members append to a space's log (an Autobase). Stored format:
 * fields are only ever added; a new op type is a new `t`. Peers are
 * untrusted, so every op is parsed with these schemas (strict: unknown keys
 * are rejected, so nobody smuggles data past an older validator) and checked
 * against the space's rules in main/core/spaces/space-rules.ts.
 *
 * Common fields: `t` type, `id` random 16-byte id (hex, unique per space:
 * replays are rejected), `at` the author's clock (ms, informative only: order
 * comes from the log), `sp` the space key (hex) so an op cannot be replayed
 * into another space.
 */
const hex32 = z.string().regex(/^[0-9a-f]{64}$/)
const hex64 = z.string().regex(/^[0-9a-f]{128}$/)
const opId = z.string().regex(/^[0-9a-f]{32}$/)
const time = z.number().int().min(0).max(8_640_000_000_000_000)

const base = { id: opId, at: time, sp: hex32 }

export const fileRef = z
  .object({
    id: opId,
    name: z.string().min(1).max(255),
    size: z.number().int().min(0).max(LIMITS.attachmentBytes),
    mime: z.string().max(255),
    /** The author's blob core in this space (hex key) and where the file sits in it. */
    core: hex32,
    blockOffset: z.number().int().min(0),
    blockLength: z.number().int().min(0),
    byteOffset: z.number().int().min(0),
    byteLength: z.number().int().min(0),
    /**
     * Groups: the file's own content key (hex). Its blocks are XChaCha20
     * ciphertext under it, and this reference travels inside the sealed box,
     * so only holders of the epoch key can read the file.
     */
    key: hex32.optional(),
  })
  .strict()

export const spaceOp = z.discriminatedUnion('t', [
  /** First op of every space, by its creator's bootstrap writer. */
  z.object({ ...base, t: z.literal('space.create'), kind: z.literal('dm') }).strict(),
  /**
   * Admit a member's writer. `memberSig` is the member's own signature over
   * (space discovery key, identity, device, writer): nobody can enrol a
   * writer in someone else's name. `deviceCert` certifies the device key
   * their swarm connections use.
   */
  z
    .object({
      ...base,
      t: z.literal('member.add'),
      member: hex32,
      device: hex32,
      writer: hex32,
      deviceCert: hex64,
      memberSig: hex64,
      role: z.enum(['admin', 'member']),
    })
    .strict(),
  /** The mutually signed relationship record of a DM (both signatures over the same bytes). */
  z
    .object({ ...base, t: z.literal('relationship.sign'), inviter: hex32, invitee: hex32, since: time, inviterSig: hex64, inviteeSig: hex64 })
    .strict(),
  z.object({ ...base, t: z.literal('profile.set'), displayName: z.string().min(1).max(80), bio: z.string().max(2000) }).strict(),
  z
    .object({
      ...base,
      t: z.literal('message.post'),
      text: z.string().max(LIMITS.messageText),
      replyTo: opId.optional(),
      files: z.array(fileRef).max(LIMITS.attachmentsPerMessage).optional(),
    })
    .strict(),
  z.object({ ...base, t: z.literal('message.edit'), target: opId, text: z.string().min(1).max(LIMITS.messageText) }).strict(),
  z.object({ ...base, t: z.literal('message.delete'), target: opId }).strict(),
  z.object({ ...base, t: z.literal('reaction.set'), target: opId, emoji: z.string().min(1).max(LIMITS.emoji), on: z.boolean() }).strict(),
  /** Read receipt: the author has seen everything up to `upTo`. */
  z.object({ ...base, t: z.literal('read.mark'), upTo: opId }).strict(),
  /** An admin invites the other person of this DM into a group (see group-ops.ts). */
  z.object({ ...base, t: z.literal('group.invite'), ...groupInvitationFields }).strict(),
  /**
   * The invitee's answer to a group.invite: yes, with the writer this device
   * will use in the group and their signed membership request; the inviting
   * admin's app then adds them.
   */
  z
    .object({
      ...base,
      t: z.literal('group.accept'),
      invitation: opId,
      device: hex32,
      writer: hex32,
      deviceCert: hex64,
      sealKey: hex32,
      memberSig: hex64,
    })
    .strict(),
  z.object({ ...base, t: z.literal('group.decline'), invitation: opId }).strict(),
  /**
   * The author shares their personal log (main/core/feeds) with the other
   * person: its hypercore key and the key its blocks are encrypted with. A
   * later share (a new device, say) replaces an earlier one.
   */
  z.object({ ...base, t: z.literal('feed.share'), log: hex32, encryptionKey: hex32 }).strict(),
])

export type SpaceOp = z.infer<typeof spaceOp>
export type SpaceOpType = SpaceOp['t']
export type FileRef = z.infer<typeof fileRef>
/** An op as written before signing: without the envelope. */
export type SpaceOpOf<T extends SpaceOpType> = Extract<SpaceOp, { t: T }>
