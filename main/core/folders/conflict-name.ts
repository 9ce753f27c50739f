import { base32 } from '@scure/base'

/** The short device id shown in conflict copy names: the first 7 base32 characters of the drive key, as Syncthing shows its device ids. */
export function shortDeviceId(deviceHex: string): string {
  return base32.encode(Buffer.from(deviceHex, 'hex')).slice(0, 7)
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0')

/** YYYYMMDD-HHMMSS in UTC: the same on every member whatever its time zone. */
function stamp(time: number): string {
  const d = new Date(time)
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}-${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())}`
}

const MAX_NAME_BYTES = 255

/**
 * Syncthing's conflict copy name, `name.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.ext`,
 * derived only from the losing version (its author and its time), so every
 * member derives the same name. `ext` is the last extension; a dotfile without
 * another dot has none. A name that would exceed 255 bytes is cut in its base.
 */
export function conflictCopyPath(path: string, loserTime: number, loserAuthor: string): string {
  const slash = path.lastIndexOf('/')
  const dir = slash === -1 ? '' : path.slice(0, slash + 1)
  const name = path.slice(slash + 1)
  const dot = name.lastIndexOf('.')
  const hasExt = dot > 0
  let base = hasExt ? name.slice(0, dot) : name
  const ext = hasExt ? name.slice(dot) : ''
  const marker = `.sync-conflict-${stamp(loserTime)}-${shortDeviceId(loserAuthor)}`
  const room = MAX_NAME_BYTES - Buffer.byteLength(marker + ext)
  while (Buffer.byteLength(base) > room) base = [...base].slice(0, -1).join('')
  return `${dir}${base}${marker}${ext}`
}
