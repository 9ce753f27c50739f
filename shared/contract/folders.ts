import { z } from 'zod'
import { command, event, query } from './define'
import { contactId, shortId } from '../domain/people'
import { groupId } from '../domain/groups'
import { FOLDER_NAME_MAX } from '../domain/group-ops'
import { FOLDER_TRANSFER_LIMITS, folderStatus, folderVersion } from '../domain/folders'

/** A shared folder's id (the `folder` of its folder.create op). */
export const folderId = z.string().regex(/^[0-9a-f]{32}$/, 'not a folder id')
/** A path inside a folder, as `folders.listFiles` gives it: relative, `/`-separated. */
const folderPath = z.string().min(1, 'a path').max(1024, 'at most 1024 characters')
/** An absolute directory on this device. Checked further by `folders.bind`. */
const localDir = z.string().trim().min(1, 'choose a directory').max(4096, 'at most 4096 characters')
const ref = { groupId, folderId }

/** Who made a version: the member who announced the drive it came from, former members included (null: a drive nobody announced for this folder). */
const folderAuthor = {
  authorIdentity: contactId.nullable(),
  /** Their display name ("You" is for the UI to decide), or a short drive id when unknown. */
  authorName: z.string(),
}

/**
 * One shared folder of a group, as this device sees it.
 * - `available`: this device holds the key of the epoch the folder's key was
 *   sealed in. Without it (joined after a rotation that followed the folder's
 *   creation) the folder cannot be opened here.
 * - `dir`, `paused`, `selected`: this device's own binding (a local setting,
 *   never shared); `dir` null = not on this disk (the folder still merges).
 * - `status`: the engine's status line, null while it opens or when unavailable.
 */
export const sharedFolder = z.object({
  groupId,
  id: folderId,
  name: z.string(),
  createdBy: contactId,
  available: z.boolean(),
  dir: z.string().nullable(),
  paused: z.boolean(),
  selected: z.array(z.string()).nullable(),
  status: folderStatus.nullable(),
  conflicts: z.number().int().min(0),
  /** Members whose devices announced a drive for this folder (me included). */
  devices: z.number().int().min(0),
})

export const folderFile = z.object({
  path: z.string(),
  size: z.number().int().min(0),
  mtime: z.number().int().min(0),
  time: z.number().int().min(0),
  /** The drive key (hex) of the device that made this version. */
  author: z.string(),
  hash: z.string(),
  ...folderAuthor,
})

/** One version of a file in its history, with its author's name. */
export const folderVersionView = folderVersion.extend(folderAuthor)

/** A file whose newest version is a deletion: what "Deleted files" lists, to restore from its history. */
export const folderDeletedFile = z.object({
  path: z.string(),
  /** When it was deleted (the deleting device's clock). */
  time: z.number().int().min(0),
  /** The drive key (hex) of the device that deleted it. */
  author: z.string(),
  ...folderAuthor,
})

export const folderConflict = z.object({ path: z.string(), copyPath: z.string(), author: z.string(), time: z.number().int().min(0) })

