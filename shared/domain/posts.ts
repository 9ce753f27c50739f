import { z } from 'zod'
import { LIMITS } from './people'

/**
 * Posts, reshares and imported feed items: the signed records of feeds and
 * blogs (First Person Pages). Stored and exchanged format, so version 1 is
 * frozen: fields are only ever added (as a new `v`), and every schema is
 * strict (unknown keys are refused, so nothing rides along unsigned past an
 * older validator). Signing and verification live in
 * main/core/feeds/posts/post-signing.ts; its README documents the exact bytes
 * signed, because readers outside PLANET verify them too.
 *
 * Identities are Ed25519 public keys as lowercase hex (the key of the author's
 * did:key); ids are random 16-byte hex; times are integer milliseconds since
 * the epoch, no later than the last instant RFC 3339 can write, since they
 * are exported to Atom.
 */

/** Limits shared by the UI (to say no early) and the core (to enforce). */
export const POST_LIMITS = {
  /** Characters of a post's or imported item's title. */
  title: 300,
  /** Characters of a post's markdown body. */
  body: 64_000,
  tags: 20,
  /** Characters of one tag, after normalisation. */
  tagLength: 50,
  mentions: 50,
  images: 10,
  imageName: 255,
  /** Characters of a resharer's comment. */
  comment: 2_000,
  /** Characters of an imported item's summary (plain text). */
  summary: 4_000,
  url: 2_048,
  /** Reshares of reshares: links above the original post. */
  reshareDepth: 16,
} as const

/** Where a post matters, from nearest to farthest. */
export const POST_RELEVANCE = ['street', 'neighbourhood', 'town', 'district', 'country', 'world'] as const
export const postRelevance = z.enum(POST_RELEVANCE)
export type PostRelevance = z.infer<typeof postRelevance>

/** `post`: a short feed post; `blog`: a long post of the author's blog (title required). */
export const postKind = z.enum(['post', 'blog'])
export type PostKind = z.infer<typeof postKind>

/** 9999-12-31T23:59:59.999Z: later instants have no RFC 3339 (Atom) form. */
export const MAX_POST_TIME = 253_402_300_799_999

const hex16 = z.string().regex(/^[0-9a-f]{32}$/, 'not a 16-byte hex id')
const hex32 = z.string().regex(/^[0-9a-f]{64}$/, 'not a 32-byte hex key')
const hex64 = z.string().regex(/^[0-9a-f]{128}$/, 'not a 64-byte hex signature')
const time = z.number().int().min(0).max(MAX_POST_TIME)

/**
 * Text that XML 1.0 can carry and canonical JSON encodes one way: no lone
 * surrogates (JSON.stringify would escape them, other encoders would refuse
 * them), no noncharacters U+FFFE/U+FFFF, no control characters except tab,
 * line feed and carriage return in multi-line text.
 */
const BAD_LINE_CHAR = /[\p{Cc}\p{Cs}\uFFFE\uFFFF]/u
const BAD_TEXT_CHAR = /[^\P{Cc}\t\n\r]|[\p{Cs}\uFFFE\uFFFF]/u

const line = (max: number) =>
  z
    .string()
    .max(max, `use at most ${max} characters`)
    .refine((value) => !BAD_LINE_CHAR.test(value), 'contains a control character or a broken character')
const text = (max: number) =>
  z
    .string()
    .max(max, `use at most ${max} characters`)
    .refine((value) => !BAD_TEXT_CHAR.test(value), 'contains a control character or a broken character')

