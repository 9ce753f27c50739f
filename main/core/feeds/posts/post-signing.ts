import { ed25519 } from '@noble/curves/ed25519.js'
import type { z } from 'zod'
import type {
  CommentRecord,
  ImportedItemRecord,
  PostDeletionRecord,
  PostRecord,
  Reshare,
  SignedComment,
  SignedImportedItem,
  SignedPost,
  SignedPostDeletion,
} from '../../../../shared/domain/posts'
import {
  POST_LIMITS,
  commentRecord,
  importedItemRecord,
  postDeletionRecord,
  postRecord,
  reshare as reshareSchema,
  reshareLink,
  signedComment,
  signedImportedItem,
  signedPost,
  signedPostDeletion,
} from '../../../../shared/domain/posts'
import { publicKeyToDid, sign, verify } from '../../identity/signing'
import { canonicalJsonBytes } from './canonical-json'

/**
 * Signing and verifying posts, reshare chains, imported feed items and
 * deletions. What is signed (README.md, "Signed bytes"):
 *
 *     message = domain line ‖ canonicalJson(record without its "sig" member)
 *
 * Each record kind has its own domain line, so a signature made for one kind
 * can never be passed off as another (as in spaces/certs.ts). Verification is
 * strict RFC 8032 Ed25519 (identity/signing.ts) and never throws: input from
 * peers gets a verdict, never an exception.
 */
export const POST_DOMAIN = 'planet/post/v1\n'
export const RESHARE_DOMAIN = 'planet/reshare/v1\n'
export const IMPORT_DOMAIN = 'planet/import/v1\n'
export const POST_DELETION_DOMAIN = 'planet/post-delete/v1\n'
export const COMMENT_DOMAIN = 'planet/comment/v1\n'

/** Why a record does not verify: it does not parse, or the signature does not hold. */
export type SignatureProblem = 'MALFORMED' | 'BAD_SIGNATURE'

export type Verdict<T> = { ok: true; record: T } | { ok: false; problem: SignatureProblem }

/** An Ed25519 key pair (identity/derivation.ts `KeyPair`): 32-byte public key and 32-byte secret. */
export interface SigningKeys {
  publicKey: Uint8Array
  secretKey: Uint8Array
}

// ─── Bytes ──────────────────────────────────────────────────────────────────

/** domain ‖ canonical JSON of the record without `sig`; null if the record is not canonical JSON. */
function messageOrNull(domain: string, record: object): Buffer | null {
  const { sig: _sig, ...unsigned } = record as Record<string, unknown>
  const json = canonicalJsonBytes(unsigned)
  return json === null ? null : Buffer.concat([Buffer.from(domain, 'utf8'), json])
}

function message(domain: string, record: object): Buffer {
  const bytes = messageOrNull(domain, record)
  if (bytes === null) throw new TypeError('the record is not canonical JSON')
  return bytes
}

/** The exact bytes a post's signature covers (its `sig`, if present, is left out). */
export function postSigningBytes(post: PostRecord | SignedPost): Buffer {
  return message(POST_DOMAIN, post)
}

/** The exact bytes a reshare's signature covers: the whole original, signatures included. */
export function reshareSigningBytes(record: Omit<Reshare, 'sig'> | Reshare): Buffer {
  return message(RESHARE_DOMAIN, record)
}

export function importSigningBytes(item: ImportedItemRecord | SignedImportedItem): Buffer {
  return message(IMPORT_DOMAIN, item)
}

export function postDeletionSigningBytes(record: PostDeletionRecord | SignedPostDeletion): Buffer {
  return message(POST_DELETION_DOMAIN, record)
}

// ─── Shared machinery ───────────────────────────────────────────────────────

const HEX32 = /^[0-9a-f]{64}$/

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex')
}

/** Our own records: refuse to sign in a name the key does not hold. */
function assertSignerIs(identityHex: string, secretKey: Uint8Array): void {
  if (!(secretKey instanceof Uint8Array) || secretKey.length !== 32) throw new TypeError('an Ed25519 secret key is 32 bytes')
  if (hex(ed25519.getPublicKey(secretKey)) !== identityHex) throw new TypeError('the secret key does not belong to the signer named in the record')
}

function signRecord<T extends object>(domain: string, record: T, signerHex: string, secretKey: Uint8Array): T & { sig: string } {
  assertSignerIs(signerHex, secretKey)
  return { ...record, sig: hex(sign(message(domain, record), secretKey)) }
}

function checkSignature(domain: string, record: object & { sig: string }, signerHex: string): boolean {
  const bytes = messageOrNull(domain, record)
  if (bytes === null || !HEX32.test(signerHex)) return false
  return verify(Buffer.from(record.sig, 'hex'), bytes, Buffer.from(signerHex, 'hex'))
}

