/**
 * My docs: the rules for names and paths, shared by the UI (to say no early)
 * and the core (to enforce). Pure TS: no node:, no DOM.
 *
 * A path on the wire is relative, '/'-separated, without a leading or trailing
 * slash: '' is the root, 'Projects/2026/report.pdf' a file in a folder. Every
 * segment is a name that would be safe as a file name on Windows, macOS and
 * Linux, so a folder can later be saved to disk as it is.
 */

export const DOCS_LIMITS = {
  /** Bytes of one file: larger ones are refused before any byte moves. */
  fileBytes: 2 * 1024 * 1024 * 1024,
  /** UTF-8 bytes of one name (what common file systems allow). */
  nameBytes: 255,
  /** UTF-8 bytes of a whole path. */
  pathBytes: 4096,
  /** Folders inside folders. */
  depth: 64,
  /** Bytes per docs.readFile answer (before base64). */
  readBytes: 1024 * 1024,
  /** Bytes per docs.uploadChunk call (before base64). */
  chunkBytes: 512 * 1024,
  /** Unfinished uploads at once. */
  pendingUploads: 8,
} as const

/** The entry that keeps an (empty) folder in a drive, which has no directories of its own. Never a user's name. */
export const FOLDER_MARKER = '.planet-folder'

/** Names Windows keeps for devices, with or without an extension ("CON", "con.txt", "LPT1.log"). */
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i
/** Characters Windows refuses in a name ('/' separates segments, so it never reaches a name). */
const WINDOWS_CHARS = /[<>:"|?*\\/]/
// eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/

/** UTF-8 length without TextEncoder (shared/ has neither the DOM nor Node); a lone surrogate counts as U+FFFD. */
export function utf8Bytes(text: string): number {
  let bytes = 0
  for (const char of text) {
    const code = char.codePointAt(0)!
    bytes += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4
  }
  return bytes
}

/** Why `name` cannot be a file or folder name, or null when it can. The sentence is for a person. */
export function nameProblem(name: string): string | null {
  if (name.length === 0 || name.trim().length === 0) return 'A name cannot be empty.'
  if (name === '.' || name === '..') return `“${name}” is not a name.`
  if (CONTROL_CHARS.test(name)) return 'A name cannot contain control characters (line breaks, tabs, NUL).'
  if (WINDOWS_CHARS.test(name)) return 'A name cannot contain / \\ < > : " | ? or *.'
  if (name !== name.normalize('NFC')) return 'This name is not in normalised Unicode (NFC).'
  if (/[ .]$/.test(name)) return 'A name cannot end with a space or a dot.'
  if (/^\s/.test(name)) return 'A name cannot start with a space.'
  if (WINDOWS_RESERVED.test(name)) return `“${name}” is a name Windows keeps for devices; choose another.`
  if (name.toLowerCase() === FOLDER_MARKER) return `“${FOLDER_MARKER}” is kept for PLANET’s own use.`
  if (utf8Bytes(name) > DOCS_LIMITS.nameBytes) return `A name can be at most ${DOCS_LIMITS.nameBytes} bytes long.`
  return null
}

export type ParsedPath = { ok: true; segments: string[] } | { ok: false; problem: string }

/** Split and check a wire path ('' is the root). */
export function parseDocPath(path: string): ParsedPath {
  if (path === '') return { ok: true, segments: [] }
  if (path.startsWith('/') || path.startsWith('\\') || /^[a-z]:/i.test(path)) return { ok: false, problem: 'A path must be relative to My docs, not absolute.' }
  if (utf8Bytes(path) > DOCS_LIMITS.pathBytes) return { ok: false, problem: `A path can be at most ${DOCS_LIMITS.pathBytes} bytes long.` }
  const segments = path.split('/')
  if (segments.length > DOCS_LIMITS.depth) return { ok: false, problem: `Folders can be at most ${DOCS_LIMITS.depth} levels deep.` }
  for (const segment of segments) {
    const problem = nameProblem(segment)
    if (problem) return { ok: false, problem: segment === '' ? 'A path cannot have empty parts (“//”, or a slash at either end).' : problem }
  }
  return { ok: true, segments }
}

export function joinDocPath(folder: string, name: string): string {
  return folder === '' ? name : `${folder}/${name}`
}

/** The folder that holds `path` ('' for an item at the root). */
export function parentOf(path: string): string {
  const at = path.lastIndexOf('/')
  return at === -1 ? '' : path.slice(0, at)
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}

/** True when `path` is `folder` or inside it. */
export function isWithin(path: string, folder: string): boolean {
  return folder === '' || path === folder || path.startsWith(`${folder}/`)
}

/**
 * Two names that would be the same file on a case-insensitive disk (Windows,
 * macOS) are the same name here too: one folder never holds both “Report.pdf”
 * and “report.pdf”.
 */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase()
}