/** http(s) URL without whitespace or characters that need quoting (shared/ has no URL class). */
export const httpUrl = z
  .string()
  .max(POST_LIMITS.url)
  .regex(/^https?:\/\/[^\s<>"'\\^`{|}\p{Cc}\p{Cs}]+$/iu, 'not an http(s) URL')

// ─── Tags ───────────────────────────────────────────────────────────────────

/**
 * Letters, digits, '_' and '-' — plus combining marks after the first
 * character, without which most words of Hindi, Bengali, Thai… (vowel
 * signs, viramas) and lower-cased Turkish 'İ' could not be tags.
 */
const TAG_PATTERN = /^(?=[\p{L}\p{N}_-])[\p{L}\p{M}\p{N}_-]{1,50}$/u

/**
 * One tag as people type it (`#Berlin`, ` berlin `) → its normal form
 * (`berlin`): trimmed, leading '#'s removed, Unicode NFC, lower case. Null
 * when the result is not 1–50 letters, digits, '_' or '-'. Idempotent: a
 * normal tag normalises to itself, which is what the schema checks.
 */
export function normalizeTag(raw: string): string | null {
  if (typeof raw !== 'string') return null
  const tag = raw.trim().replace(/^#+/, '').normalize('NFC').toLowerCase().normalize('NFC')
  return TAG_PATTERN.test(tag) ? tag : null
}

/** Normal forms of the valid tags, first occurrence kept, at most POST_LIMITS.tags. */
export function normalizeTags(raw: readonly string[]): string[] {
  const tags: string[] = []
  for (const item of raw) {
    const tag = normalizeTag(item)
    if (tag !== null && !tags.includes(tag)) tags.push(tag)
    if (tags.length === POST_LIMITS.tags) break
  }
  return tags
}

/** A tag field as typed: tags separated by whitespace or commas (`#food, #berlin markets`). */
export function parseTagInput(input: string): string[] {
  return normalizeTags(input.split(/[\s,]+/u))
}

export const postTag = z
  .string()
  .refine((value) => normalizeTag(value) === value, 'a tag is 1–50 lower-case letters, digits, "_" or "-", without "#"')

// ─── Posts ──────────────────────────────────────────────────────────────────

/** An image attached to a post: its bytes travel separately, named by their SHA-256. */
export const postImageRef = z
  .object({
    name: line(POST_LIMITS.imageName).min(1),
    mime: z.string().regex(/^image\/[a-z0-9][a-z0-9.+-]{0,79}$/, 'not an image type'),
    size: z.number().int().min(0).max(LIMITS.attachmentBytes),
    sha256: hex32,
  })
  .strict()

const postFields = {
  v: z.literal(1),
  id: hex16,
  /** The author's identity key (hex): the key that signs. */
  author: hex32,
  kind: postKind,
  title: line(POST_LIMITS.title),
  /** Markdown, rendered without raw HTML. */
  body: text(POST_LIMITS.body),
  /** Normal forms (normalizeTag), no repeats, in the author's order (the order is signed). */
  tags: z.array(postTag).max(POST_LIMITS.tags),
  relevance: postRelevance,
  /** Identity keys (hex) of the people mentioned, no repeats. */
  mentions: z.array(hex32).max(POST_LIMITS.mentions),
  images: z.array(postImageRef).max(POST_LIMITS.images),
  createdAt: time,
  /** Null until the author edits; an edit is the same id re-signed with a later editedAt. */
  editedAt: time.nullable(),
}

interface PostShape {
  kind: PostKind
  title: string
  body: string
  tags: string[]
  mentions: string[]
  images: unknown[]
  createdAt: number
  editedAt: number | null
}

function checkPost(post: PostShape, ctx: z.RefinementCtx): void {
  if (post.kind === 'blog' && post.title.trim() === '') ctx.addIssue({ code: 'custom', path: ['title'], message: 'a blog post needs a title' })
  if (post.title.trim() === '' && post.body.trim() === '' && post.images.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['body'], message: 'write something first' })
  }
  if (new Set(post.tags).size !== post.tags.length) ctx.addIssue({ code: 'custom', path: ['tags'], message: 'a tag is repeated' })
  if (new Set(post.mentions).size !== post.mentions.length) ctx.addIssue({ code: 'custom', path: ['mentions'], message: 'a mention is repeated' })
  if (post.editedAt !== null && post.editedAt < post.createdAt) {
    ctx.addIssue({ code: 'custom', path: ['editedAt'], message: 'edited before it was created' })
  }
}

/** A post as written, before signing. */
export const postRecord = z.object(postFields).strict().superRefine(checkPost)
/** A post with its author's signature (hex) over the canonical bytes of all other fields. */
export const signedPost = z
  .object({ ...postFields, sig: hex64 })
  .strict()
  .superRefine(checkPost)

export type PostImageRef = z.infer<typeof postImageRef>
export type PostRecord = z.infer<typeof postRecord>
export type SignedPost = z.infer<typeof signedPost>

// ─── Reshares ───────────────────────────────────────────────────────────────

/**
 * A reshare wraps what it reshares whole — the original post with its
 * signature, or another reshare — and adds the resharer's comment and
 * signature over all of it: the chain of custody, innermost = the author.
 */
export interface Reshare {
  v: 1
  original: SignedPost | Reshare
  /** The resharer's identity key (hex). */
  resharer: string
  comment: string
  at: number
  sig: string
}

/**
 * Built level by level instead of with z.lazy, so the nesting a peer can make
 * the parser walk is bounded by construction (POST_LIMITS.reshareDepth).
 */
function reshareSchemaOfDepth(depth: number): z.ZodType<Reshare> {
  let inner: z.ZodType<SignedPost | Reshare> = signedPost
  let schema: z.ZodType<Reshare> | null = null
  for (let level = 1; level <= depth; level++) {
    schema = z
      .object({ v: z.literal(1), original: inner, resharer: hex32, comment: text(POST_LIMITS.comment), at: time, sig: hex64 })
      .strict() as z.ZodType<Reshare>
    inner = z.union([signedPost, schema])
  }
  if (schema === null) throw new RangeError('a reshare has at least one level')
  return schema
}

export const reshare: z.ZodType<Reshare> = reshareSchemaOfDepth(POST_LIMITS.reshareDepth)

/**
 * One link of a chain on its own: its fields checked, its `original` only
 * required to be an object. Lets a verifier judge each link separately and
 * show where a chain breaks.
 */
export const reshareLink = z
  .object({
    v: z.literal(1),
    original: z.record(z.string(), z.unknown()),
    resharer: hex32,
    comment: text(POST_LIMITS.comment),
    at: time,
    sig: hex64,
  })
  .strict()
/** A reshare without its own signature yet. */
export type ReshareRecord = Omit<Reshare, 'sig'>

// ─── Imported feed items ────────────────────────────────────────────────────

const importedItemFields = {
  v: z.literal(1),
  /** The RSS/Atom feed the item came from. */
  sourceUrl: httpUrl,
  title: line(POST_LIMITS.title),
  /** The item's own page. */
  link: httpUrl,
  /** Plain text (markup stripped by the importer). */
  summary: text(POST_LIMITS.summary),
  /** The feed's date for the item, when it gave one. */
  publishedAt: time.nullable(),
  /** The member who imported it (identity key, hex): theirs is the signature. */
  importer: hex32,
  importedAt: time,
}

export const importedItemRecord = z.object(importedItemFields).strict()
export const signedImportedItem = z.object({ ...importedItemFields, sig: hex64 }).strict()

export type ImportedItemRecord = z.infer<typeof importedItemRecord>
export type SignedImportedItem = z.infer<typeof signedImportedItem>

// ─── Deletion ───────────────────────────────────────────────────────────────

/** The author withdraws a post: peers drop it (and reshares of it show it as deleted). */
export const postDeletionRecord = z.object({ v: z.literal(1), id: hex16, author: hex32, deletedAt: time }).strict()
export const signedPostDeletion = z.object({ v: z.literal(1), id: hex16, author: hex32, deletedAt: time, sig: hex64 }).strict()

export type PostDeletionRecord = z.infer<typeof postDeletionRecord>
export type SignedPostDeletion = z.infer<typeof signedPostDeletion>

// ─── Comments ───────────────────────────────────────────────────────────────

/**
 * A comment on a post (or a reply to a comment on it), written in the
 * commenter's own personal log and signed with their DID. The post's author
 * answers with a comment of their own: there is no separate reply record.
 */
export const commentRecord = z
  .object({
    v: z.literal(1),
    id: hex16,
    /** The commenter's identity key (hex): the key that signs. */
    author: hex32,
    /** The post: its author and id. */
    postAuthor: hex32,
    postId: hex16,
    /** The comment this one answers, or null for a comment on the post itself. */
    replyTo: hex16.nullable(),
    body: text(POST_LIMITS.comment).refine((value) => value.trim() !== '', 'write something first'),
    createdAt: time,
  })
  .strict()
export const signedComment = commentRecord.extend({ sig: hex64 }).strict()

export type CommentRecord = z.infer<typeof commentRecord>
export type SignedComment = z.infer<typeof signedComment>