export const folderMethods = {
  /** The group's shared folders (members). */
  'folders.list': query(z.object({ groupId }), z.array(sharedFolder)),
  /**
   * Create a shared folder (admins, working and trading groups). Its key is
   * random and sealed to the members. Errors: GROUP_FORBIDDEN, FOLDER_WRONG_MODE, FOLDER_LIMIT.
   */
  'folders.create': command(z.object({ groupId, name: z.string().trim().min(1, 'give the folder a name').max(FOLDER_NAME_MAX, `at most ${FOLDER_NAME_MAX} characters`) }), sharedFolder),
  /** Remove a shared folder from the group (admins). Files stay on every disk. Errors: FOLDER_NOT_FOUND. */
  'folders.remove': command(z.object(ref), z.object({})),
  /**
   * Keep the folder in `dir` on this device: an absolute path that exists or
   * can be created, outside PLANET's data directory (and not overlapping
   * another bound folder). A folder this device cannot open yet keeps the
   * binding for when it can. Errors: FOLDER_BAD_DIR, FOLDER_NOT_FOUND.
   */
  'folders.bind': command(z.object({ ...ref, dir: localDir }), sharedFolder),
  /** Stop keeping the folder on this disk (the files already there stay). */
  'folders.unbind': command(z.object(ref), sharedFolder),
  /** Stop publishing and writing on this device (drives keep replicating). */
  'folders.pause': command(z.object(ref), sharedFolder),
  'folders.resume': command(z.object(ref), sharedFolder),
  /** Keep only these subfolders on this device; null keeps everything. */
  'folders.setSelected': command(z.object({ ...ref, selected: z.array(folderPath).max(200).nullable() }), sharedFolder),
  /** The folder's live files as merged from every member. */
  'folders.listFiles': query(z.object(ref), z.array(folderFile)),
  /** Files deleted from the folder (their newest version is a deletion), newest deletion first; each can be restored from folders.history. */
  'folders.listDeleted': query(z.object(ref), z.array(folderDeletedFile)),
  /** Every version of a file any member still holds, newest first. Errors: FOLDER_BAD_PATH. */
  'folders.history': query(z.object({ ...ref, path: folderPath }), z.array(folderVersionView)),
  /** Make an old version the newest one, on every member. Errors: FOLDER_NO_SUCH_VERSION, FOLDER_BAD_PATH. */
  'folders.restore': command(z.object({ ...ref, path: folderPath, versionId: z.string().min(1).max(200) }), z.object({})),
  /**
   * Put a file into the folder from the app (picker or drag-and-drop; the way
   * in browser mode), at `path`. Its bytes follow with folders.uploadChunk and
   * folders.finishUpload publishes it from this device's drive to every member
   * (and writes it into the bound directory, if any). A file already at `path`
   * gets a new version; the old one stays in its history. Refused before any
   * byte moves when over FOLDER_TRANSFER_LIMITS.uploadBytes or the folder's size
   * limit, for a path the folder refuses, or a path that is a folder.
   * Errors: FOLDER_NOT_FOUND, FOLDER_UNAVAILABLE, FOLDER_BAD_PATH, FOLDER_TOO_LARGE, FOLDER_PAUSED, VAULT_BUSY (too many unfinished uploads).
   */
  'folders.startUpload': command(
    z.object({ ...ref, path: folderPath, size: z.number().int().min(0) }),
    z.object({ uploadId: shortId, chunkBytes: z.number().int() }),
  ),
  /** The next chunk of an upload, in order, base64 (at most `chunkBytes` bytes); streamed to disk, never held whole. Errors: UPLOAD_NOT_FOUND, INVALID_INPUT (wrong offset, too long). */
  'folders.uploadChunk': command(
    z.object({ uploadId: shortId, offset: z.number().int().min(0), data: z.string().max(Math.ceil((FOLDER_TRANSFER_LIMITS.chunkBytes * 4) / 3) + 4) }),
    z.object({ received: z.number().int() }),
  ),
  /** Every byte arrived: publish the file. Errors: UPLOAD_NOT_FOUND, UPLOAD_INCOMPLETE, FOLDER_NOT_FOUND (removed meanwhile). The upload is dropped on failure. */
  'folders.finishUpload': command(z.object({ uploadId: shortId }), folderFile),
  /** Give up an upload; its bytes are erased. Idempotent. */
  'folders.cancelUpload': command(z.object({ uploadId: shortId }), z.object({})),
  /**
   * Read part of a file (download), base64, with the file's size: the current
   * version, or `versionId` from folders.history. Blocks not yet on this device
   * are fetched from the members who hold them.
   * Errors: FOLDER_BAD_PATH, FOLDER_NO_SUCH_FILE, FOLDER_NO_SUCH_VERSION, FOLDER_NOT_SYNCED (no member online holds the blocks).
   */
  'folders.readFile': query(
    z.object({
      ...ref,
      path: folderPath,
      versionId: z.string().min(1).max(200).optional(),
      offset: z.number().int().min(0).default(0),
      length: z.number().int().min(1).max(FOLDER_TRANSFER_LIMITS.readBytes).default(FOLDER_TRANSFER_LIMITS.readBytes),
    }),
    z.object({ data: z.string(), done: z.boolean(), size: z.number().int() }),
  ),
  /** Delete a file on every member (a tombstone; its versions stay in history, so it can be restored). Errors: FOLDER_BAD_PATH, FOLDER_NO_SUCH_FILE, FOLDER_PAUSED. */
  'folders.deleteFile': command(z.object({ ...ref, path: folderPath }), z.object({})),
  /** Conflict copies in the folder and the path each belongs to. */
  'folders.conflicts': query(z.object(ref), z.array(folderConflict)),
} as const

export const folderEvents = {
  /** A group's folders, a binding or a folder's status changed. */
  'folders.onFoldersChanged': event(z.object({ groupId })),
} as const
