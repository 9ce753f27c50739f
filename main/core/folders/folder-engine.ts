import { createHash } from 'node:crypto'
import { EventEmitter } from 'node:events'
import type { Stats } from 'node:fs'
import { readFile, readdir, unlink } from 'node:fs/promises'
import { join, relative, resolve, sep } from 'node:path'
import type Corestore from 'corestore'
import type Hyperdrive from 'hyperdrive'
import { conflictOriginalPath, folderRecord, isConflictCopy } from '../../../shared/domain/folders'
import type { FolderBlobId, FolderRecord, FolderRefusalReason, FolderStatus, FolderVersion, VersionVector } from '../../../shared/domain/folders'
import { Resource } from '../resource'
import { checkImport, deleteFile, findVersion, importFile, openVersion } from './app-files'
import type { AppFilesHost, FileEntry, ImportSource, VersionContent } from './app-files'
import { DirWatcher } from './dir-watcher'
import { DiskWriter, lstatOrNull } from './disk-writer'
import { JsonIndexStore, LocalIndex } from './local-index'
import type { IndexEntry, LocalIndexStore } from './local-index'
import { DEDUP_MIN_BYTES, discardAppended, readIntoBlobs, readSmall } from './local-publisher'
import type { FileReader } from './local-publisher'
import { MemberDrive } from './member-drive'
import type { DriveRefusal } from './member-drive'
import { mergePath, sameContent } from './merge'
import type { Candidate, ContentLocation, MergedPath } from './merge'
import { checkRelativePath, IGNORE_FILE, TEMP_PREFIX } from './path-safety'
import type { PathRules } from './path-safety'
import { PublishBatch } from './publish-batch'
import { walkFolder } from './scanner'
import { SyncFilter } from './sync-filter'
import { bumpVector, compareVectors, joinVectors, vectorLeq } from './version-vector'

export interface FolderEngineOptions {
  /** Stable id of the folder on this device; names this device's drive inside `store`. */
  folderId: string
  /** The caller's Corestore. The engine opens sessions of it and closes only those. */
  store: Corestore
  /** Engine-private state (the local index). Must not be inside `dir`. */
  stateDir: string
  /** The bound directory on this disk, or null to merge and resolve without a directory. */
  dir: string | null
  /** Encrypts this device's drive's cores, and every member drive's that names no key of its own (the folder key). */
  encryptionKey?: Uint8Array | null
  /**
   * The folder key generation this device writes under (default 0): its drive is the store's namespace
   * `planet-folder:<folderId>` for 0 (as before generations existed), named by the generation and the
   * key after (ownDriveNamespace). Its drives of older generations are passed in `members` like anyone's.
   */
  generation?: number
  /** The other members' drive keys (each with its own encryption key, or the folder's). This device's own drive is always a member. */
  members?: FolderMemberDrive[]
  /** Files larger than this are neither published nor downloaded. Default 16 GiB. */
  maxFileBytes?: number
  /** Subfolders this device keeps (selective sync); null keeps everything. */
  selected?: string[] | null
  paused?: boolean
  /** Force the disk's case sensitivity (tests); by default it is probed. */
  caseInsensitive?: boolean
  /** Also refuse names Windows cannot store (default: on Windows). */
  windowsChars?: boolean
  /** Watch the directory for edits (default true). */
  watch?: boolean
  debounceMs?: number
  /** Full rescan every this many ms besides the watcher (default 10 min; 0 = never). */
  rescanIntervalMs?: number
  /** A file that could not be read is tried again after this long (default 5 s). */
  retryMs?: number
  /** How long a download waits for a missing block before it is retried later (default 30 s). */
  blockTimeoutMs?: number
  /** At most this many downloads at once (default 4). */
  downloadConcurrency?: number
  indexStore?: LocalIndexStore
  now?: () => number
  /** How local files are read (default: Node's read stream in 64 KiB blocks). Tests use it to make a file unreadable where chmod cannot (as root). */
  reader?: FileReader
}

/** A member drive: its key, and the key its cores are encrypted with when not the engine's `encryptionKey` (an older generation's). */
export type FolderMemberDrive = Uint8Array | { key: Uint8Array; encryptionKey: Uint8Array | null }

function memberKey(member: FolderMemberDrive): { key: Uint8Array; encryptionKey?: Uint8Array | null } {
  return member instanceof Uint8Array ? { key: member } : member
}

/**
 * The store namespace of this device's drive of one key generation. Generation 0 keeps the name drives
 * had before generations. Later ones are named by their key too (a digest of it): if a reorder of the
 * group's log swaps the key a generation has, the device starts a new drive rather than write one core
 * under two keys.
 */
export function ownDriveNamespace(folderId: string, generation = 0, encryptionKey: Uint8Array | null = null): string {
  if (generation === 0) return `planet-folder:${folderId}`
  const digest = createHash('sha256').update('planet/folder-drive-name/v1\n').update(encryptionKey ?? new Uint8Array()).digest('hex').slice(0, 32)
  return `planet-folder:${folderId}:${generation}:${digest}`
}

export interface FolderRefusal {
  path: string
  reason: FolderRefusalReason
  /** peer: from a member's drive (`drive` says whose); local: a file on this disk. */
  source: 'peer' | 'local'
  drive: string | null
}

export interface FolderLocalError {
  path: string
  code: string
  message: string
}

export interface FolderConflict {
  /** The path both versions were made at. */
  path: string
  /** Where the losing version is kept. */
  copyPath: string
  winner: { author: string; time: number }
  loser: { author: string; time: number }
}

export interface FolderFileEvent {
  path: string
  action: 'published' | 'written' | 'deleted'
}

export interface FolderEntry {
  path: string
  size: number
  mtime: number
  time: number
  author: string
  hash: string
}

export interface FolderStats {
  /** Bytes of local file content read (hashing + publishing). A no-op rescan adds nothing. */
  contentBytesRead: number
  filesHashed: number
  published: number
  written: number
  deleted: number
  conflicts: number
  localErrors: number
  refused: Partial<Record<FolderRefusalReason, number>>
}

export interface FolderEngineEvents {
  status: [FolderStatus]
  refused: [FolderRefusal]
  'local-error': [FolderLocalError]
  conflict: [FolderConflict]
  file: [FolderFileEvent]
  /** A download failed (most often: no peer served a block in time); it is retried. */
  'transfer-error': [{ path: string; message: string }]
  /** A member's drive changed these paths: the merged folder (`list`, `history`) may read differently, even with no directory or while paused. */
  'remote-change': [{ paths: string[] }]
}

interface Download {
  path: string
  vv: VersionVector
  hash: string
  size: number
  mtime: number
  bytesDone: number
  cancelled: boolean
  abort: (() => void) | null
  /** Its blocks were asked for ahead of time (#prefetchAhead). */
  prefetched: boolean
}

interface FinishedDownload {
  download: Download
  result: { ok: true; tmp: string; stat: Stats } | { ok: false; reason: FolderRefusalReason } | { ok: false; error: Error }
}

const DEFAULT_MAX_FILE_BYTES = 16 * 2 ** 30
/**
 * The blocks of queued downloads are asked for this far ahead of the files being written (bytes, and
 * files), in as few ranges as their blobs allow. Asked per file when its turn came, a transfer was one
 * round trip per file: the connection stood idle between small files. Bounded so a long queue does not
 * pull content that a newer version may replace before its turn.
 */
