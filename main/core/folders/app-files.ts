import type { FolderRecord, FolderRefusalReason } from '../../../shared/domain/folders'
import { folderRecord } from '../../../shared/domain/folders'
import type { DiskWriter } from './disk-writer'
import type { IndexEntry } from './local-index'
import { discardAppended, readIntoBlobs } from './local-publisher'
import type { FileReader } from './local-publisher'
import type { MemberDrive } from './member-drive'
import type { FolderEntry } from './folder-engine'
import type { ContentLocation, MergedPath } from './merge'
import { checkRelativePath, foldName } from './path-safety'
import type { PathRules } from './path-safety'
import type { SyncFilter } from './sync-filter'
import { bumpVector } from './version-vector'

/**
 * Files put into a shared folder from the app (uploads, the only way in for
 * a device with no bound directory), deleted from it, and read back from any
 * version. The engine owns the state; these functions run through the narrow
 * `AppFilesHost` it hands them, and every change runs under its lock, as the
 * loop's own changes do. README.md, "App uploads and downloads".
 */

/** Why an app file operation was refused; the handlers turn `code` into `FOLDER_<code>`. */
export type FolderFileErrorCode = 'BAD_PATH' | 'NO_SUCH_FILE' | 'NO_SUCH_VERSION' | 'TOO_LARGE' | 'PAUSED' | 'NOT_SYNCED'

export class FolderFileError extends Error {
  readonly code: FolderFileErrorCode
  /** For BAD_PATH: the path-safety (or placement) reason. */
  readonly reason: FolderRefusalReason | 'excluded' | null

  constructor(code: FolderFileErrorCode, message: string, reason: FolderRefusalReason | 'excluded' | null = null) {
    // The code leads the message, as engine.restore's errors always did ("NO_SUCH_VERSION: …").
    super(`${code}: ${message}`)
    this.name = 'FolderFileError'
    this.code = code
    this.reason = reason
  }
}

/** What the engine lends these functions: its rules and state, and the steps they may take under its lock. */
export interface AppFilesHost {
  readonly rules: PathRules
  readonly filter: SyncFilter
  readonly maxFileBytes: number
  readonly blockTimeoutMs: number
  readonly disk: DiskWriter | null
  readonly own: MemberDrive
  paused(): boolean
  drive(hex: string): MemberDrive | undefined
  merge(path: string): MergedPath | null
  /** Paths of the live files of the merged folder. */
  livePaths(): string[]
  indexEntry(path: string): IndexEntry | undefined
  now(): number
  withLock<T>(fn: () => Promise<T>): Promise<T>
  /** Under the lock, with a bound directory: publish an edit of `path` on disk not yet published, and save the local index. */
  publishPendingEdit(path: string): Promise<void>
  /** Under the lock: if `path` has concurrent versions, write their resolution (winner + conflict copies) first. */
  resolve(path: string): Promise<void>
  /** Under the lock: write `record` into this device's drive and let the loop carry it to the bound directory. */
  publish(path: string, record: FolderRecord, location: ContentLocation | null): Promise<void>
}

/** A staged file to import: read once, through `reader` (which may decrypt), in 64 KiB blocks. */
export interface ImportSource {
  abs: string
  size: number
  reader: FileReader
}

/** One version's content, read by range; blocks this device lacks are fetched from the members who hold them. */
export interface VersionContent {
  record: FolderRecord
  size: number
  read(start: number, length: number): AsyncIterable<Buffer>
}

/** A live file of the folder, as FolderEngine.list() gives it. */
export type FileEntry = FolderEntry

const REASON_WORDS: Partial<Record<FolderRefusalReason | 'excluded', string>> = {
  'parent-segment': 'it contains “..”',
  'dot-segment': 'it contains “.”',
  'empty-segment': 'it has an empty part (“//” or a trailing “/”)',
  absolute: 'it is absolute',
  'drive-letter': 'it starts with a drive letter',
  'reserved-name': 'a part of it is a name Windows reserves (CON, NUL, COM1…)',
  'trailing-dot-or-space': 'a part of it ends with a dot or a space',
  'internal-name': 'PLANET keeps that name for itself',
  'not-a-file': 'there is a folder at that path',
  'not-a-directory': 'a part of it is a file, not a folder',
  'case-collision': 'another name differs from it only in upper/lower case',
  'symlink-in-path': 'a part of it is a symbolic link on this device’s disk',
  excluded: 'it is ignored on this device (.planetignore or selective sync)',
}

function badPath(reason: FolderRefusalReason | 'excluded'): FolderFileError {
  return new FolderFileError('BAD_PATH', `that path cannot be used in the folder: ${REASON_WORDS[reason] ?? reason}`, reason)
}

