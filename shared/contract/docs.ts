import { z } from 'zod'
import { command, event, query } from './define'
import { DOCS_LIMITS } from '../domain/docs'
import { shortId } from '../domain/people'

/**
 * My docs: private files and folders in this device's own encrypted drive.
 * Paths are relative and '/'-separated ('' is the root; shared/domain/docs.ts
 * has the rules). The core checks every path and name and answers
 * DOCS_INVALID_NAME with the reason; strings here are only bounded.
 */
const path = z.string().max(4 * DOCS_LIMITS.pathBytes)
// Bounded loosely: the core answers a too-long name with DOCS_INVALID_NAME and the reason.
const name = z.string().max(4 * DOCS_LIMITS.nameBytes)

export const docEntry = z.object({
  name: z.string(),
  /** Its path from the root, e.g. 'Projects/report.pdf'. */
  path: z.string(),
  kind: z.enum(['file', 'folder']),
  /** Bytes; 0 for a folder. */
  size: z.number().int().min(0),
  /** The recorded media type; '' for a folder. */
  mime: z.string(),
  /** When its content was stored (a folder: when it was made), ms since the epoch; null when unknown. */
  modified: z.number().int().nullable(),
})

export const docMethods = {
  /**
   * What a folder holds, folders first, then by name. Errors: DOCS_INVALID_NAME,
   * DOCS_NOT_FOUND, DOCS_NOT_A_FOLDER (the path is a file), DOCS_NOT_READY.
   */
  'docs.list': query(z.object({ folder: path.default('') }), z.object({ folder: z.string(), entries: z.array(docEntry) })),
  /** Every folder's path, sorted ('' for the root first): where an item can be moved. */
  'docs.listFolders': query(z.object({}), z.array(z.string())),
  /** One file or folder. Errors: DOCS_INVALID_NAME, DOCS_NOT_FOUND. */
  'docs.stat': query(z.object({ path }), docEntry),
  /** Make a folder inside `folder`. Errors: DOCS_INVALID_NAME, DOCS_EXISTS, DOCS_NOT_FOUND (the parent). */
  'docs.createFolder': command(z.object({ folder: path.default(''), name }), docEntry),
  /**
   * Begin storing a file in `folder`; its bytes follow with docs.uploadChunk and
   * docs.finishUpload stores it. Refused before any byte moves when it is over
   * DOCS_LIMITS.fileBytes or the name is taken (`onConflict: 'refuse'`, the
   * default); 'keepBoth' stores it as "name (2).ext" instead.
   * Errors: DOCS_TOO_LARGE, DOCS_INVALID_NAME, DOCS_EXISTS, DOCS_NOT_FOUND, DOCS_NOT_A_FOLDER, VAULT_BUSY (too many unfinished uploads).
   */
  'docs.startUpload': command(
    z.object({
      folder: path.default(''),
      name,
      size: z.number().int().min(0),
      mime: z.string().max(255).default('application/octet-stream'),
      onConflict: z.enum(['refuse', 'keepBoth']).default('refuse'),
    }),
    z.object({ uploadId: shortId, chunkBytes: z.number().int() }),
  ),
  /**
   * The next chunk of an upload, in order, base64 (at most `chunkBytes` bytes).
   * It is encrypted and written to the drive at once: nothing is held in memory.
   * Errors: UPLOAD_NOT_FOUND (expired or never started), INVALID_INPUT (wrong offset, too long).
   */
  'docs.uploadChunk': command(
    z.object({ uploadId: shortId, offset: z.number().int().min(0), data: z.string().max(Math.ceil((DOCS_LIMITS.chunkBytes * 4) / 3) + 4) }),
    z.object({ received: z.number().int() }),
  ),
  /**
   * Every byte arrived: store the file under its name. Errors: UPLOAD_NOT_FOUND,
   * UPLOAD_INCOMPLETE, DOCS_EXISTS (the name was taken meanwhile, with 'refuse'),
   * DOCS_NOT_FOUND (the folder was deleted meanwhile). The upload is dropped on failure.
   */
  'docs.finishUpload': command(z.object({ uploadId: shortId }), docEntry),
  /** Give up an upload; its bytes are erased. Idempotent. */
  'docs.cancelUpload': command(z.object({ uploadId: shortId }), z.object({})),
  /**
   * Rename a file or folder where it is. Only the case may change (“report” →
   * “Report”); another item with the name is DOCS_EXISTS, never overwritten.
   * Errors: DOCS_INVALID_NAME, DOCS_NOT_FOUND, DOCS_EXISTS.
   */
  'docs.rename': command(z.object({ path, name }), docEntry),
  /**
   * Move a file or folder (with everything in it) into another folder, keeping
   * its name. Errors: DOCS_NOT_FOUND, DOCS_NOT_A_FOLDER, DOCS_EXISTS,
   * DOCS_INVALID_MOVE (a folder into itself or its own subfolder).
   */
  'docs.move': command(z.object({ path, toFolder: path }), docEntry),
  /** Delete a file, or a folder with everything in it; the bytes are erased from this device. Errors: DOCS_NOT_FOUND, DOCS_INVALID_NAME. */
  'docs.delete': command(z.object({ path }), z.object({ files: z.number().int(), folders: z.number().int() })),
  /** Read part of a file, base64 (for download and preview), with the file's size. Errors: DOCS_INVALID_NAME, DOCS_NOT_FOUND (also for a folder). */
  'docs.readFile': query(
    z.object({ path, offset: z.number().int().min(0).default(0), length: z.number().int().min(1).max(DOCS_LIMITS.readBytes).default(DOCS_LIMITS.readBytes) }),
    z.object({ data: z.string(), done: z.boolean(), size: z.number().int() }),
  ),
} as const

export const docEvents = {
  /** Something in My docs changed (from this or another window): lists refetch. */
  'docs.onDocsChanged': event(z.object({ folder: z.string() })),
} as const
