import { z } from 'zod'
import { command, event, query } from './define'
import { contactId } from '../domain/people'
import { groupId } from '../domain/groups'
import { FOLDER_NAME_MAX } from '../domain/group-ops'
import { folderStatus, folderVersion } from '../domain/folders'

/** A shared folder's id (the `folder` of its folder.create op). */
export const folderId = z.string().regex(/^[0-9a-f]{32}$/, 'not a folder id')
/** A path inside a folder, as `folders.listFiles` gives it: relative, `/`-separated. */
const folderPath = z.string().min(1, 'a path').max(1024, 'at most 1024 characters')
/** An absolute directory on this device. Checked further by `folders.bind`. */
const localDir = z.string().trim().min(1, 'choose a directory').max(4096, 'at most 4096 characters')
const ref = { groupId, folderId }

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
  /** Every version of a file any member still holds, newest first. Errors: FOLDER_BAD_PATH. */
  'folders.history': query(z.object({ ...ref, path: folderPath }), z.array(folderVersion)),
  /** Make an old version the newest one, on every member. Errors: FOLDER_NO_SUCH_VERSION, FOLDER_BAD_PATH. */
  'folders.restore': command(z.object({ ...ref, path: folderPath, versionId: z.string().min(1).max(200) }), z.object({})),
  /** Conflict copies in the folder and the path each belongs to. */
  'folders.conflicts': query(z.object(ref), z.array(folderConflict)),
} as const

export const folderEvents = {
  /** A group's folders, a binding or a folder's status changed. */
  'folders.onFoldersChanged': event(z.object({ groupId })),
} as const
