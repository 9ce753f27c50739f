import type { MethodOutput } from '../../../shared/contract'
import { FOLDER_NAME_MAX } from '../../../shared/domain/group-ops'
import { describeError, hasCode } from '../../api/error-messages'
import { formatBytes, percentOf } from '../../ui/format-bytes'

type SharedFolder = MethodOutput<'folders.list'>[number]

/** How a folder's status line is drawn: its words, a colour, and a progress value while bytes move. */
export interface StatusLine {
  text: string
  tone: 'ok' | 'busy' | 'paused' | 'error' | 'waiting'
  /** 0–100 while a sync with a known byte count runs, else null. */
  progress: number | null
}

const plural = (count: number, one: string, many = `${one}s`) => `${count.toLocaleString('en')} ${count === 1 ? one : many}`

/**
 * This device's status line for a folder, from what folders.list says:
 * "Up to date", "Syncing 3 files — 1.2 MB of 4 MB", "Paused", "Error: …",
 * or why there is none yet.
 */
export function folderStatusLine(folder: Pick<SharedFolder, 'available' | 'paused' | 'status'>): StatusLine {
  if (!folder.available) return { text: 'Not available on this device yet', tone: 'waiting', progress: null }
  // The binding says paused before the engine has reported it.
  if (folder.paused || folder.status?.state === 'paused') return { text: 'Paused', tone: 'paused', progress: null }
  const status = folder.status
  if (status === null) return { text: 'Starting…', tone: 'waiting', progress: null }
  switch (status.state) {
    case 'up-to-date':
      return { text: 'Up to date', tone: 'ok', progress: null }
    case 'error':
      return { text: `Error: ${status.error?.message ?? 'sync stopped'}`, tone: 'error', progress: null }
    case 'syncing': {
      const files = status.pending > 0 ? `Syncing ${plural(status.pending, 'file')}` : 'Syncing'
      if (status.bytesTotal <= 0) return { text: status.pending > 0 ? files : 'Syncing…', tone: 'busy', progress: null }
      return { text: `${files} — ${formatBytes(status.bytesDone)} of ${formatBytes(status.bytesTotal)}`, tone: 'busy', progress: percentOf(status.bytesDone, status.bytesTotal) }
    }
    default:
      return { text: 'Paused', tone: 'paused', progress: null }
  }
}

/** How many members' devices take part in a folder (each member announces one drive; me included). */
export function participationText(devices: number): string {
  if (devices === 0) return 'No member’s device has joined it yet'
  if (devices === 1) return '1 member’s device takes part'
  return `${devices.toLocaleString('en')} members’ devices take part`
}

/** Who made a version, as the folder view says it: "You" for this identity, else the member's name. */
export function authorLabel(version: { authorIdentity: string | null; authorName: string }, me: string | null): string {
  if (me !== null && version.authorIdentity === me) return 'You'
  return version.authorName || 'Unknown member'
}

/** What is wrong with a new folder's name, as the core would refuse it (folders.create), or null. */
export function folderNameProblem(name: string): string | null {
  if (name.trim() === '') return 'Give the folder a name'
  if (name.trim().length > FOLDER_NAME_MAX) return `Use at most ${FOLDER_NAME_MAX} characters`
  return null
}

/**
 * What is wrong with a directory typed for "Keep on this device", before it
 * is sent: it must be a full path on this computer (POSIX `/…`, Windows `C:\…`
 * or `\\server\share`). Whether it exists, is writable and stays clear of
 * PLANET's data is for the core to say (FOLDER_BAD_DIR).
 */
export function directoryProblem(dir: string): string | null {
  const value = dir.trim()
  if (value === '') return 'Type the full path of a directory on this computer'
  if (value.length > 4096) return 'That path is too long (at most 4096 characters)'
  if (value.includes('\0')) return 'A path cannot contain a NUL character'
  if (!(value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\'))) {
    return 'Type a full path, starting from the top of the disk (like /home/you/Plans or C:\\Users\\you\\Plans)'
  }
  return null
}

/** A folder's name as the app shows it: one this device cannot open yet has no name here (it is sealed with the folder's key). */
export function folderTitle(folder: { available: boolean; name: string }): string {
  return folder.name || (folder.available ? 'Unnamed folder' : 'A folder not opened here yet')
}

/**
 * Why an upload failed, in words. A refused path means the file's name (not
 * a pick from the list, as elsewhere): the core refuses names some member's
 * computer could not store, the same rules it applies to every peer.
 */
export function uploadErrorText(error: unknown): string {
  if (hasCode(error, 'FOLDER_BAD_PATH')) {
    return 'A shared folder cannot hold a file under this name: some members’ computers could not store it (names such as CON or NUL, a name ending in a dot or a space, a very long name, or characters like < > : " | ? *). Rename the file and upload it again.'
  }
  return describeError(error).message
}

/** When a version was made, to the second: two saves a few seconds apart must read differently in History. */
export function formatVersionTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' })
}