const PREFETCH_AHEAD_BYTES = 32 * 2 ** 20
const PREFETCH_AHEAD_FILES = 256
/** Paths whose disk state the loop looks at together (#statAhead), and finished downloads it commits together (#finalizeAll). */
const STAT_AHEAD_BATCH = 64
const FINALIZE_BATCH = 32

/** Hyperblobs cannot read back an empty blob with a block map; an empty file needs no blocks anyway. */
async function* emptyContent(): AsyncGenerator<Uint8Array> {}
const UNREADABLE = new Set(['EACCES', 'EPERM', 'EBUSY', 'EAGAIN', 'EIO', 'ELOOP', 'EMFILE', 'ENFILE'])

/**
 * One shared folder on this device: mirrors local edits into this device's
 * own drive, merges every member's drive per path, and writes the result to
 * the bound directory. All state changes run one at a time in `#loop`;
 * only downloads (network waits) run beside it, and their results are
 * committed by the loop after checking nothing changed meanwhile.
 * README.md in this folder describes the merge rule and the safety checks.
 */
export class FolderEngine extends Resource {
  readonly events = new EventEmitter<FolderEngineEvents>()
  readonly #o: FolderEngineOptions
  readonly #rules: PathRules
  readonly #filter: SyncFilter
  readonly #index: LocalIndex
  readonly #drives = new Map<string, MemberDrive>()
  #own!: MemberDrive
  #disk: DiskWriter | null = null
  #watcher: DirWatcher | null = null
  #paused: boolean
  #error: FolderStatus['error'] = null
  #lastStatus = ''

  readonly #localDirty = new Set<string>()
  readonly #remoteDirty = new Set<string>()
  readonly #watchPending = new Set<string>()
  #watchTimer: NodeJS.Timeout | null = null
  /** When the oldest watcher event not yet handed to the loop arrived (0: none pending). */
  #watchSince = 0
  #rescanTimer: NodeJS.Timeout | null = null
  #saveTimer: NodeJS.Timeout | null = null
  readonly #retryTimers = new Map<string, NodeJS.Timeout>()

  readonly #downloads = new Map<string, Download>()
  /** Sizes and bytes fetched of `#downloads`, kept as they change: status() is asked for on every block. */
  #bytesTotal = 0
  #bytesDone = 0
  readonly #downloadQueue: Array<{ download: Download; location: ContentLocation }> = []
  #activeDownloads = 0
  readonly #finished: FinishedDownload[] = []
  readonly #prefetches = new Set<{ done(): Promise<void>; destroy(): void }>()

  #running: Promise<void> | null = null
  #started = false
  #again = false
  /** Paths sent back to the local side once in this loop run (see #reconcile): a second time waits for a retry instead of spinning. */
  readonly #deferred = new Set<string>()
  #lock: Promise<void> = Promise.resolve()
  /** Set while the loop publishes local changes: small files then go into `#batch` (see publish-batch.ts). */
  #batching = false
  /** Content of paths deleted here in this pass of the local side (see #publishDelete), by `hash:size`. */
  readonly #deletedHere = new Map<string, ContentLocation>()
  #batch: PublishBatch | null = null
  #idleWaiters: Array<() => void> = []
  readonly #reported = new Set<string>()

  readonly stats: FolderStats = {
    contentBytesRead: 0,
    filesHashed: 0,
    published: 0,
    written: 0,
    deleted: 0,
    conflicts: 0,
    localErrors: 0,
    refused: {},
  }

  constructor(options: FolderEngineOptions) {
    super()
    this.#o = options
    this.#rules = { windowsChars: options.windowsChars ?? process.platform === 'win32' }
    this.#filter = new SyncFilter(options.selected ?? null)
    this.#index = new LocalIndex(options.indexStore ?? new JsonIndexStore(options.stateDir))
    this.#paused = options.paused ?? false
    if (options.dir) {
      const rel = relative(resolve(options.dir), resolve(options.stateDir))
      if (rel === '' || (!rel.startsWith('..') && !rel.startsWith(sep))) throw new Error('the state dir must not be inside the folder')
    }
  }

  /** This device's drive key: what the other members add to their `members`. */
  get driveKey(): Buffer {
    return this.#own.drive.key
  }

  get deviceId(): string {
    return this.#own.hex
  }

  get paused(): boolean {
    return this.#paused
  }