/**
 * Where `path` clashes with the folder's live files (pure): a folder of
 * files at `path` ('not-a-file'), a file where one of its parents would go
 * ('not-a-directory'), or a name in the same directory differing only in
 * case or Unicode form ('case-collision'), which members on macOS or
 * Windows could not store beside it.
 */
export function placeProblem(path: string, live: Iterable<string>): FolderRefusalReason | null {
  const parts = path.split('/')
  for (const other of live) {
    if (other === path) continue
    if (other.startsWith(path + '/')) return 'not-a-file'
    if (path.startsWith(other + '/')) return 'not-a-directory'
    const theirs = other.split('/')
    for (let i = 0; i < Math.min(parts.length, theirs.length); i++) {
      if (parts[i] === theirs[i]) continue
      if (foldName(parts[i]!) === foldName(theirs[i]!)) return 'case-collision'
      break
    }
  }
  return null
}

function checkChangeable(host: AppFilesHost, path: string): void {
  if (host.paused()) throw new FolderFileError('PAUSED', 'sync is paused for this folder on this device')
  const check = checkRelativePath(path, host.rules)
  if (!check.ok) throw badPath(check.reason)
  // This device neither publishes nor writes an excluded path: taking it from the app would be a one-way exception.
  if (!host.filter.includes(path)) throw badPath('excluded')
}

/**
 * Could a file of `size` bytes be put at `path`? Checked when an upload
 * starts (before any byte moves) and again under the lock when it finishes.
 */
export async function checkImport(host: AppFilesHost, path: string, size: number): Promise<void> {
  checkChangeable(host, path)
  if (size > host.maxFileBytes) throw new FolderFileError('TOO_LARGE', `the folder takes files of at most ${host.maxFileBytes} bytes`)
  const clash = placeProblem(path, host.livePaths())
  if (clash) throw badPath(clash)
  if (host.disk) {
    const onDisk = await host.disk.checkPlace(path)
    if (!onDisk.ok) throw badPath(onDisk.reason)
  }
}

/**
 * Publish `source` as the newest version of `path` from this device's own
 * drive. Its vector joins the current merged vector and this device's own
 * previous record, bumped for this device: newer than what any member has,
 * so every member (and this device's bound directory, through the loop's
 * usual temp + rename) takes it. Content equal to the current version makes
 * no new version. Returns the path's current file.
 */
export async function importFile(host: AppFilesHost, path: string, source: ImportSource): Promise<FileEntry> {
  return host.withLock(async () => {
    await checkImport(host, path, source.size)
    // An edit on disk not yet published is a version too: publish it first, so this one supersedes it knowingly.
    await host.publishPendingEdit(path)
    await host.resolve(path)
    const own = host.own
    const blobs = await own.drive.getBlobs()
    const previous = own.entries.get(path)
    const prevBlob = previous?.location?.drive === own.hex ? previous.location.blob : null
    const read = await readIntoBlobs(source.abs, blobs, prevBlob, () => undefined, source.reader, source.size)
    const discard = (): Promise<void> => discardAppended(blobs, read.appended).catch(() => undefined)
    if (read.size !== source.size) {
      await discard()
      throw new Error(`the staged file holds ${read.size} bytes, not ${source.size}`)
    }
    const merged = host.merge(path)
    const current = merged?.winner.record
    if (current && !current.deleted && current.hash === read.hash && current.size === read.size) {
      await discard()
      return entryOf(path, current)
    }
    const now = host.now()
    const record: FolderRecord = {
      v: 1,
      vv: bumpVector(own.hex, merged?.vv, previous?.record.vv, host.indexEntry(path)?.vv),
      deleted: false,
      hash: read.hash,
      size: read.size,
      mtime: now,
      time: now,
      author: own.hex,
      src: null,
    }
    try {
      await host.publish(path, record, { drive: own.hex, blob: read.blob })
    } catch (error) {
      await discard()
      throw error
    }
    return entryOf(path, record)
  })
}

/** Delete `path` on every member: a tombstone newer than every version any member has (as a delete on disk makes). */
export async function deleteFile(host: AppFilesHost, path: string): Promise<void> {
  await host.withLock(async () => {
    checkChangeable(host, path)
    await host.publishPendingEdit(path)
    await host.resolve(path)
    const merged = host.merge(path)
    if (!merged || merged.winner.record.deleted) throw new FolderFileError('NO_SUCH_FILE', 'that file is not in the folder')
    const own = host.own
    const now = host.now()
    const vv = bumpVector(own.hex, merged.vv, own.entries.get(path)?.record.vv, host.indexEntry(path)?.vv)
    await host.publish(path, { v: 1, vv, deleted: true, hash: null, size: 0, mtime: 0, time: now, author: own.hex, src: null }, null)
  })
}

