import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
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

/** A JSON file in the engine's state dir, replaced atomically (temp + rename). */
export class JsonIndexStore implements LocalIndexStore {
  readonly #file: string
  constructor(stateDir: string) {
    this.#file = join(stateDir, 'local-index.json')
  }

  async load(): Promise<IndexData | null> {
    let text: string
    try {
      text = await readFile(this.#file, 'utf8')
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw err
    }
    const parsed = indexFile.safeParse(JSON.parse(text))
    // A damaged index only costs a full rescan (hashing every file once): start empty rather than fail.
    return parsed.success ? parsed.data : null
  }

  async save(data: IndexData): Promise<void> {
    await mkdir(join(this.#file, '..'), { recursive: true })
    const tmp = `${this.#file}.tmp`
    await writeFile(tmp, JSON.stringify(data))
    await rename(tmp, this.#file)
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
