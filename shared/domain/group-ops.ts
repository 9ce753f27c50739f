import { z } from 'zod'
import { LIMITS } from './people'
import { GROUP_LIMITS, channelId, groupAvatar, groupMode, groupVisibility } from './groups'
import { fileRef } from './ops'
import { POST_LIMITS, httpUrl, postTag, signedImportedItem } from './posts'

/**
 * The ops of a group space (an Autobase). Stored format: fields are only ever
 * added; a new op type is a new `t`. Parsed strictly (unknown keys rejected)
 * and checked in main/core/groups/group-rules.ts.
 *
 * Two layers, on purpose:
 * - the *header* (everything outside `box`) is what `apply` decides on: who
 *   may do what, to which op, in which epoch. It must stay readable by every
 *   writer, because apply has to reach the same verdict on every peer, and
 *   a member who cannot decrypt a payload (joined later, or removed) still
 *   has to order the log like everyone else;
 * - the *content* (`box`: text, names, emoji, files) is sealed with the
 *   group's epoch key (XChaCha20-Poly1305, the header bound as associated
 *   data). Only the projection opens it, and a box that does not open or
 *   parse is shown as unreadable, never fed back into the rules.
 * The whole log is also encrypted at rest and on the wire with the space's
 * Autobase encryption key; the epoch key is what keeps a *removed member*
 * (who still has that key) out of everything written after their removal.
 */
const hex32 = z.string().regex(/^[0-9a-f]{64}$/)
const hex64 = z.string().regex(/^[0-9a-f]{128}$/)
const opId = z.string().regex(/^[0-9a-f]{32}$/)
const time = z.number().int().min(0).max(8_640_000_000_000_000)
const base64 = (max: number) => z.string().max(max).regex(/^[A-Za-z0-9+/]*={0,2}$/)
export const epochNumber = z.number().int().min(0).max(1_000_000)

const base = { id: opId, at: time, sp: hex32 }

/** Key generations a shared folder may have (the keys of all of them travel in one box, under the op size limit). */
export const FOLDER_GENERATIONS = 256
/** A shared folder's key generation: 0 is the key of its folder.create, each folder.rekey adds one. */
export const folderGeneration = z.number().int().min(0).max(FOLDER_GENERATIONS - 1)

/** Sealed content: `c` = XChaCha20-Poly1305(content JSON) under epoch `e`'s key, nonce `n`. */
export const sealedBox = z.object({ e: epochNumber, n: base64(32), c: base64(LIMITS.opBytes) }).strict()
export type SealedBox = z.infer<typeof sealedBox>

/** An epoch key sealed (crypto_box_seal) to one member's X25519 sealing key. */
export const sealedKey = z.object({ m: hex32, k: base64(120) }).strict()
export type SealedKey = z.infer<typeof sealedKey>