function verifyWith<T extends { sig: string }>(value: unknown, schema: z.ZodType<T>, domain: string, signerOf: (record: T) => string): Verdict<T> {
  try {
    const parsed = schema.safeParse(value)
    if (!parsed.success) return { ok: false, problem: 'MALFORMED' }
    if (!checkSignature(domain, parsed.data, signerOf(parsed.data))) return { ok: false, problem: 'BAD_SIGNATURE' }
    return { ok: true, record: parsed.data }
  } catch {
    // Only a hostile in-process object (a throwing getter, a proxy) gets here: JSON cannot.
    return { ok: false, problem: 'MALFORMED' }
  }
}

// ─── Posts ──────────────────────────────────────────────────────────────────

/** Sign a post as its author. Throws (a ZodError or TypeError) on our own invalid record or a key that is not the author's. */
export function signPost(record: PostRecord, identitySecretKey: Uint8Array): SignedPost {
  const post = postRecord.parse(record)
  return signRecord(POST_DOMAIN, post, post.author, identitySecretKey)
}

export function verifyPost(value: unknown): Verdict<SignedPost> {
  return verifyWith(value, signedPost, POST_DOMAIN, (post) => post.author)
}

/** What an edit may change; id, author, kind and createdAt stay. */
export type PostChanges = Partial<Pick<PostRecord, 'title' | 'body' | 'tags' | 'relevance' | 'mentions' | 'images'>>

/** The author's edit: the same post re-signed with the changes and `editedAt`. */
export function editPost(previous: SignedPost, changes: PostChanges, editedAt: number, identitySecretKey: Uint8Array): SignedPost {
  const { sig: _sig, ...record } = previous
  const picked: PostChanges = {}
  for (const key of ['title', 'body', 'tags', 'relevance', 'mentions', 'images'] as const) {
    if (changes[key] !== undefined) Object.assign(picked, { [key]: changes[key] })
  }
  return signPost({ ...record, ...picked, editedAt }, identitySecretKey)
}

/** When a version of a post was written: its edit time, else its creation time. */
export function postVersionTime(post: Pick<SignedPost, 'createdAt' | 'editedAt'>): number {
  return post.editedAt ?? post.createdAt
}

/**
 * Whether `next` may replace `previous` (both already verified): the same
 * post (id, author, kind, creation time) in a strictly later version. An
 * older or equal version, or anyone else's record with the same id, is not.
 */
export function isLaterEdit(previous: SignedPost, next: SignedPost): boolean {
  return (
    next.id === previous.id &&
    next.author === previous.author &&
    next.kind === previous.kind &&
    next.createdAt === previous.createdAt &&
    next.editedAt !== null &&
    next.editedAt > postVersionTime(previous)
  )
}

// ─── Deletions ──────────────────────────────────────────────────────────────

export function signPostDeletion(record: PostDeletionRecord, identitySecretKey: Uint8Array): SignedPostDeletion {
  const deletion = postDeletionRecord.parse(record)
  return signRecord(POST_DELETION_DOMAIN, deletion, deletion.author, identitySecretKey)
}

export function verifyPostDeletion(value: unknown): Verdict<SignedPostDeletion> {
  return verifyWith(value, signedPostDeletion, POST_DELETION_DOMAIN, (deletion) => deletion.author)
}

/** A verified deletion withdraws a post only when it is the author's own and names that post. */
export function deletionApplies(deletion: SignedPostDeletion, post: SignedPost): boolean {
  return deletion.id === post.id && deletion.author === post.author
}

// ─── Reshares ───────────────────────────────────────────────────────────────

export interface ChainLink {
  /** 0 = the original post's author; 1, 2, … = resharers from the innermost out. */
  position: number
  role: 'author' | 'resharer'
  /** The identity key (hex) the link names as its signer, if it names one. */
  identity: string | null
  /** did:key of `identity`, to show and to compare with contacts. */
  did: string | null
  ok: boolean
  problem: SignatureProblem | null
}