/**
 * A free name for a copy, "report (2).pdf", given the names already taken
 * (as nameKey values). The extension stays last.
 */
export function freeName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(nameKey(name))) return name
  const dot = name.lastIndexOf('.')
  const stem = dot > 0 ? name.slice(0, dot) : name
  const extension = dot > 0 ? name.slice(dot) : ''
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})${extension}`
    if (!taken.has(nameKey(candidate)) && utf8Bytes(candidate) <= DOCS_LIMITS.nameBytes) return candidate
    if (utf8Bytes(candidate) > DOCS_LIMITS.nameBytes) return freeName(`${stem.slice(0, Math.max(1, stem.length - 8))}${extension}`, taken)
  }
}

export type PreviewKind = 'image' | 'text' | 'pdf' | 'none'

/** Pictures a browser shows safely in <img>. Never SVG: it is a document that can carry script. */
const IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp'])
const TEXT_EXTENSIONS = new Set(['txt', 'md', 'markdown', 'csv', 'tsv', 'json', 'log', 'ini', 'yaml', 'yml', 'toml', 'xml', 'html', 'htm', 'css', 'js', 'ts', 'tsx', 'py', 'sh', 'c', 'h', 'rs', 'go', 'java', 'sql'])
const IMAGE_EXTENSIONS: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp' }

/** Bytes of a text preview (the rest is cut, and the preview says so). */
export const TEXT_PREVIEW_BYTES = 256 * 1024
/** Bytes of an image preview: a preview reads every byte into memory. */
export const IMAGE_PREVIEW_BYTES = 20 * 1024 * 1024

/**
 * The media type PLANET records for a file: the one the browser gave, unless
 * it is missing or generic, then one from the extension. Only a type, never
 * trusted to be true: previews decide from it and the bytes are still shown
 * only as a picture (via <img>) or as plain text.
 */
export function docMime(name: string, given: string): string {
  const type = given.trim().toLowerCase()
  if (type !== '' && type !== 'application/octet-stream' && /^[a-z0-9.+-]+\/[a-z0-9.+-]+$/.test(type.split(';')[0]!)) return type.split(';')[0]!
  const extension = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : ''
  if (IMAGE_EXTENSIONS[extension]) return IMAGE_EXTENSIONS[extension]
  if (extension === 'pdf') return 'application/pdf'
  if (TEXT_EXTENSIONS.has(extension)) return 'text/plain'
  return 'application/octet-stream'
}

/** How a file can be previewed inside PLANET. */
export function previewKind(file: { mime: string; size: number }): PreviewKind {
  const mime = file.mime.toLowerCase()
  if (IMAGE_TYPES.has(mime)) return file.size <= IMAGE_PREVIEW_BYTES ? 'image' : 'none'
  if (mime === 'application/pdf') return 'pdf'
  if (mime.startsWith('text/') || mime === 'application/json' || mime === 'application/xml') return 'text'
  return 'none'
}