/**
 * A version named by `versionId` (`<drive hex>:<seq>`, as engine.history
 * makes them): the record that drive held for `path` at that seq, and where
 * its content is.
 */
export async function findVersion(host: AppFilesHost, path: string, versionId: string): Promise<{ record: FolderRecord; location: ContentLocation | null }> {
  if (!checkRelativePath(path, host.rules).ok) throw new FolderFileError('NO_SUCH_VERSION', 'not a folder path')
  const [hex, seqText] = versionId.split(':')
  const drive = hex ? host.drive(hex) : undefined
  const seq = Number(seqText)
  if (!drive || !Number.isSafeInteger(seq) || seq < 0) throw new FolderFileError('NO_SUCH_VERSION', 'unknown version id')
  const at = drive.drive.checkout(seq + 1)
  let node
  try {
    node = await at.entry(`/${path}`, { timeout: host.blockTimeoutMs })
  } finally {
    await at.close()
  }
  if (!node || node.seq !== seq) throw new FolderFileError('NO_SUCH_VERSION', 'that version is not of this path')
  const parsed = folderRecord.safeParse(node.value.metadata)
  if (!parsed.success) throw new FolderFileError('NO_SUCH_VERSION', 'the version is unreadable')
  const record = parsed.data
  const location: ContentLocation | null = record.deleted ? null : node.value.blob ? { drive: hex!, blob: node.value.blob } : record.src
  if (!record.deleted && !location) throw new FolderFileError('NO_SUCH_VERSION', 'the version has no content')
  return { record, location }
}

/** Errors of a read that a member could have answered: nobody online held the block in time. */
const UNAVAILABLE = new Set(['REQUEST_TIMEOUT', 'BLOCK_NOT_AVAILABLE', 'SNAPSHOT_NOT_AVAILABLE', 'REQUEST_CANCELLED', 'SESSION_CLOSED'])

function notSynced(): FolderFileError {
  return new FolderFileError('NOT_SYNCED', 'no member online holds this version’s content')
}

/**
 * The content of the current version of `path`, or of `versionId` from its
 * history, to read by range. Never reads more than is asked for: a 2 GiB file
 * is read a range at a time.
 */
export async function openVersion(host: AppFilesHost, path: string, versionId?: string, timeoutMs = host.blockTimeoutMs): Promise<VersionContent> {
  const check = checkRelativePath(path, host.rules)
  if (!check.ok) throw badPath(check.reason)
  let found: { record: FolderRecord; location: ContentLocation | null }
  if (versionId !== undefined) {
    try {
      found = await findVersion(host, path, versionId)
    } catch (error) {
      // The version's own drive did not answer for its index in time.
      if (UNAVAILABLE.has((error as { code?: string }).code ?? '')) throw notSynced()
      throw error
    }
    if (found.record.deleted) throw new FolderFileError('NO_SUCH_VERSION', 'that version is a deletion: it has no content')
  } else {
    const merged = host.merge(path)
    if (!merged || merged.winner.record.deleted) throw new FolderFileError('NO_SUCH_FILE', 'that file is not in the folder')
    found = { record: merged.winner.record, location: merged.winner.location }
  }
  const { record, location } = found
  // Content in a drive that is not (any more) a member's: this device does not open drives it was not given.
  const source = location ? host.drive(location.drive) : undefined
  if (!location || !source) throw notSynced()
  // A plain blob's length is its content's: one that disagrees with its record is not this version.
  if (!location.blob.blockMap && location.blob.byteLength !== record.size) throw new FolderFileError('NOT_SYNCED', 'the member’s copy of this version does not match its record')
  return {
    record,
    size: record.size,
    read: (start, length) => readRange(source, location, start, Math.min(length, Math.max(0, record.size - start)), timeoutMs),
  }
}

async function* readRange(source: MemberDrive, location: ContentLocation, start: number, length: number, timeoutMs: number): AsyncGenerator<Buffer> {
  if (length <= 0) return
  // A member's blobs core is named in its drive's header: wait for that as for a block, no longer.
  let timer: NodeJS.Timeout | undefined
  const timedOut = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)))
  const blobs = await Promise.race([source.drive.getBlobs(), timedOut]).finally(() => clearTimeout(timer))
  if (!blobs) throw notSynced()
  const stream = blobs.createReadStream(location.blob, { start, length, timeout: timeoutMs })
  try {
    for await (const part of stream) yield part
  } catch (error) {
    if (UNAVAILABLE.has((error as { code?: string }).code ?? '')) throw notSynced()
    throw error
  } finally {
    stream.destroy()
  }
}

function entryOf(path: string, record: FolderRecord): FileEntry {
  return { path, size: record.size, mtime: record.mtime, time: record.time, author: record.author, hash: record.hash! }
}