export interface ChainVerdict {
  /** Every link parses and every signature holds. */
  ok: boolean
  /** One verdict per link, innermost (the author) first. */
  links: ChainLink[]
  /** Position of the innermost failing link (where the chain breaks), or null. */
  brokenAt: number | null
  /** The chain could not be walked: not a reshare, or nested deeper than POST_LIMITS.reshareDepth. */
  problem: 'MALFORMED' | 'TOO_DEEP' | null
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isReshareShaped(value: unknown): value is Record<string, unknown> & { original: unknown } {
  return isRecord(value) && Object.hasOwn(value, 'original')
}

function linkOf(position: number, role: ChainLink['role'], identity: unknown, problem: SignatureProblem | null): ChainLink {
  const key = typeof identity === 'string' && HEX32.test(identity) ? identity : null
  return { position, role, identity: key, did: key === null ? null : publicKeyToDid(Buffer.from(key, 'hex')), ok: problem === null, problem }
}

/**
 * Verify a reshare chain link by link. Each link is judged on its own: its
 * fields, and its signer's signature over exactly what it wrapped. Tampering
 * with a link breaks that link and every link outside it (they signed what
 * it was), so `brokenAt` — the innermost failure — is where custody was lost.
 */
export function verifyChain(value: unknown): ChainVerdict {
  try {
    const layers: Array<Record<string, unknown> & { original: unknown }> = []
    let current: unknown = value
    while (isReshareShaped(current)) {
      if (layers.length === POST_LIMITS.reshareDepth) return { ok: false, links: [], brokenAt: null, problem: 'TOO_DEEP' }
      layers.push(current)
      current = current.original
    }
    if (layers.length === 0) return { ok: false, links: [], brokenAt: null, problem: 'MALFORMED' }

    const author = verifyPost(current)
    const links: ChainLink[] = [linkOf(0, 'author', isRecord(current) ? current.author : null, author.ok ? null : author.problem)]
    for (let index = layers.length - 1; index >= 0; index--) {
      const layer = layers[index] as Record<string, unknown>
      const position = layers.length - index
      const parsed = reshareLink.safeParse(layer)
      let problem: SignatureProblem | null = null
      if (!parsed.success) problem = 'MALFORMED'
      else if (messageOrNull(RESHARE_DOMAIN, layer) === null) problem = 'MALFORMED'
      else if (!checkSignature(RESHARE_DOMAIN, { ...layer, sig: parsed.data.sig }, parsed.data.resharer)) problem = 'BAD_SIGNATURE'
      links.push(linkOf(position, 'resharer', layer.resharer, problem))
    }
    const broken = links.find((link) => !link.ok)
    return { ok: broken === undefined, links, brokenAt: broken?.position ?? null, problem: null }
  } catch {
    return { ok: false, links: [], brokenAt: null, problem: 'MALFORMED' }
  }
}

/** The post at the heart of a chain (call after verifyChain said ok). */
export function chainOriginal(chain: Reshare): SignedPost {
  let current: SignedPost | Reshare = chain
  while ('original' in current) current = current.original
  return current
}

/**
 * Reshare a post (or a reshare) with a comment: the original goes in whole,
 * signatures and all, and the resharer signs over it. Refuses to reshare
 * something that does not verify, or a chain already at the depth limit.
 */
export function reshare(original: SignedPost | Reshare, resharer: SigningKeys, comment: string, at: number): Reshare {
  const inner = isReshareShaped(original) ? verifyChain(original).ok : verifyPost(original).ok
  if (!inner) throw new TypeError('only a post or reshare that verifies can be reshared')
  const record = { v: 1 as const, original, resharer: hex(resharer.publicKey), comment, at }
  const signed = signRecord(RESHARE_DOMAIN, record, record.resharer, resharer.secretKey)
  const parsed = reshareSchema.safeParse(signed)
  if (!parsed.success) throw new TypeError(`not a valid reshare: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
  return parsed.data
}

// ─── Imported feed items ────────────────────────────────────────────────────

/** The importing member signs what they imported and where from. */
export function signImport(item: ImportedItemRecord, importerSecretKey: Uint8Array): SignedImportedItem {
  const record = importedItemRecord.parse(item)
  return signRecord(IMPORT_DOMAIN, record, record.importer, importerSecretKey)
}

export function verifyImport(value: unknown): Verdict<SignedImportedItem> {
  return verifyWith(value, signedImportedItem, IMPORT_DOMAIN, (item) => item.importer)
}

// ─── Comments ───────────────────────────────────────────────────────────────

export function commentSigningBytes(record: CommentRecord | SignedComment): Buffer {
  return message(COMMENT_DOMAIN, record)
}

/** Sign a comment as its author. Throws on our own invalid record or a key that is not the author's. */
export function signComment(record: CommentRecord, identitySecretKey: Uint8Array): SignedComment {
  const comment = commentRecord.parse(record)
  return signRecord(COMMENT_DOMAIN, comment, comment.author, identitySecretKey)
}

export function verifyComment(value: unknown): Verdict<SignedComment> {
  return verifyWith(value, signedComment, COMMENT_DOMAIN, (comment) => comment.author)
}
