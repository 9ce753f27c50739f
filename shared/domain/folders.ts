import { z } from 'zod'

/**
 * Shared folders: the record each member device writes, per path, into its
 * own Hyperdrive (as the entry's `metadata`), and the values the folder engine
 * reports. The merge rules live in main/core/folders (README there).
 *
 * Stored format: fields are only ever added (readers ignore unknown ones).
 */

const hex64 = z.string().regex(/^[0-9a-f]{64}$/)
const uint = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER)

/** A member device inside a folder is known by its drive key (hex). */
export const folderDeviceId = hex64

/** Where a blob lies in a drive's blobs core (hyperblobs id). */
export const folderBlobId = z.object({
  blockOffset: uint,
  blockLength: uint,
  byteOffset: uint,
  byteLength: uint,
  blockMap: z.boolean().optional(),
})
export type FolderBlobId = z.infer<typeof folderBlobId>

/** At most this many devices in one version vector: a peer cannot make us merge huge maps. */
export const MAX_VECTOR_DEVICES = 1000

/** Device → number of edits of this path by that device that this version has seen. */
export const versionVector = z
  .record(hex64, z.number().int().positive().max(Number.MAX_SAFE_INTEGER))
  .refine((v) => Object.keys(v).length > 0 && Object.keys(v).length <= MAX_VECTOR_DEVICES, 'bad vector size')
export type VersionVector = z.infer<typeof versionVector>

export const FOLDER_RECORD_VERSION = 1

/**
 * One version of one path, as a member device announces it in its drive.
 * `hash` (SHA-256 of the content, hex) is null exactly when `deleted` (a tombstone).
 * `author`/`time` say who made this content and when (the author's clock); a
 * record that adopts or moves someone else's version keeps them. `src` points at
 * the content in another member's drive when this entry carries no blob itself.
 */
export const folderRecord = z
  .object({
    v: z.literal(FOLDER_RECORD_VERSION),
    vv: versionVector,
    deleted: z.boolean(),
    hash: hex64.nullable(),
    size: uint,
    mtime: uint,
    time: uint,
    author: hex64,
    src: z.object({ drive: hex64, blob: folderBlobId }).nullable(),
  })
  .refine((r) => (r.deleted ? r.hash === null && r.src === null : r.hash !== null), 'hash must be null exactly for tombstones')
export type FolderRecord = z.infer<typeof folderRecord>

/** Why a path (from a peer, or found on this disk) is not synced. Stable codes: the UI maps them to words. */
export const folderRefusalReason = z.enum([
  'empty',
  'not-normalized',
  'absolute',
  'dot-segment',
  'parent-segment',
  'empty-segment',
  'backslash',
  'nul',
  'control-char',
  'drive-letter',
  'windows-char',
  'reserved-name',
  'trailing-dot-or-space',
  'component-too-long',
  'path-too-long',
  'internal-name',
  'symlink',
  'symlink-in-path',
  'outside-folder',
  'not-a-directory',
  'not-a-file',
  'case-collision',
  'too-large',
  'bad-record',
  'content-mismatch',
  'unknown-source',
])
export type FolderRefusalReason = z.infer<typeof folderRefusalReason>

/** The marker a conflict copy's name carries (main/core/folders/conflict-name.ts makes it): `.sync-conflict-YYYYMMDD-HHMMSS-DEVICE`. */
const CONFLICT_MARKER = /\.sync-conflict-\d{8}-\d{6}-[A-Z2-7]{7}/

/** Does this path name a conflict copy (the marker in its last name, before the extension if any)? */
export function isConflictCopy(path: string): boolean {
  return new RegExp(`${CONFLICT_MARKER.source}(\\.[^/]*)?$`).test(path)
}

/** The path a conflict copy was made for (its name without the marker). */
export function conflictOriginalPath(copyPath: string): string {
  return copyPath.replace(CONFLICT_MARKER, '')
}

/** Limits of putting files into a shared folder from the app (upload) and reading them back (download). */
export const FOLDER_TRANSFER_LIMITS = {
  /** Bytes of one uploaded file: larger ones are refused before any byte moves. */
  uploadBytes: 2 * 1024 * 1024 * 1024,
  /** Bytes per folders.uploadChunk call (before base64). */
  chunkBytes: 512 * 1024,
  /** Bytes per folders.readFile answer (before base64). */
  readBytes: 1024 * 1024,
  /** Unfinished uploads at once per device. */
  openUploads: 8,
} as const

/** The per-folder status line: up to date, syncing N files (with bytes), paused, or an error with its reason. */
export const folderStatus = z.object({
  state: z.enum(['up-to-date', 'syncing', 'paused', 'error']),
  /** Files waiting to be published or written to disk. */
  pending: uint,
  bytesTotal: uint,
  bytesDone: uint,
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
})
export type FolderStatus = z.infer<typeof folderStatus>

/** One version of a file in its history, from any member. `id` is what `restore` takes. */
export const folderVersion = z.object({
  id: z.string(),
  author: hex64,
  time: uint,
  size: uint,
  deleted: z.boolean(),
  hash: hex64.nullable(),
})
export type FolderVersion = z.infer<typeof folderVersion>
