import { z } from 'zod'
import { reshare, signedComment, signedPost, signedPostDeletion } from './posts'

/**
 * The entries of a personal log: the hypercore each identity publishes its
 * posts, blog, comments and public follows on (main/core/feeds/README.md).
 * Stored format: a new entry type is a new `t`, fields are only ever added,
 * and every schema is strict. One entry per block, JSON.
 *
 * Posts, deletions, comments and reshares carry their own DID signature, because they
 * travel on (reshares, blog exports, the post author's comment thread).
 * Follows do not: the log is single-writer, its blocks are signed by the
 * device the owner announced in a signed DM op, so a reader already knows
 * who wrote them.
 */

/** Bytes of one entry: a post's body of 64,000 characters fits in UTF-8, with room for JSON escapes. */
export const LOG_ENTRY_MAX_BYTES = 512 * 1024

const hex32 = z.string().regex(/^[0-9a-f]{64}$/, 'not a 32-byte hex key')

export const logEntry = z.discriminatedUnion('t', [
  /** A new post, or a later version of one (same id, later editedAt). */
  z.object({ t: z.literal('post'), post: signedPost }).strict(),
  z.object({ t: z.literal('post.delete'), deletion: signedPostDeletion }).strict(),
  z.object({ t: z.literal('comment'), comment: signedComment }).strict(),
  /** A reshare: the original (post or reshare) whole, with the owner's comment and signature around it. */
  z.object({ t: z.literal('reshare'), reshare }).strict(),
  /** I follow (on) or stopped following (off) someone, publicly: contacts read it for "their contacts". */
  z.object({ t: z.literal('follow'), author: hex32, on: z.boolean(), at: z.number().int().min(0) }).strict(),
])
export type LogEntry = z.infer<typeof logEntry>