export const groupOp = z.discriminatedUnion('t', [
  /**
   * First op, by the creator's bootstrap writer. The creator becomes the
   * owner; `keys` seals epoch 0's key to them. `sealKey` is their X25519
   * key (bound to them by the op's signature).
   */
  z
    .object({
      ...base,
      t: z.literal('group.create'),
      mode: groupMode,
      visibility: groupVisibility,
      device: hex32,
      deviceCert: hex64,
      sealKey: hex32,
      keys: z.array(sealedKey).length(1),
    })
    .strict(),
  /** Name, purpose, description, avatar (sealed). Admins. */
  z.object({ ...base, t: z.literal('group.profile'), box: sealedBox }).strict(),
  /** A member's own name and bio in this group (sealed: memberProfileContent). Any member. */
  z.object({ ...base, t: z.literal('profile.set'), box: sealedBox }).strict(),
  /** Change the mode or the visibility. Admins. */
  z.object({ ...base, t: z.literal('group.settings'), mode: groupMode.optional(), visibility: groupVisibility.optional() }).strict(),
  /**
   * Admit a member's writer (admins). `memberSig` is the member's own
   * signature over (discovery key, identity, device, writer, sealKey): the
   * membership credential they asked for, countersigned by the admin's
   * signature on this op. `grant` seals the epoch key the admin holds to them.
   */
  z
    .object({
      ...base,
      t: z.literal('member.add'),
      member: hex32,
      device: hex32,
      writer: hex32,
      deviceCert: hex64,
      sealKey: hex32,
      memberSig: hex64,
      role: z.enum(['admin', 'moderator', 'member']),
      grant: z.object({ e: epochNumber, k: base64(120) }).strict(),
    })
    .strict(),
  /** Change a member's role; role 'owner' hands ownership over (the old owner becomes an admin). */
  z.object({ ...base, t: z.literal('member.role'), member: hex32, role: z.enum(['owner', 'admin', 'moderator', 'member']) }).strict(),
  /** Remove a member (admins, over lower ranks). Followed by an epoch.rotate in the same append. */
  z.object({ ...base, t: z.literal('member.remove'), member: hex32 }).strict(),
  /** The author leaves the group. */
  z.object({ ...base, t: z.literal('member.leave') }).strict(),
  /** Moderators: the member cannot post until `until` (their op times); 0 lifts it. */
  z.object({ ...base, t: z.literal('member.mute'), member: hex32, until: time }).strict(),
  /** A new epoch (admins): its key sealed to each remaining member. `e` is the current epoch + 1. */
  z
    .object({ ...base, t: z.literal('epoch.rotate'), e: epochNumber, keys: z.array(sealedKey).min(1).max(GROUP_LIMITS.members) })
    .strict(),
  /** Give a member who lacks it an epoch's key (admins; repairs races between adds and rotations). */
  z.object({ ...base, t: z.literal('epoch.grant'), e: epochNumber, m: hex32, k: base64(120) }).strict(),
  /** A message in the chat, the announcements (admins) or a Discuss thread. Content: postContent. */
  z.object({ ...base, t: z.literal('message.post'), ch: channelId, replyTo: opId.optional(), box: sealedBox }).strict(),
  /** Content: editContent. Author only. */
  z.object({ ...base, t: z.literal('message.edit'), target: opId, box: sealedBox }).strict(),
  /** The author, or a moderator for anyone's message. */
  z.object({ ...base, t: z.literal('message.delete'), target: opId }).strict(),
  /** Content: reactionContent. */
  z.object({ ...base, t: z.literal('reaction.set'), target: opId, on: z.boolean(), box: sealedBox }).strict(),
  /** The author has read everything up to `upTo` (used for announcements' read counts). */
  z.object({ ...base, t: z.literal('read.mark'), upTo: opId }).strict(),
  /** Moderators pin or unpin a message. */
  z.object({ ...base, t: z.literal('message.pin'), target: opId, on: z.boolean() }).strict(),
  /** Start a Discuss thread. Content: threadContent. */
  z.object({ ...base, t: z.literal('thread.open'), box: sealedBox }).strict(),
  /** Group news: a member submits a link or a post. Content: newsPostContent. Members not muted. */
  z.object({ ...base, t: z.literal('news.post'), box: sealedBox }).strict(),
  /**
   * An upvote (`on`) or its retraction (`on: false`) of a news item. Any
   * member; one vote per member per item: a second `on` (or an `off` with no
   * vote standing) is refused.
   */
  z.object({ ...base, t: z.literal('news.vote'), target: opId, on: z.boolean() }).strict(),
  /** Admins add an RSS/Atom feed to the group news. Content: newsFeedContent. */
  z.object({ ...base, t: z.literal('news.feed.add'), box: sealedBox }).strict(),
  /** Admins remove a feed (`feed`: the news.feed.add op id). */
  z.object({ ...base, t: z.literal('news.feed.remove'), feed: opId }).strict(),
  /**
   * An item an admin's device fetched from a feed the group has (`feed`: the
   * news.feed.add op id). Content: newsImportContent, signed by the importer,
   * who must be the op's author (checked by the projection, which opens it).
   */
  z.object({ ...base, t: z.literal('news.import'), feed: opId, box: sealedBox }).strict(),
  /**
   * Admins add a community relay (`relay`: its public key, which members'
   * apps dial). Content: relayContent (the relay's access secret, sealed so
   * only members learn it). At most RELAYS_PER_GROUP standing at once.
   */
  z.object({ ...base, t: z.literal('relay.add'), relay: hex32, box: sealedBox }).strict(),
  /** Admins remove a relay the group has (`relay`: its public key). */
  z.object({ ...base, t: z.literal('relay.remove'), relay: hex32 }).strict(),
  /**
   * Admins create a shared folder (working and trading groups). `folder` is
   * its id, created once (never reused, even after folder.remove). Content:
   * folderContent (its name and the random folder key its drives are
   * encrypted with, sealed so only members learn it).
   */
  z.object({ ...base, t: z.literal('folder.create'), folder: opId, box: sealedBox }).strict(),
  /** Admins remove a shared folder (`folder`: its id). Files stay on members' disks. */
  z.object({ ...base, t: z.literal('folder.remove'), folder: opId }).strict(),
  /**
   * A member announces the Hyperdrive key of their device's drive for a
   * folder (in the header: the rules check who owns which drive; the key
   * alone reads nothing, the drives are encrypted with the folder key).
   * `gen`: the folder key generation the drive is encrypted with (absent:
   * 0, the key of folder.create); one drive per member and generation. A
   * later announcement by the same member for the same generation replaces theirs.
   */
  z.object({ ...base, t: z.literal('folder.drive'), folder: opId, drive: hex32, gen: folderGeneration.optional() }).strict(),
  /**
   * Admins seal a standing folder's content (folderContent, the same name and
   * keys) again under a newer epoch, for members who joined after a rotation
   * and so lack the key it was sealed with. The newest seal is the one read.
   * `gen`: the folder's current key generation, whose keys the box holds (absent: 0).
   */
  z.object({ ...base, t: z.literal('folder.reseal'), folder: opId, box: sealedBox, gen: folderGeneration.optional() }).strict(),
  /**
   * Admins give a standing folder a new key after the group's epoch moved on
   * (someone was removed or left): `gen` is the folder's current generation
   * + 1, the box is sealed with the current epoch's key and holds
   * folderContent with the new `key` and every older one in `previous`
   * (older drives still hold the folder's files). Members then write into
   * a new drive encrypted with the new key, which a removed member cannot read.
   */
  z.object({ ...base, t: z.literal('folder.rekey'), folder: opId, gen: folderGeneration.min(1), box: sealedBox }).strict(),
])

