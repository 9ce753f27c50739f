import type { FolderRefusalReason } from '../../../shared/domain/folders'

/**
 * What a path must be to be synced, checked on every path a peer's drive
 * holds and on every local file before it is published. Pure: the disk checks
 * (symlinks on the way, realpath, case collisions) are in disk-writer.ts.
 *
 * Canonical form: components joined by '/', no leading slash. Hyperdrive
 * keys carry one leading '/', which `checkDriveKey` removes.
 */

export const MAX_COMPONENT_BYTES = 255
/** Relative to the folder; with the folder's own path it must also fit the OS (checked when writing). */
export const MAX_PATH_BYTES = 1024

/** Names the engine keeps for itself: never published, never accepted from a peer. */
export const TEMP_PREFIX = '.planet-tmp-'
export const IGNORE_FILE = '.planetignore'

export interface PathRules {
  /** Also refuse characters Windows cannot store (< > : " | ? *). Reserved names and trailing dots are refused everywhere. */
  windowsChars?: boolean
}

export type PathCheck = { ok: true; path: string } | { ok: false; reason: FolderRefusalReason }

// CON, PRN, AUX, NUL, COM0-9, LPT0-9 (and the superscript digits Windows also reserves), CONIN$, CONOUT$, with any extension.
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0001-\u001f\u007f]/
const WINDOWS_CHARS = /[<>:"|?*]/
const DRIVE_LETTER = /^[A-Za-z]:/

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8')

/** Check a relative path (canonical form). */
export function checkRelativePath(path: string, rules: PathRules = {}): PathCheck {
  if (path.length === 0) return { ok: false, reason: 'empty' }
  if (path.includes('\u0000')) return { ok: false, reason: 'nul' }
  if (CONTROL.test(path)) return { ok: false, reason: 'control-char' }
  if (path.includes('\\')) return { ok: false, reason: 'backslash' }
  if (path.startsWith('/')) return { ok: false, reason: 'absolute' }
  if (DRIVE_LETTER.test(path)) return { ok: false, reason: 'drive-letter' }
  if (bytes(path) > MAX_PATH_BYTES) return { ok: false, reason: 'path-too-long' }
  const parts = path.split('/')
  for (const part of parts) {
    if (part === '') return { ok: false, reason: 'empty-segment' }
    if (part === '..') return { ok: false, reason: 'parent-segment' }
    if (part === '.') return { ok: false, reason: 'dot-segment' }
    if (bytes(part) > MAX_COMPONENT_BYTES) return { ok: false, reason: 'component-too-long' }
    if (RESERVED.test(part)) return { ok: false, reason: 'reserved-name' }
    if (/[. ]$/.test(part)) return { ok: false, reason: 'trailing-dot-or-space' }
    if (rules.windowsChars && WINDOWS_CHARS.test(part)) return { ok: false, reason: 'windows-char' }
    if (part.startsWith(TEMP_PREFIX)) return { ok: false, reason: 'internal-name' }
  }
  if (path === IGNORE_FILE) return { ok: false, reason: 'internal-name' }
  return { ok: true, path }
}

/** Check a key from a drive ('/a/b.txt') and return its canonical relative path. */
export function checkDriveKey(key: string, rules: PathRules = {}): PathCheck {
  if (key.length === 0) return { ok: false, reason: 'empty' }
  if (!key.startsWith('/')) return { ok: false, reason: 'not-normalized' }
  return checkRelativePath(key.slice(1), rules)
}

/**
 * The key two names share on a case-insensitive disk (which also folds
 * Unicode normalization, as APFS does).
 */
export function foldName(name: string): string {
  return name.normalize('NFC').toLowerCase()
}
