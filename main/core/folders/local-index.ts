import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { z } from 'zod'
import { versionVector } from '../../../shared/domain/folders'
import type { VersionVector } from '../../../shared/domain/folders'

/**
 * What this device last knew to be on its disk, per path: the version (vector
 * and content hash) and the file's size, mtime and inode when it was last
 * scanned or written. A rescan compares a file's stat with this and reads the
 * file only when they differ, so an unchanged folder costs metadata only.
 * Tombstones stay (deleted: true) so a path re-created later is a newer version.
 */
export interface IndexEntry {
  vv: VersionVector
  deleted: boolean
  hash: string | null
  size: number
  mtime: number
  ino: number
}

const indexEntry = z.object({
  vv: versionVector,
  deleted: z.boolean(),
  hash: z.string().nullable(),
  size: z.number(),
  mtime: z.number(),
  ino: z.number(),
})
const indexFile = z.object({ v: z.literal(1), entries: z.record(z.string(), indexEntry) })
export type IndexData = z.infer<typeof indexFile>

/** Where the index is kept: a JSON file by default; the wiring may give it the vault instead. */
export interface LocalIndexStore {
  load(): Promise<IndexData | null>
  save(data: IndexData): Promise<void>
}

/** Binds a sealed index to its purpose: the same key never opens anything else. */
const SEALED_INDEX_AAD = Buffer.from('planet/folder-local-index/v1')

/**
 * A JSON file in the engine's state dir, replaced atomically (temp + rename).
 * With a `key` (the app always gives one) it is sealed with AES-256-GCM: the
 * index names the folder's files and their hashes, and nothing in PLANET's
 * data dir may hold plaintext. A plain index left by an older version is
 * ignored (one full rescan) and removed at the first save.
 */
export class JsonIndexStore implements LocalIndexStore {
  readonly #file: string
  readonly #plainFile: string
  readonly #key: Buffer | null

  constructor(stateDir: string, key: Uint8Array | null = null) {
    if (key && key.length !== 32) throw new Error('the local index key must be 32 bytes')
    this.#plainFile = join(stateDir, 'local-index.json')
    this.#file = key ? join(stateDir, 'local-index.sealed') : this.#plainFile
    this.#key = key ? Buffer.from(key) : null
  }

  async load(): Promise<IndexData | null> {
    let bytes: Buffer
    try {
      bytes = await readFile(this.#file)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw err
    }
    // A damaged (or foreign-keyed) index only costs a full rescan (hashing every file once): start empty rather than fail.
    const text = this.#key ? open(bytes, this.#key) : bytes.toString('utf8')
    if (text === null) return null
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      return null
    }
    const parsed = indexFile.safeParse(json)
    return parsed.success ? parsed.data : null
  }

  async save(data: IndexData): Promise<void> {
    await mkdir(join(this.#file, '..'), { recursive: true })
    const tmp = `${this.#file}.tmp`
    const text = JSON.stringify(data)
    await writeFile(tmp, this.#key ? seal(text, this.#key) : text)
    await rename(tmp, this.#file)
    if (this.#key) await rm(this.#plainFile, { force: true })
  }
}

function seal(text: string, key: Buffer): Buffer {
  const nonce = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key, nonce).setAAD(SEALED_INDEX_AAD)
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
  return Buffer.concat([nonce, body, cipher.getAuthTag()])
}

function open(bytes: Buffer, key: Buffer): string | null {
  if (bytes.length < 12 + 16) return null
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12)).setAAD(SEALED_INDEX_AAD)
    decipher.setAuthTag(bytes.subarray(bytes.length - 16))
    return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString('utf8')
  } catch {
    return null
  }
}

/** The in-memory index with debounced persistence. */
export class LocalIndex {
  readonly #store: LocalIndexStore
  #entries = new Map<string, IndexEntry>()
  /** Every directory that holds (or held) an indexed path: lets a scan skip looking under a plain file. */
  readonly #directories = new Set<string>()
  #dirty = false
  #saving: Promise<void> = Promise.resolve()

  constructor(store: LocalIndexStore) {
    this.#store = store
  }

  async load(): Promise<void> {
    const data = await this.#store.load()
    this.#entries = new Map(Object.entries(data?.entries ?? {}))
    for (const path of this.#entries.keys()) this.#addDirectories(path)
  }

  #addDirectories(path: string): void {
    for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) this.#directories.add(path.slice(0, i))
  }

  /** Might the index hold paths under `dir`? (Never forgets a directory: a false yes only costs a look.) */
  hasDirectory(dir: string): boolean {
    return this.#directories.has(dir)
  }

  get(path: string): IndexEntry | undefined {
    return this.#entries.get(path)
  }

  set(path: string, entry: IndexEntry): void {
    if (!this.#entries.has(path)) this.#addDirectories(path)
    this.#entries.set(path, entry)
    this.#dirty = true
  }

  delete(path: string): void {
    if (this.#entries.delete(path)) this.#dirty = true
  }

  paths(): IterableIterator<string> {
    return this.#entries.keys()
  }

  /** Write the index if it changed; saves never overlap. */
  save(): Promise<void> {
    if (!this.#dirty) return this.#saving
    this.#dirty = false
    const data: IndexData = { v: 1, entries: Object.fromEntries(this.#entries) }
    this.#saving = this.#saving.then(() => this.#store.save(data))
    return this.#saving
  }
}