export type GroupOp = z.infer<typeof groupOp>
export type GroupOpType = GroupOp['t']
export type GroupOpOf<T extends GroupOpType> = Extract<GroupOp, { t: T }>

/** What the sealed boxes hold, per op type. Parsed strictly after opening. */
export const profileContent = z
  .object({
    name: z.string().min(1).max(GROUP_LIMITS.name),
    purpose: z.string().max(GROUP_LIMITS.purpose),
    description: z.string().max(GROUP_LIMITS.description),
    avatar: groupAvatar.nullable(),
  })
  .strict()

export const memberProfileContent = z.object({ displayName: z.string().min(1).max(80), bio: z.string().max(2000) }).strict()

export const postContent = z
  .object({
    text: z.string().max(LIMITS.messageText),
    files: z.array(fileRef).max(LIMITS.attachmentsPerMessage).optional(),
    mentions: z.array(hex32).max(GROUP_LIMITS.mentionsPerMessage).optional(),
  })
  .strict()

export const editContent = z
  .object({ text: z.string().min(1).max(LIMITS.messageText), mentions: z.array(hex32).max(GROUP_LIMITS.mentionsPerMessage).optional() })
  .strict()

export const reactionContent = z.object({ emoji: z.string().min(1).max(LIMITS.emoji) }).strict()

export const threadContent = z
  .object({ title: z.string().min(1).max(GROUP_LIMITS.threadTitle), text: z.string().max(LIMITS.messageText) })
  .strict()

export type ProfileContent = z.infer<typeof profileContent>
export type PostContent = z.infer<typeof postContent>
export type EditContent = z.infer<typeof editContent>
export type ReactionContent = z.infer<typeof reactionContent>
export type ThreadContent = z.infer<typeof threadContent>

/** Limits of group news content. */
export const NEWS_LIMITS = { title: POST_LIMITS.title, text: 16_000, tags: POST_LIMITS.tags, feedGuid: 1024 } as const

export const newsPostContent = z
  .object({
    title: z.string().min(1).max(NEWS_LIMITS.title),
    link: httpUrl.nullable(),
    /** Markdown. */
    text: z.string().max(NEWS_LIMITS.text),
    tags: z.array(postTag).max(NEWS_LIMITS.tags),
  })
  .strict()

export const newsFeedContent = z.object({ url: httpUrl }).strict()

/** The signed imported item and the feed's own id for it (guid / atom:id / link), which de-duplicates imports. */
export const newsImportContent = z.object({ item: signedImportedItem, guid: z.string().min(1).max(NEWS_LIMITS.feedGuid) }).strict()

export type NewsPostContent = z.infer<typeof newsPostContent>
export type NewsFeedContent = z.infer<typeof newsFeedContent>
export type NewsImportContent = z.infer<typeof newsImportContent>

/** Relays a group may have at once. */
export const RELAYS_PER_GROUP = 8

/** What a relay.add box holds: the access secret of the relay code (16 bytes, hex). */
export const relayContent = z.object({ secret: z.string().regex(/^[0-9a-f]{32}$/) }).strict()
export type RelayContent = z.infer<typeof relayContent>

/** Shared folders a group may have standing at once. */
export const FOLDERS_PER_GROUP = 32
export const FOLDER_NAME_MAX = 120

const folderKeyHex = z.string().regex(/^[0-9a-f]{64}$/)

/**
 * What a folder.create, folder.reseal or folder.rekey box holds: the folder's
 * name and its random key (32 bytes, hex) of the current generation;
 * `previous` (since folder.rekey) the keys of generations 0 … gen-1, in
 * order (absent: the folder is at generation 0).
 */
export const folderContent = z
  .object({ name: z.string().trim().min(1).max(FOLDER_NAME_MAX), key: folderKeyHex, previous: z.array(folderKeyHex).max(FOLDER_GENERATIONS - 1).optional() })
  .strict()
export type FolderContent = z.infer<typeof folderContent>