  protected async _open(): Promise<void> {
    await this.#index.load()
    const encryptionKey = this.#o.encryptionKey ?? null
    const own = this.#newDrive(this.#o.store.namespace(ownDriveNamespace(this.#o.folderId, this.#o.generation, encryptionKey)), null, encryptionKey)
    await own.ready()
    this.#own = own
    this.#drives.set(own.hex, own)
    for (const member of this.#o.members ?? []) await this.#addDrive(member)
    if (this.#o.dir) {
      const caseInsensitive = this.#o.caseInsensitive ?? (await DiskWriter.probeCaseInsensitive(this.#o.dir))
      this.#disk = new DiskWriter(this.#o.dir, caseInsensitive)
      await this.#disk.ready()
      await this.#removeStaleTemps()
      await this.#loadIgnore()
      if (this.#o.watch !== false) await this.#startWatcher()
      const every = this.#o.rescanIntervalMs ?? 10 * 60_000
      if (every > 0) {
        this.#rescanTimer = setInterval(() => this.rescan(), every)
        this.#rescanTimer.unref()
      }
      this.#localDirty.add('')
    }
    this.#started = true
    this.#kick()
  }

  protected async _close(): Promise<void> {
    if (this.#watchTimer) clearTimeout(this.#watchTimer)
    if (this.#rescanTimer) clearInterval(this.#rescanTimer)
    if (this.#saveTimer) clearTimeout(this.#saveTimer)
    for (const t of this.#retryTimers.values()) clearTimeout(t)
    await this.#watcher?.close()
    for (const d of this.#downloads.values()) this.#cancel(d)
    this.#downloadQueue.length = 0
    for (const range of this.#prefetches) range.destroy()
    await this.#running
    while (this.#activeDownloads > 0) await new Promise((r) => setTimeout(r, 10))
    for (const f of this.#finished.splice(0)) if (f.result.ok) await this.#disk?.discard(f.result.tmp)
    await this.#index.save()
    for (const drive of [...this.#drives.values()].reverse()) await drive.close()
    for (const resolveIdle of this.#idleWaiters.splice(0)) resolveIdle()
  }

  // ---------------------------------------------------------------- public API

  /**
   * Replace the set of other members' drives (the group wiring calls this when membership changes). A drive
   * already open keeps the encryption key it was opened with: a drive key belongs to one generation.
   */
  async setMembers(members: FolderMemberDrive[]): Promise<void> {
    if (!this.opened) await this.ready()
    const wanted = new Set(members.map((m) => Buffer.from(memberKey(m).key).toString('hex')))
    wanted.add(this.#own.hex)
    for (const member of members) await this.#addDrive(member)
    for (const [hex, drive] of this.#drives) {
      if (wanted.has(hex)) continue
      this.#drives.delete(hex)
      for (const path of drive.entries.keys()) this.#remoteDirty.add(path)
      await drive.close()
    }
    this.#kick()
  }

  /** This device's own drive (for the wiring's replication and for tests that look at its cores). */
  ownDrive(): Hyperdrive {
    return this.#own.drive
  }

  /**
   * Every drive of this device among the members: the one it writes, first, then those of older key
   * generations (its keys are in this store, so they open writable; nothing writes them any more).
   * What relays keep for this device.
   */
  ownDrives(): Hyperdrive[] {
    return [...this.#drives.values()].filter((d) => d === this.#own || d.drive.writable).map((d) => d.drive)
  }

  /** The member drives' keys, own first. */
  members(): string[] {
    return [...this.#drives.keys()]
  }

  pause(): void {
    if (this.#paused) return
    this.#paused = true
    this.#emitStatus()
  }

  resume(): void {
    if (!this.#paused) return
    this.#paused = false
    this.rescan()
  }

  /** Selective sync: the subfolders this device keeps (null: all). Newly selected paths are downloaded; deselected files stay on disk, unsynced. */
  setSelected(selected: string[] | null): void {
    this.#filter.setSelected(selected)
    this.rescan()
  }

  get selected(): string[] | null {
    return this.#filter.selected
  }

  /** Look at the whole directory again (metadata only for unchanged files) and re-merge every path. */
  rescan(): void {
    if (this.#o.dir) this.#localDirty.add('')
    this.#markAllRemote()
    this.#kick()
  }

  status(): FolderStatus {
    if (this.#paused) return { state: 'paused', pending: 0, bytesTotal: 0, bytesDone: 0, error: this.#error }
    const bytesTotal = this.#bytesTotal
    const bytesDone = this.#bytesDone
    const pending = this.#downloads.size + this.#localDirty.size + this.#watchPending.size + this.#remoteDirty.size
    if (this.#error) return { state: 'error', pending, bytesTotal, bytesDone, error: this.#error }
    const busy = pending > 0 || this.#running !== null
    return { state: busy ? 'syncing' : 'up-to-date', pending, bytesTotal, bytesDone, error: null }
  }

  /** Resolves when nothing is left to do with what is known now (drives read, local edits published, downloads written). */
  async whenIdle(): Promise<void> {
    for (;;) {
      if (this.closing) return
      await Promise.all([...this.#drives.values()].map((d) => d.settled()))
      if (this.#isIdle()) return
      await new Promise<void>((r) => this.#idleWaiters.push(r))
    }
  }

  /** The folder as merged from every member: live files (not tombstones), with who made each version. */
  list(): FolderEntry[] {
    const out: FolderEntry[] = []
    for (const path of [...this.#allPaths()].sort()) {
      const merged = this.#merge(path)
      if (!merged || merged.winner.record.deleted) continue
      const r = merged.winner.record
      out.push({ path, size: r.size, mtime: r.mtime, time: r.time, author: r.author, hash: r.hash! })
    }
    return out
  }

  /** Paths whose merged winner is a tombstone (deleted files, restorable from history), newest deletion first. */
  listDeleted(): Array<{ path: string; time: number; author: string }> {
    const out: Array<{ path: string; time: number; author: string }> = []
    for (const path of this.#allPaths()) {
      const merged = this.#merge(path)
      if (!merged?.winner.record.deleted) continue
      out.push({ path, time: merged.winner.record.time, author: merged.winner.record.author })
    }
    return out.sort((a, b) => b.time - a.time || (a.path < b.path ? -1 : 1))
  }

  /** Conflict copies in the folder, with the path they were made for. */
  conflicts(): Array<{ path: string; copyPath: string; author: string; time: number }> {
    return this.list()
      .filter((e) => isConflictCopy(e.path))
      .map((e) => ({ path: conflictOriginalPath(e.path), copyPath: e.path, author: e.author, time: e.time }))
  }

  /** Every version of `path` any member's drive still holds, newest first (at most `perDrive` per drive). */
  async history(path: string, perDrive = 100): Promise<FolderVersion[]> {
    const out: FolderVersion[] = []
    const seen = new Set<string>()
    for (const drive of this.#drives.values()) {
      let node = await drive.drive.entry(`/${path}`, { timeout: this.#o.blockTimeoutMs ?? 30_000 }).catch(() => null)
      for (let i = 0; node && i < perDrive; i++) {
        const parsed = folderRecord.safeParse(node.value.metadata)
        if (parsed.success) {
          const r = parsed.data
          // Joins and conflict moves repeat a version; one line per content version.
          const id = `${r.author}:${r.time}:${r.hash}:${r.deleted}`
          if (!seen.has(id)) {
            seen.add(id)
            out.push({ id: `${drive.hex}:${node.seq}`, author: r.author, time: r.time, size: r.size, deleted: r.deleted, hash: r.hash })
          }
        }
        const before = drive.drive.checkout(node.seq)
        try {
          node = await before.entry(`/${path}`, { timeout: this.#o.blockTimeoutMs ?? 30_000 }).catch(() => null)
        } finally {
          await before.close()
        }
      }
    }
    return out.sort((a, b) => b.time - a.time || (a.id < b.id ? -1 : 1))
  }

  /** Make an old version (an id from `history`) the newest version of `path`, on every member. */
  async restore(path: string, versionId: string): Promise<void> {
    // Errors: FolderFileError, its message starting with NO_SUCH_VERSION.
    const { record: old, location } = await findVersion(this.#appHost(), path, versionId)
    await this.#withLock(async () => {
      // An edit on disk not yet published is a version too: publish it first so the restore supersedes it knowingly.
      if (this.#disk && (await this.#rootPresent())) await this.#scanPath(path)
      const merged = this.#merge(path)
      const vv = bumpVector(this.#own.hex, merged?.vv, this.#index.get(path)?.vv, this.#own.entries.get(path)?.record.vv)
      const now = this.#now()
      const record: FolderRecord = { ...old, vv, time: now, mtime: now, author: this.#own.hex, src: null }
      await this.#putRecord(path, record, location)
      this.#remoteDirty.add(path)
    })
    this.#kick()
  }

  // ---------------------------------------------------------------- files from the app (app-files.ts)

  /** Files larger than this are neither published nor downloaded. */
  get maxFileBytes(): number {
    return this.#o.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES
  }

  /** Could the app put a file of `size` bytes at `path`? Throws FolderFileError (BAD_PATH, TOO_LARGE, PAUSED) if not. */
  checkImport(path: string, size: number): Promise<void> {
    return checkImport(this.#appHost(), path, size)
  }

  /** Publish a staged file as the newest version of `path` from this device (and write it to the bound directory, if any). */
  importFile(path: string, source: ImportSource): Promise<FileEntry> {
    return importFile(this.#appHost(), path, source)
  }

  /** Delete `path` on every member (a tombstone) and from the bound directory, if any. */
  deleteFile(path: string): Promise<void> {
    return deleteFile(this.#appHost(), path)
  }

  /** The current version of `path`, or `versionId` from `history`, to read by range (fetched from members as needed). */
  openVersion(path: string, versionId?: string, timeoutMs?: number): Promise<VersionContent> {
    return openVersion(this.#appHost(), path, versionId, timeoutMs)
  }

  #appHost(): AppFilesHost {
    return {
      rules: this.#rules,
      filter: this.#filter,
      maxFileBytes: this.maxFileBytes,
      blockTimeoutMs: this.#o.blockTimeoutMs ?? 30_000,
      disk: this.#disk,
      own: this.#own,
      paused: () => this.#paused,
      drive: (hex) => this.#drives.get(hex),
      merge: (path) => this.#merge(path),
      livePaths: () => this.list().map((entry) => entry.path),
      indexEntry: (path) => this.#index.get(path),
      now: () => this.#now(),
      withLock: (fn) => this.#withLock(fn),
      publishPendingEdit: async (path) => {
        if (!this.#disk || !(await this.#rootPresent())) return
        await this.#scanPath(path)
        // Saved now: a crash must not leave the disk's old content unindexed, or the next scan would
        // publish it as an edit newer than the version about to be published.
        await this.#index.save()
      },
      resolve: async (path) => {
        const merged = this.#merge(path)
        if (merged && merged.maxima.length > 1) await this.#resolve(path, merged)
      },
      publish: async (path, record, location) => {
        await this.#putRecord(path, record, location)
        this.stats.published++
        this.events.emit('file', { path, action: 'published' })
        // The loop writes it to the bound directory: the winner is now this device's own record, newer than the index's.
        this.#remoteDirty.add(path)
        this.#kick()
      },
    }
  }

  // ---------------------------------------------------------------- drives

  #newDrive(store: Corestore, key: Uint8Array | null, encryptionKey: Uint8Array | null): MemberDrive {
    return new MemberDrive({
      store,
      key,
      blockTimeoutMs: this.#o.blockTimeoutMs ?? 30_000,
      encryptionKey,
      rules: this.#rules,
      onChange: (paths) => {
        for (const p of paths) this.#remoteDirty.add(p)
        this.#kick()
        this.events.emit('remote-change', { paths })
      },
      onRefused: (r) => this.#refusedByPeer(r),
    })
  }

  async #addDrive(member: FolderMemberDrive): Promise<void> {
    const { key, encryptionKey } = memberKey(member)
    const hex = Buffer.from(key).toString('hex')
    if (this.#drives.has(hex)) return
    // This device's drives of older generations open here too, by key: read-only from now on (only the
    // current generation's drive is written), their records and blobs still this device's history.
    const drive = this.#newDrive(this.#o.store.session(), key, encryptionKey === undefined ? (this.#o.encryptionKey ?? null) : encryptionKey)
    this.#drives.set(hex, drive)
    await drive.ready()
  }

  #refusedByPeer(r: DriveRefusal): void {
    this.#refuse({ path: r.key, reason: r.reason, source: 'peer', drive: r.drive }, `${r.drive}:${r.key}:${r.reason}`)
  }

  /** Report a refusal once per `dedupe` key (a rescan or re-merge would otherwise repeat it). */
  #refuse(refusal: FolderRefusal, dedupe: string): void {
    if (this.#reported.has(dedupe)) return
    this.#reported.add(dedupe)
    this.stats.refused[refusal.reason] = (this.stats.refused[refusal.reason] ?? 0) + 1
    this.events.emit('refused', refusal)
  }

  #allPaths(): Set<string> {
    const paths = new Set<string>()
    for (const d of this.#drives.values()) for (const p of d.entries.keys()) paths.add(p)
    return paths
  }

  #markAllRemote(): void {
    for (const p of this.#allPaths()) this.#remoteDirty.add(p)
  }

  #merge(path: string): MergedPath | null {
    const candidates: Candidate[] = []
    for (const d of this.#drives.values()) {
      const c = d.entries.get(path)
      if (c) candidates.push(c)
    }
    return mergePath(path, candidates)
  }

  /**
   * Write one record into this device's drive; content in our own blobs goes in the entry, anything
   * else by reference. With a batch, the caller notes the writes (`#own.wrote`) once it is flushed.
   */
  async #putRecord(path: string, record: FolderRecord, location: ContentLocation | null, batch: Hyperdrive | null = null): Promise<() => void> {
    const entry = this.#entryFor(record, location)
    await (batch ?? this.#own.drive).putEntry(`/${path}`, entry)
    const note = (): void => this.#own.wrote(path, entry.metadata, record.deleted ? null : location)
    if (!batch) note()
    return note
  }

  #entryFor(record: FolderRecord, location: ContentLocation | null): { blob: FolderBlobId | null; metadata: FolderRecord } {
    const own = location?.drive === this.#own.hex
    return { blob: own ? location!.blob : null, metadata: { ...record, src: record.deleted || own ? null : location } }
  }

  /** Publish one record: into the open batch (applying `after` once it is flushed), or at once. */
  async #publish(path: string, record: FolderRecord, location: ContentLocation | null, after: () => void): Promise<void> {
    if (this.#batching) {
      const batch = await this.#openBatch()
      const entry = this.#entryFor(record, location)
      await batch.putEntry(path, entry, () => {
        this.#own.wrote(path, entry.metadata, record.deleted ? null : location)
        after()
      })
      if (batch.full) await this.#flushBatch()
      return
    }
    await this.#putRecord(path, record, location)
    after()
  }

  async #openBatch(): Promise<PublishBatch> {
    this.#batch ??= new PublishBatch(this.#own.drive, await this.#own.drive.getBlobs())
    return this.#batch
  }

  /** Write what the batch holds. If that fails, its paths are scanned again later (nothing of it was recorded). */
  async #flushBatch(): Promise<void> {
    const batch = this.#batch
    if (!batch) return
    this.#batch = null
    try {
      await batch.flush()
    } catch (err) {
      this.#localError('', err as NodeJS.ErrnoException)
      for (const p of batch.paths) this.#retryLater(p, 'local')
    }
  }

  // ---------------------------------------------------------------- the loop

  #withLock<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(fn)
    this.#lock = run.then(
      () => undefined,
      () => undefined,
    )
    return run
  }

  #kick(): void {
    if (this.closing || !this.#started) return
    if (this.#running) {
      this.#again = true
      return
    }
    this.#running = this.#loop().finally(() => {
      this.#running = null
      this.#deferred.clear()
      if (this.#again && !this.closing) this.#kick()
      this.#emitStatus()
      if (this.#isIdle()) for (const resolveIdle of this.#idleWaiters.splice(0)) resolveIdle()
    })
    this.#emitStatus()
  }

  #isIdle(): boolean {
    if (this.#running) return false
    if (this.#paused) return true
    if (this.#finished.length > 0) return false
    return this.#localDirty.size === 0 && this.#remoteDirty.size === 0 && this.#watchPending.size === 0 && this.#downloads.size === 0
  }

  async #loop(): Promise<void> {
    do {
      this.#again = false
      if (this.closing) return
      await this.#withLock(async () => {
        // Paused: downloads that finish wait here until resume (nothing is written to a paused folder).
        if (this.#paused) return
        // Directories checked in an earlier pass are checked again: the user may have changed them.
        this.#disk?.forgetDirectories()
        await this.#finalizeAll(this.#finished.splice(0))
        if (this.#localDirty.size > 0 && this.#disk && (await this.#rootPresent())) {
          // The ignore file first: the other paths of the same batch are judged by its new patterns.
          const paths = [...this.#localDirty].sort((x, y) => Number(y === IGNORE_FILE) - Number(x === IGNORE_FILE))
          this.#localDirty.clear()
          this.#batching = true
          try {
            if (paths.includes('')) await this.#fullScan()
            else {
              const ahead = await this.#lstatAll(paths)
              for (const p of paths) await this.#guard(p, () => this.#scanPath(p, ahead.has(p) ? ahead.get(p) : undefined))
            }
          } finally {
            this.#batching = false
            await this.#flushBatch()
            this.#deletedHere.clear()
          }
        }
        if (this.#remoteDirty.size > 0) {
          const paths = [...this.#remoteDirty].sort()
          this.#remoteDirty.clear()
          const ahead = await this.#statAhead(paths)
          for (const p of paths) {
            if (this.closing) return
            await this.#guard(p, () => this.#reconcile(p, ahead))
          }
          // Fetch in the order the content sits in each drive, not by path: consecutive blocks, asked
          // for in long runs (#prefetchAhead).
          this.#downloadQueue.sort((x, y) => (x.location.drive < y.location.drive ? -1 : x.location.drive > y.location.drive ? 1 : x.location.blob.blockOffset - y.location.blob.blockOffset))
          this.#pumpDownloads()
        }
        this.#scheduleSave()
      })
      this.#emitStatus()
    } while ((this.#again || this.#localDirty.size > 0 || this.#remoteDirty.size > 0 || this.#finished.length > 0) && !this.closing && !this.#paused)
  }

  /** One path's failure (a disk error, a full disk) is reported and that path retried later; nothing else stops. */
  async #guard(path: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn()
    } catch (err) {
      if (this.closing) return
      const e = err as NodeJS.ErrnoException
      this.#localError(path, e)
      this.#retryLater(path, 'both')
    }
  }

  #localError(path: string, e: NodeJS.ErrnoException): void {
    this.stats.localErrors++
    this.events.emit('local-error', { path, code: e.code ?? 'ERROR', message: e.message })
  }

  #retryLater(path: string, which: 'local' | 'remote' | 'both'): void {
    if (this.#retryTimers.has(path) || this.closing) return
    const timer = setTimeout(() => {
      this.#retryTimers.delete(path)
      if (which !== 'remote') this.#localDirty.add(path)
      if (which !== 'local') this.#remoteDirty.add(path)
      this.#kick()
    }, this.#o.retryMs ?? 5000)
    timer.unref()
    this.#retryTimers.set(path, timer)
  }

  /** The index is written at most once a second: losing the last second to a crash costs only re-hashing those files. */
  #scheduleSave(): void {
    if (this.#saveTimer || this.closing) return
    this.#saveTimer = setTimeout(() => {
      this.#saveTimer = null
      this.#index.save().catch((err: NodeJS.ErrnoException) => this.#localError('', err))
    }, 1000)
    this.#saveTimer.unref()
  }

  #emitStatus(): void {
    const status = this.status()
    // Progress in 5% steps: enough for a progress bar, without an event per block.
    const step = status.bytesTotal > 0 ? Math.floor((status.bytesDone * 20) / status.bytesTotal) : 0
    const key = `${status.state}:${status.pending}:${step}:${status.error?.code ?? ''}`
    if (key === this.#lastStatus) return
    this.#lastStatus = key
    this.events.emit('status', status)
  }

  #now(): number {
    return Math.floor((this.#o.now ?? Date.now)())
  }

  // ---------------------------------------------------------------- local side

  async #startWatcher(): Promise<void> {
    const flush = (): void => {
      if (this.#watchTimer) clearTimeout(this.#watchTimer)
      this.#watchTimer = null
      this.#watchSince = 0
      for (const p of this.#watchPending) this.#localDirty.add(p)
      this.#watchPending.clear()
      this.#kick()
    }
    const onPath = (rel: string): void => {
      // A new or moved-in directory is reported once (its path): #scanPath walks it.
      this.#watchPending.add(rel)
      if (this.#watchTimer) clearTimeout(this.#watchTimer)
      // Debounce: an editor's save is often several events; publish once it settles. A file that
      // never settles (a log being appended to) is still looked at once a second.
      const now = Date.now()
      this.#watchSince ||= now
      const debounce = this.#o.debounceMs ?? 150
      if (now - this.#watchSince >= Math.max(1000, debounce)) return flush()
      this.#watchTimer = setTimeout(flush, debounce)
    }
    const watcher = new DirWatcher({
      root: this.#disk!.root,
      ignored: (rel) => rel.split('/').some((part) => part.startsWith(TEMP_PREFIX)),
      onPath,
      onError: (err) => this.#localError('', err),
    })
    await watcher.ready()
    this.#watcher = watcher
  }

  async #loadIgnore(): Promise<boolean> {
    let text = ''
    try {
      text = await readFile(join(this.#disk!.root, IGNORE_FILE), 'utf8')
    } catch {}
    return this.#filter.setPatterns(text)
  }

  /** Temp files left by a crash mid-download are ours: remove them before anything else. */
  async #removeStaleTemps(): Promise<void> {
    const stack = [this.#disk!.root]
    while (stack.length > 0) {
      const d = stack.pop()!
      const entries = await readdir(d, { withFileTypes: true }).catch(() => [])
      for (const e of entries) {
        if (e.name.startsWith(TEMP_PREFIX)) await unlink(join(d, e.name)).catch(() => undefined)
        else if (e.isDirectory()) stack.push(join(d, e.name))
      }
    }
  }

  /** Is the folder's root still there? A missing root must not read as "every file was deleted". */
  async #rootPresent(): Promise<boolean> {
    const st = await lstatOrNull(this.#disk!.root)
    if (st?.isDirectory()) {
      if (this.#error?.code === 'FOLDER_MISSING') this.#error = null
      return true
    }
    this.#error = { code: 'FOLDER_MISSING', message: `the folder ${this.#disk!.root} is missing; nothing is synced until it is back` }
    this.#emitStatus()
    return false
  }

  async #fullScan(): Promise<void> {
    const disk = this.#disk
    if (!disk || !(await this.#rootPresent())) return
    if (await this.#loadIgnore()) this.#markAllRemote()
    const seen = new Set<string>()
    for await (const entry of walkFolder(disk.root, '', this.#filter, (p, e) => this.#localError(p, e))) {
      if (this.closing) return
      seen.add(entry.path)
      await this.#guard(entry.path, () => this.#scanned(entry.path, entry.kind, entry.stat))
    }
    for (const path of [...this.#index.paths()]) {
      const entry = this.#index.get(path)!
      if (!entry.deleted && !seen.has(path) && this.#filter.includes(path)) await this.#guard(path, () => this.#scanPath(path))
    }
  }

  /**
   * lstat of each path at once (see #statAhead): the watcher hands over a batch at a time, most often
   * files this engine has just written itself, which then need nothing more than that look. A path
   * that changes after its lstat gets a new watcher event.
   */
  async #lstatAll(paths: string[]): Promise<Map<string, Stats | null>> {
    const out = new Map<string, Stats | null>()
    const disk = this.#disk
    if (!disk) return out
    const todo = paths.filter((p) => p !== '' && p !== IGNORE_FILE)
    for (let i = 0; i < todo.length && !this.closing; i += STAT_AHEAD_BATCH) {
      const chunk = todo.slice(i, i + STAT_AHEAD_BATCH)
      // A path that cannot be looked at is left out: #scanPath's own lstat reports it.
      const stats = await Promise.all(chunk.map((p) => lstatOrNull(disk.abs(p)).catch(() => undefined)))
      chunk.forEach((p, j) => {
        if (stats[j] !== undefined) out.set(p, stats[j])
      })
    }
    return out
  }

  /** Look at one path (a file, a directory, or something gone) after the watcher saw it change; `looked`: its lstat, if just taken. */
  async #scanPath(path: string, looked?: Stats | null): Promise<void> {
    const disk = this.#disk
    if (!disk) return
    if (path === '') return this.#fullScan()
    if (path === IGNORE_FILE) {
      if (await this.#loadIgnore()) this.rescan()
      return
    }
    const st = looked !== undefined ? looked : await lstatOrNull(disk.abs(path))
    if (st?.isDirectory()) {
      for await (const entry of walkFolder(disk.root, path, this.#filter, (p, e) => this.#localError(p, e))) {
        await this.#guard(entry.path, () => this.#scanned(entry.path, entry.kind, entry.stat))
      }
    } else if (st) {
      await this.#scanned(path, st.isFile() ? 'file' : st.isSymbolicLink() ? 'symlink' : 'other', st)
      // A file has nothing under it, unless it replaced a directory the index knew.
      if (!this.#index.hasDirectory(path)) return
    }
    // Whatever the index had at or under this path and the disk no longer has was deleted here.
    for (const p of [...this.#index.paths()]) {
      if (p !== path && !p.startsWith(path + '/')) continue
      const entry = this.#index.get(p)!
      if (entry.deleted || !this.#filter.includes(p)) continue
      const now = await lstatOrNull(disk.abs(p))
      if (!now || !now.isFile()) await this.#publishDelete(p, entry)
    }
  }

  async #scanned(path: string, kind: 'file' | 'symlink' | 'other', st: Stats): Promise<void> {
    if (!this.#filter.includes(path)) return
    if (kind !== 'file') {
      if (kind === 'symlink') this.#refuse({ path, reason: 'symlink', source: 'local', drive: null }, `local:${path}:symlink`)
      return
    }
    const check = checkRelativePath(path, this.#rules)
    if (!check.ok) {
      this.#refuse({ path, reason: check.reason, source: 'local', drive: null }, `local:${path}:${check.reason}`)
      return
    }
    const known = this.#index.get(path)
    if (known && !known.deleted && known.size === st.size && known.mtime === st.mtimeMs && known.ino === st.ino) return
    if (st.size > (this.#o.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES)) {
      this.#refuse({ path, reason: 'too-large', source: 'local', drive: null }, `local:${path}:too-large:${st.size}`)
      return
    }
    await this.#publishFile(path, st, known)
  }

  async #publishFile(path: string, before: Stats, known: IndexEntry | undefined): Promise<void> {
    // A path already in the open batch was handled in this pass (a directory walk and its own event).
    if (this.#batch?.paths.has(path)) return
    const own = this.#own
    const blobs = await own.drive.getBlobs()
    const previous = own.entries.get(path)
    const prevBlob = previous?.location?.drive === own.hex ? previous.location.blob : null
    const small = this.#batching && before.size < DEDUP_MIN_BYTES
    // A large file streams straight into the blobs core: what the batch holds must be appended first.
    if (!small) await this.#flushBatch()
    const onBytes = (n: number): void => {
      this.stats.contentBytesRead += n
    }
    let read: { hash: string; size: number; after: Stats; data: Buffer | null; blob: FolderBlobId | null; discard: () => Promise<void> }
    try {
      if (small) {
        const r = await readSmall(this.#disk!.abs(path), onBytes, this.#o.reader)
        read = { ...r, blob: null, discard: async () => undefined }
      } else {
        const r = await readIntoBlobs(this.#disk!.abs(path), blobs, prevBlob, onBytes, this.#o.reader, before.size)
        read = { ...r, data: null, discard: () => discardAppended(blobs, r.appended).catch(() => undefined) }
      }
    } catch (err) {
      const e = err as NodeJS.ErrnoException
      if (e.code === 'ENOENT') {
        this.#localDirty.add(path)
        return
      }
      if (!UNREADABLE.has(e.code ?? '')) throw err
      // Locked or not readable: say so, try again later, carry on with the rest.
      this.#localError(path, e)
      this.#retryLater(path, 'both')
      return
    }
    this.stats.filesHashed++
    const { after } = read
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs || read.size !== after.size) {
      // Still being written: the watcher will see the end of it (and a retry, if it does not).
      await read.discard()
      this.#retryLater(path, 'local')
      return
    }
    const stat = { size: after.size, mtime: after.mtimeMs, ino: after.ino }
    const ownRecord = previous?.record
    const sameAsKnown = known && !known.deleted && known.hash === read.hash
    const alreadyPublished = ownRecord && !ownRecord.deleted && ownRecord.hash === read.hash && (!known || vectorLeq(known.vv, ownRecord.vv))
    if (sameAsKnown || alreadyPublished) {
      // Touched, not changed (or published before a crash lost the index): no new version.
      await read.discard()
      const vv = joinVectors(known?.vv, alreadyPublished ? ownRecord.vv : undefined)
      this.#index.set(path, { vv, deleted: false, hash: read.hash, ...stat })
      return
    }
    const vv = bumpVector(own.hex, known?.vv, ownRecord?.vv)
    const record: FolderRecord = {
      v: 1,
      vv,
      deleted: false,
      hash: read.hash,
      size: read.size,
      mtime: Math.floor(after.mtimeMs),
      time: this.#now(),
      author: own.hex,
      src: null,
    }
    // A new path with content the folder already has (a rename, a copy): point at that content instead,
    // so peers that hold it fetch nothing.
    const existing = !known && !ownRecord ? this.#findContent(read.hash, read.size) : null
    let location: ContentLocation
    if (existing) {
      await read.discard()
      location = existing
    } else if (read.data) {
      location = { drive: own.hex, blob: await (await this.#openBatch()).putBlob(read.data) }
    } else {
      location = { drive: own.hex, blob: read.blob! }
    }
    await this.#publish(path, record, location, () => {
      this.#index.set(path, { vv, deleted: false, hash: read.hash, ...stat })
      this.stats.published++
      this.events.emit('file', { path, action: 'published' })
    })
  }

  async #publishDelete(path: string, known: IndexEntry): Promise<void> {
    const own = this.#own
    const previous = own.entries.get(path)
    const vv = bumpVector(own.hex, known.vv, previous?.record.vv)
    if (this.#batch?.paths.has(path)) return
    // A rename is a delete and a create, in whichever order the watcher reports them: the new path must
    // still find the content (still in the drive: a tombstone frees nothing), so peers fetch none of it.
    if (previous?.location && previous.record.hash) this.#deletedHere.set(`${previous.record.hash}:${previous.record.size}`, previous.location)
    const record: FolderRecord = { v: 1, vv, deleted: true, hash: null, size: 0, mtime: 0, time: this.#now(), author: own.hex, src: null }
    await this.#publish(path, record, null, () => {
      this.#index.set(path, { vv, deleted: true, hash: null, size: 0, mtime: 0, ino: 0 })
      this.stats.published++
      this.events.emit('file', { path, action: 'published' })
    })
  }

  /**
   * Does the disk still hold what the index says (the same file, or nothing for a tombstone or an
   * unknown path)? 'blocked': something that is not a regular file is there (a directory, a symlink).
   */
  async #diskState(path: string, known: IndexEntry | undefined, ahead?: Map<string, Stats | null>): Promise<'same' | 'changed' | 'blocked'> {
    const st = ahead?.has(path) ? ahead.get(path)! : await lstatOrNull(this.#disk!.abs(path))
    if (st && !st.isFile()) return 'blocked'
    if (!known || known.deleted) return st === null ? 'same' : 'changed'
    return st !== null && st.size === known.size && st.mtimeMs === known.mtime && st.ino === known.ino ? 'same' : 'changed'
  }

  /** Scan `path` before merging it again; once per loop run, then only after a retry delay (a file that cannot be published must not spin the loop). */
  #deferToLocal(path: string): void {
    if (this.#deferred.has(path)) {
      this.#retryLater(path, 'both')
      return
    }
    this.#deferred.add(path)
    this.#localDirty.add(path)
    this.#remoteDirty.add(path)
    this.#again = true
  }

  // ---------------------------------------------------------------- remote side

  /**
   * What is on disk at each of `paths` the loop may write (#mayWrite), looked at all at once: one lstat
   * per path in turn waited behind the blocks streaming in (~3 ms a path, seconds for 1,000 new files).
   * Only for deciding what to download: the commit looks again right before its rename, and a deletion
   * before its unlink, so an edit made since is never overwritten. A path this device never had (a
   * first sync) is looked up in its directory's listing, one readdir per directory instead of an lstat
   * per file (not on a case-insensitive disk, where a differently-cased name answers an lstat).
   */
  async #statAhead(paths: string[]): Promise<Map<string, Stats | null>> {
    const ahead = new Map<string, Stats | null>()
    const disk = this.#disk
    if (!disk) return ahead
    const listings = new Map<string, Promise<Set<string> | null>>()
    const listing = (dir: string): Promise<Set<string> | null> => {
      let names = listings.get(dir)
      if (!names) {
        names = readdir(dir === '' ? disk.root : disk.abs(dir)).then(
          (list) => new Set(list),
          // No such directory (or a file where it would be): nothing under it. Anything else: lstat each.
          (err: NodeJS.ErrnoException) => (err.code === 'ENOENT' || err.code === 'ENOTDIR' ? new Set<string>() : null),
        )
        listings.set(dir, names)
      }
      return names
    }
    const look = async (path: string): Promise<Stats | null> => {
      const known = this.#index.get(path)
      if (!disk.caseInsensitive && (!known || known.deleted)) {
        const slash = path.lastIndexOf('/')
        const names = await listing(slash === -1 ? '' : path.slice(0, slash))
        if (names && !names.has(path.slice(slash + 1))) return null
      }
      return lstatOrNull(disk.abs(path))
    }
    const todo = paths.filter((p) => this.#mayWrite(p))
    for (let i = 0; i < todo.length && !this.closing; i += STAT_AHEAD_BATCH) {
      const chunk = todo.slice(i, i + STAT_AHEAD_BATCH)
      // A path that cannot be looked at (EACCES…) is left out: #reconcile's own lstat reports it.
      const stats = await Promise.all(chunk.map((p) => look(p).catch(() => undefined)))
      chunk.forEach((p, j) => {
        if (stats[j] !== undefined) ahead.set(p, stats[j])
      })
    }
    return ahead
  }

  /** Is the merged version of `path` one the disk does not hold yet (so #reconcile looks at the disk)? */
  #mayWrite(path: string): boolean {
    const merged = this.#merge(path)
    if (!merged || !this.#filter.includes(path)) return false
    const known = this.#index.get(path)
    return !(known && vectorLeq(merged.vv, known.vv))
  }

  async #reconcile(path: string, ahead?: Map<string, Stats | null>): Promise<void> {
    const merged = this.#merge(path)
    if (!merged || !this.#filter.includes(path)) return
    if (merged.maxima.length > 1) await this.#resolve(path, merged)
    const disk = this.#disk
    if (!disk) return
    const target = merged.winner.record
    const known = this.#index.get(path)
    if (known && vectorLeq(merged.vv, known.vv)) return
    if (known && sameContent(known, target)) {
      this.#index.set(path, { ...known, vv: joinVectors(known.vv, merged.vv) })
      return
    }
    const current = this.#downloads.get(path)
    if (current) {
      if (current.hash === target.hash && compareVectors(current.vv, merged.vv) === 'equal') return
      this.#cancel(current)
    }
    // A deletion looks at the disk itself, right before it unlinks.
    const onDisk = await this.#diskState(path, known, target.deleted ? undefined : ahead)
    if (onDisk === 'blocked') {
      return this.#refuse({ path, reason: 'not-a-file', source: 'peer', drive: merged.winner.drive }, `${path}:${JSON.stringify(merged.vv)}:blocked`)
    }
    if (onDisk === 'changed') {
      // Edited (or created) here since we last looked: publish that first; the merge then sees both versions.
      this.#deferToLocal(path)
      return
    }
    const versionKey = `${path}:${JSON.stringify(merged.vv)}:${target.hash}`
    if (target.deleted) {
      if (known && !known.deleted) {
        await disk.remove(path)
        this.stats.deleted++
        this.events.emit('file', { path, action: 'deleted' })
      }
      this.#index.set(path, { vv: merged.vv, deleted: true, hash: null, size: 0, mtime: 0, ino: 0 })
      return
    }
    const refuse = (reason: FolderRefusalReason): void =>
      this.#refuse({ path, reason, source: 'peer', drive: merged.winner.drive }, `${versionKey}:${reason}`)
    const location = merged.winner.location!
    if (target.size > (this.#o.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES)) return refuse('too-large')
    if (!this.#drives.has(location.drive)) return refuse('unknown-source')
    if (!location.blob.blockMap && location.blob.byteLength !== target.size) return refuse('content-mismatch')
    const parent = await disk.prepareParent(path)
    if (!parent.ok) return refuse(parent.reason)
    // The target itself was looked at above (#diskState: a regular file or nothing); left: its name's case.
    const checked = await disk.checkCase(path)
    if (!checked.ok) return refuse(checked.reason)
    const download: Download = { path, vv: merged.vv, hash: target.hash!, size: target.size, mtime: target.mtime, bytesDone: 0, cancelled: false, abort: null, prefetched: false }
    this.#downloads.set(path, download)
    this.#bytesTotal += download.size
    // Started once the pass has queued all it finds (#loop), in the order of the content.
    this.#downloadQueue.push({ download, location })
  }

  /** Concurrent edits: keep the winner at the path with a vector that has seen them all, and each loser under its conflict name. */
  async #resolve(path: string, merged: MergedPath): Promise<void> {
    const ownEntry = this.#own.entries.get(path)
    const written: FolderConflict[] = []
    const batch = this.#own.drive.batch()
    const notes: Array<() => void> = []
    if (!ownEntry || compareVectors(ownEntry.record.vv, merged.vv) !== 'equal') {
      notes.push(await this.#putRecord(path, { ...merged.winner.record, vv: merged.vv }, merged.winner.location, batch))
    }
    for (const copy of merged.copies) {
      if (!checkRelativePath(copy.path, this.#rules).ok) continue
      const existing = this.#merge(copy.path)
      if (existing && existing.maxima.some((m) => vectorLeq(copy.loser.record.vv, m.record.vv))) continue
      notes.push(await this.#putRecord(copy.path, copy.loser.record, copy.loser.location, batch))
      this.#remoteDirty.add(copy.path)
      const w = merged.winner.record
      const l = copy.loser.record
      written.push({ path, copyPath: copy.path, winner: { author: w.author, time: w.time }, loser: { author: l.author, time: l.time } })
    }
    await batch.flush()
    for (const note of notes) note()
    for (const c of written) {
      this.stats.conflicts++
      this.events.emit('conflict', c)
    }
  }

  /** Some member's current record of content with this hash and size, if any. */
  #findContent(hash: string, size: number): ContentLocation | null {
    for (const drive of this.#drives.values()) {
      for (const c of drive.entries.values()) {
        if (c.location && c.record.hash === hash && c.record.size === size) return c.location
      }
    }
    return this.#deletedHere.get(`${hash}:${size}`) ?? null
  }

  #cancel(download: Download): void {
    download.cancelled = true
    download.abort?.()
    if (this.#downloads.get(download.path) === download) this.#forget(download)
  }

  #forget(download: Download): void {
    this.#downloads.delete(download.path)
    this.#bytesTotal -= download.size
    this.#bytesDone -= download.bytesDone
  }

  #pumpDownloads(): void {
    const limit = this.#o.downloadConcurrency ?? 4
    while (this.#activeDownloads < limit && this.#downloadQueue.length > 0) {
      const next = this.#downloadQueue.shift()!
      if (next.download.cancelled) continue
      this.#activeDownloads++
      this.#download(next.download, next.location)
        .then((result) => this.#finished.push({ download: next.download, result }))
        .finally(() => {
          this.#activeDownloads--
          this.#pumpDownloads()
          this.#kick()
        })
    }
    this.#prefetchAhead()
  }

  /** Ask the source drives at once for the blocks of the next queued downloads (PREFETCH_AHEAD_BYTES). */
  #prefetchAhead(): void {
    const wanted = new Map<string, Array<[number, number]>>()
    let bytes = 0
    for (let i = 0; i < this.#downloadQueue.length && i < PREFETCH_AHEAD_FILES && bytes < PREFETCH_AHEAD_BYTES; i++) {
      const { download, location } = this.#downloadQueue[i]!
      if (download.cancelled) continue
      bytes += download.size
      // A blob with a block map names its blocks in the map: its read stream asks for them once it has read it.
      if (download.prefetched || location.blob.blockMap || location.blob.blockLength === 0) continue
      download.prefetched = true
      const start = location.blob.blockOffset
      const ranges = wanted.get(location.drive) ?? []
      ranges.push([start, start + location.blob.blockLength])
      wanted.set(location.drive, ranges)
    }
    for (const [hex, ranges] of wanted) {
      const source = this.#drives.get(hex)
      if (!source) continue
      // Files published one after another sit next to each other in the blobs core: one range for a run of them.
      ranges.sort((x, y) => x[0] - y[0])
      const runs: Array<[number, number]> = []
      for (const [start, end] of ranges) {
        const last = runs.at(-1)
        if (last && start <= last[1]) last[1] = Math.max(last[1], end)
        else runs.push([start, end])
      }
      source.drive
        .getBlobs()
        .then((blobs) => {
          if (this.closing) return
          for (const [start, end] of runs) {
            const range = blobs.core.download({ start, end })
            this.#prefetches.add(range)
            range
              .done()
              .catch(() => undefined)
              .finally(() => this.#prefetches.delete(range))
          }
        })
        // The drive closed meanwhile: each download asks for its own blocks anyway.
        .catch(() => undefined)
    }
  }

  /** Fetch a version's content into a temp file beside its path (no lock held: this waits on the network). */
  async #download(download: Download, location: ContentLocation): Promise<FinishedDownload['result']> {
    try {
      const source = this.#drives.get(location.drive)
      if (!source) return { ok: false, reason: 'unknown-source' }
      const expect = { size: download.size, hash: download.hash, mtime: download.mtime }
      if (download.size === 0) return await this.#disk!.writeTemp(download.path, emptyContent(), expect, () => undefined)
      const blobs = await source.drive.getBlobs()
      // Blocks asked for ahead (#prefetchAhead) need no second range per file.
      const stream = blobs.createReadStream(location.blob, { timeout: this.#o.blockTimeoutMs ?? 30_000, prefetch: !download.prefetched })
      download.abort = () => stream.destroy(new Error('cancelled'))
      if (download.cancelled) stream.destroy(new Error('cancelled'))
      return await this.#disk!.writeTemp(download.path, stream, expect, (n) => {
        download.bytesDone += n
        if (!download.cancelled) this.#bytesDone += n
        this.#emitStatus()
      })
    } catch (err) {
      return { ok: false, error: err as Error }
    }
  }

  /**
   * Under the lock: commit finished downloads, several at once. Each is a few file system calls; one
   * after another, each waited behind the blocks streaming in, and downloads finished faster than the
   * loop moved them into place. They are different paths (one download per path), and each checks its
   * own path right before its rename. On a case-insensitive disk two names may be one file, so there
   * they go one at a time (the case check and the rename of one before the next).
   */
  async #finalizeAll(finished: FinishedDownload[]): Promise<void> {
    const together = this.#disk?.caseInsensitive ? 1 : FINALIZE_BATCH
    for (let i = 0; i < finished.length; i += together) {
      await Promise.all(finished.slice(i, i + together).map((f) => this.#guard(f.download.path, () => this.#finalize(f))))
    }
  }

  /** Under the lock: move a finished download into place if it is still the version wanted and the disk did not change meanwhile. */
  async #finalize(f: FinishedDownload): Promise<void> {
    const { download, result } = f
    const disk = this.#disk!
    const path = download.path
    const discard = async (): Promise<void> => {
      if (result.ok) await disk.discard(result.tmp)
    }
    if (download.cancelled || this.#downloads.get(path) !== download) return discard()
    this.#forget(download)
    if (!result.ok) {
      if ('reason' in result) {
        const merged = this.#merge(path)
        this.#refuse({ path, reason: result.reason, source: 'peer', drive: merged?.winner.drive ?? null }, `${path}:${JSON.stringify(download.vv)}:${result.reason}`)
      } else {
        // Most often a block no peer served in time: try again later (or when a drive grows).
        this.events.emit('transfer-error', { path, message: result.error.message })
        this.#retryLater(path, 'remote')
      }
      return
    }
    const merged = this.#merge(path)
    if (!merged || merged.winner.record.hash !== download.hash || compareVectors(merged.vv, download.vv) !== 'equal' || !this.#filter.includes(path)) {
      this.#remoteDirty.add(path)
      return discard()
    }
    const known = this.#index.get(path)
    if ((await this.#diskState(path, known)) !== 'same') {
      // A local edit landed while we downloaded: never clobber it. Publish it; the merge decides (a conflict if concurrent).
      this.#deferToLocal(path)
      return discard()
    }
    const checked = await disk.checkCase(path)
    if (!checked.ok) {
      this.#refuse({ path, reason: checked.reason, source: 'peer', drive: merged.winner.drive }, `${path}:${JSON.stringify(download.vv)}:${checked.reason}`)
      return discard()
    }
    const st = result.stat
    try {
      await disk.commit(result.tmp, path)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
      // The directory was removed meanwhile (with the temp file in it): this version was never on this disk, so write it again.
      this.#remoteDirty.add(path)
      return discard()
    }
    this.#index.set(path, { vv: merged.vv, deleted: false, hash: download.hash, size: st.size, mtime: st.mtimeMs, ino: st.ino })
    this.stats.written++
    this.events.emit('file', { path, action: 'written' })
  }
}
