import { randomBytes } from 'node:crypto'
import type Corestore from 'corestore'
import type { z } from 'zod'
import type { docEntry } from '../../../shared/contract/docs'
import { DOCS_LIMITS, FOLDER_MARKER, baseName, docMime, freeName, isWithin, joinDocPath, nameKey, nameProblem, parentOf, parseDocPath } from '../../../shared/domain/docs'
import { RpcError } from '../../../shared/rpc/errors'
import { Resource } from '../resource'
import { decodeUploadChunk } from '../upload-chunk'
import type { BlobId, Blobs, Drive, DriveBatch, DriveNode } from './drive'
import { encodeBlockMap, openDrive } from './drive'

export type DocEntry = z.infer<typeof docEntry>

/** Blocks of the blobs core, as hyperblobs writes them. */
const BLOCK_BYTES = 64 * 1024
/** Uploads without a chunk for this long are dropped and their bytes erased. */
const UPLOAD_IDLE_MS = 30 * 60_000

/** What each entry carries as its hyperdrive `metadata` (stored format: fields are only added). */
interface FileMeta {
  v: 1
  kind: 'file'
  size: number
  mime: string
  modified: number
}
interface FolderMeta {
  v: 1
  kind: 'folder'
  created: number
}

interface Upload {
  id: string
  folder: string
  name: string
  size: number
  mime: string
  onConflict: 'refuse' | 'keepBoth'
  received: number
  /** Where its bytes went in the blobs core, in order (other uploads may interleave). */
  blocks: Array<{ index: number; byteLength: number }>
  byteOffset: number | null
  lastActive: number
}

export interface MyDocsOptions {
  /** The drive's namespace of this device's corestore (closed with the drive). */
  store: Corestore
  encryptionKey: Buffer
  now: () => number
  /** Something in `folder` changed. */
  onChanged: (folder: string) => void
}

/**
 * My docs: one Hyperdrive in this device's corestore, encrypted with a random
 * key kept in the vault and never sent to anyone. Files are drive entries
 * whose metadata records size, type and time; a folder is kept by a marker
 * entry (`<folder>/.planet-folder`), since a drive has no empty directories.
 *
 * Every change runs under one lock, so "is the name free?" and the write that
 * depends on it never race; renames and moves of a folder rewrite all its
 * entries in one drive batch (atomic: all or none). Uploads stream into the
 * blobs core chunk by chunk and are stored as an entry only once complete.
 */
export class MyDocs extends Resource {
  readonly #options: MyDocsOptions
  #drive!: Drive
  #blobs!: Blobs
  #queue: Promise<unknown> = Promise.resolve()
  readonly #uploads = new Map<string, Upload>()

  constructor(options: MyDocsOptions) {
    super()
    this.#options = options
  }

  /** The drive's public key (hex): recorded in the vault to notice a different corestore. */
  get key(): string {
    return this.#drive.key.toString('hex')
  }

  protected async _open(): Promise<void> {
    this.#drive = openDrive(this.#options.store, this.#options.encryptionKey)
    await this.#drive.ready()
    this.#blobs = await this.#drive.getBlobs()
  }

  protected async _close(): Promise<void> {
    // Let a running change finish, then erase what unfinished uploads wrote.
    await this.#serial(async () => {
      for (const upload of this.#uploads.values()) await this.#erase(upload).catch(() => undefined)
      this.#uploads.clear()
    }).catch(() => undefined)
    await this.#drive.close()
  }

  // ——— reads ———

  async list(folder: string): Promise<{ folder: string; entries: DocEntry[] }> {
    const segments = checkPath(folder)
    const kind = await this.#kindOf(folder)
    if (kind === null) throw notFound(folder)
    if (kind === 'file') throw new RpcError('DOCS_NOT_A_FOLDER', `“${baseName(folder)}” is a file, not a folder.`)
    const entries: DocEntry[] = []
    for (const name of await this.#childNames(folder)) entries.push(await this.#describe(joinDocPath(folder, name)))
    entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' }) : a.kind === 'folder' ? -1 : 1))
    return { folder: segments.join('/'), entries }
  }

  /** Every folder (marked, or implied by what it holds), root first, then in path order. */
  async listFolders(): Promise<string[]> {
    const folders = new Set<string>([''])
    for await (const node of this.#drive.list('/')) {
      for (let folder = parentOf(node.key.slice(1)); folder !== '' && !folders.has(folder); folder = parentOf(folder)) folders.add(folder)
    }
    return [...folders].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' }))
  }

  async stat(path: string): Promise<DocEntry> {
    checkPath(path, { root: false })
    if ((await this.#kindOf(path)) === null) throw notFound(path)
    return this.#describe(path)
  }

  /** Up to `length` bytes of a file from `offset`. */
  async read(path: string, offset: number, length: number): Promise<{ data: string; done: boolean; size: number }> {
    checkPath(path, { root: false })
    const node = await this.#fileNode(path)
    if (!node) throw notFound(path)
    const size = sizeOf(node)
    if (offset >= size || !node.value.blob) return { data: '', done: true, size }
    const wanted = Math.min(length, size - offset)
    const parts: Buffer[] = []
    let got = 0
    // Never wait for a peer: every block of my drive is on this device, unless it was deleted meanwhile.
    const stream = this.#blobs.createReadStream(node.value.blob, { start: offset, length: wanted, wait: false })
    try {
      for await (const part of stream) {
        parts.push(part)
        got += part.length
        if (got >= wanted) break
      }
    } catch (error) {
      if (!(await this.#fileNode(path))) throw notFound(path)
      throw error
    } finally {
      stream.destroy()
    }
    const bytes = Buffer.concat(parts).subarray(0, wanted)
    return { data: bytes.toString('base64'), done: offset + bytes.length >= size, size }
  }

  // ——— changes ———

  createFolder(folder: string, name: string): Promise<DocEntry> {
    checkPath(folder)
    checkName(name)
    return this.#exclusive(async () => {
      await this.#requireFolder(folder)
      await this.#requireFree(folder, name)
      const path = joinDocPath(folder, name)
      const meta: FolderMeta = { v: 1, kind: 'folder', created: this.#options.now() }
      await this.#drive.putEntry(driveKey(joinDocPath(path, FOLDER_MARKER)), { blob: null, metadata: meta })
      this.#options.onChanged(folder)
      return this.#describe(path)
    })
  }

  startUpload(input: { folder: string; name: string; size: number; mime: string; onConflict: 'refuse' | 'keepBoth' }): Promise<{ uploadId: string; chunkBytes: number }> {
    checkPath(input.folder)
    checkName(input.name)
    if (input.size > DOCS_LIMITS.fileBytes) {
      throw new RpcError('DOCS_TOO_LARGE', `This file is ${formatSize(input.size)}; a file in My docs can be at most ${formatSize(DOCS_LIMITS.fileBytes)}.`, {
        limit: DOCS_LIMITS.fileBytes,
      })
    }
    return this.#exclusive(async () => {
      await this.#expire()
      if (this.#uploads.size >= DOCS_LIMITS.pendingUploads) throw new RpcError('VAULT_BUSY', 'Too many files are being uploaded at once. Wait for those to finish.')
      await this.#requireFolder(input.folder)
      if (input.onConflict === 'refuse') await this.#requireFree(input.folder, input.name)
      const id = randomBytes(16).toString('hex')
      this.#uploads.set(id, {
        id,
        folder: input.folder,
        name: input.name,
        size: input.size,
        mime: docMime(input.name, input.mime),
        onConflict: input.onConflict,
        received: 0,
        blocks: [],
        byteOffset: null,
        lastActive: this.#options.now(),
      })
      return { uploadId: id, chunkBytes: DOCS_LIMITS.chunkBytes }
    })
  }

  uploadChunk(uploadId: string, offset: number, data: string): Promise<{ received: number }> {
    return this.#exclusive(async () => {
      const upload = this.#upload(uploadId)
      const bytes = decodeUploadChunk(upload, offset, data, DOCS_LIMITS.chunkBytes)
      const core = this.#blobs.core
      const blocks: Buffer[] = []
      for (let at = 0; at < bytes.length; at += BLOCK_BYTES) blocks.push(bytes.subarray(at, at + BLOCK_BYTES))
      const first = core.length
      if (upload.byteOffset === null) upload.byteOffset = core.byteLength
      await core.append(blocks)
      blocks.forEach((block, i) => upload.blocks.push({ index: first + i, byteLength: block.length }))
      upload.received += bytes.length
      upload.lastActive = this.#options.now()
      return { received: upload.received }
    })
  }

  finishUpload(uploadId: string): Promise<DocEntry> {
    return this.#exclusive(async () => {
      const upload = this.#upload(uploadId)
      if (upload.received !== upload.size) throw new RpcError('UPLOAD_INCOMPLETE', `“${upload.name}” has not finished uploading (${upload.received} of ${upload.size} bytes).`)
      // From here on the upload is settled: stored, or dropped with its bytes erased.
      this.#uploads.delete(upload.id)
      try {
        await this.#requireFolder(upload.folder)
        let name = upload.name
        if (upload.onConflict === 'refuse') await this.#requireFree(upload.folder, name)
        else name = freeName(name, new Set((await this.#childNames(upload.folder)).map(nameKey)))
        const blob = await this.#blobOf(upload)
        const meta: FileMeta = { v: 1, kind: 'file', size: upload.size, mime: upload.mime, modified: this.#options.now() }
        const path = joinDocPath(upload.folder, name)
        await this.#drive.putEntry(driveKey(path), { blob, metadata: meta })
        this.#options.onChanged(upload.folder)
        return this.#describe(path)
      } catch (error) {
        await this.#erase(upload).catch(() => undefined)
        throw error
      }
    })
  }

  cancelUpload(uploadId: string): Promise<void> {
    return this.#exclusive(async () => {
      const upload = this.#uploads.get(uploadId)
      if (!upload) return
      this.#uploads.delete(uploadId)
      await this.#erase(upload)
    })
  }

  rename(path: string, name: string): Promise<DocEntry> {
    checkPath(path, { root: false })
    checkName(name)
    return this.#exclusive(async () => {
      const kind = await this.#kindOf(path)
      if (kind === null) throw notFound(path)
      const folder = parentOf(path)
      const current = baseName(path)
      if (name === current) return this.#describe(path)
      // Only the case (or Unicode form) changes: the same item, so no clash with itself.
      if (nameKey(name) !== nameKey(current)) await this.#requireFree(folder, name)
      const to = joinDocPath(folder, name)
      await this.#relocate(path, to, kind)
      this.#options.onChanged(folder)
      return this.#describe(to)
    })
  }

  move(path: string, toFolder: string): Promise<DocEntry> {
    checkPath(path, { root: false })
    checkPath(toFolder)
    return this.#exclusive(async () => {
      const kind = await this.#kindOf(path)
      if (kind === null) throw notFound(path)
      await this.#requireFolder(toFolder)
      if (kind === 'folder' && isWithin(toFolder, path)) throw new RpcError('DOCS_INVALID_MOVE', 'A folder cannot be moved into itself or into one of its own folders.')
      const from = parentOf(path)
      if (from === toFolder) return this.#describe(path)
      const name = baseName(path)
      await this.#requireFree(toFolder, name)
      const to = joinDocPath(toFolder, name)
      await this.#relocate(path, to, kind)
      this.#options.onChanged(from)
      this.#options.onChanged(toFolder)
      return this.#describe(to)
    })
  }

  /** Delete a file, or a folder and everything in it; the bytes are erased once the entries are gone. */
  delete(path: string): Promise<{ files: number; folders: number }> {
    checkPath(path, { root: false })
    return this.#exclusive(async () => {
      const kind = await this.#kindOf(path)
      if (kind === null) throw notFound(path)
      const nodes = kind === 'file' ? [(await this.#fileNode(path))!] : await this.#nodesUnder(path)
      await this.#inBatch(async (batch) => {
        for (const node of nodes) await batch.del(node.key)
      })
      // Only now, with no entry pointing at them, are the blocks erased.
      for (const node of nodes) if (node.value.blob) await this.#blobs.clear(node.value.blob).catch(() => undefined)
      const files = nodes.filter((node) => baseName(node.key) !== FOLDER_MARKER).length
      const folders = kind === 'folder' ? new Set(nodes.map((node) => parentOf(node.key.slice(1))).filter((folder) => isWithin(folder, path))).size : 0
      this.#options.onChanged(parentOf(path))
      return { files, folders: Math.max(folders, kind === 'folder' ? 1 : 0) }
    })
  }

  // ——— internals ———

  #exclusive<T>(operation: () => Promise<T>): Promise<T> {
    if (this.closing) return Promise.reject(new RpcError('DOCS_NOT_READY', 'My docs is closing. Try again in a moment.'))
    return this.#serial(operation)
  }

  #serial<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(operation, operation)
    this.#queue = run.catch(() => undefined)
    return run
  }

  #upload(uploadId: string): Upload {
    const upload = this.#uploads.get(uploadId)
    if (!upload) throw new RpcError('UPLOAD_NOT_FOUND', 'This upload expired or was never started. Upload the file again.')
    return upload
  }

  async #expire(): Promise<void> {
    const now = this.#options.now()
    for (const upload of [...this.#uploads.values()]) {
      if (now - upload.lastActive <= UPLOAD_IDLE_MS) continue
      this.#uploads.delete(upload.id)
      await this.#erase(upload).catch(() => undefined)
    }
  }

  /** Erase the blocks an unfinished upload wrote, run by run. */
  async #erase(upload: Upload): Promise<void> {
    let start = -1
    let end = -1
    for (const { index } of upload.blocks) {
      if (index === end) {
        end++
        continue
      }
      if (start !== -1) await this.#blobs.core.clear(start, end)
      start = index
      end = index + 1
    }
    if (start !== -1) await this.#blobs.core.clear(start, end)
  }

  /** The hyperblobs id of a finished upload: a plain range when its blocks are contiguous, else a block map. */
  async #blobOf(upload: Upload): Promise<BlobId> {
    const core = this.#blobs.core
    const blocks = upload.blocks
    if (blocks.length === 0) return { blockOffset: core.length, blockLength: 0, byteOffset: core.byteLength, byteLength: 0 }
    const contiguous = blocks.every((block, i) => block.index === blocks[0]!.index + i)
    if (contiguous) return { blockOffset: blocks[0]!.index, blockLength: blocks.length, byteOffset: upload.byteOffset!, byteLength: upload.size }
    // Another upload wrote in between: list the blocks, as hyperblobs' dedup streams do.
    const map = encodeBlockMap(blocks)
    const blockOffset = core.length
    const byteOffset = core.byteLength
    await core.append(map)
    return { blockOffset, blockLength: map.length, byteOffset, byteLength: core.byteLength - byteOffset, blockMap: true }
  }

  /** Move every entry of `from` (a file, or a folder's whole tree) to `to`, in one batch. */
  async #relocate(from: string, to: string, kind: 'file' | 'folder'): Promise<void> {
    const nodes = kind === 'file' ? [(await this.#fileNode(from))!] : await this.#nodesUnder(from)
    await this.#inBatch(async (batch) => {
      for (const node of nodes) {
        const relative = node.key.slice(1 + from.length)
        await batch.putEntry(driveKey(to + relative), { blob: node.value.blob, metadata: node.value.metadata })
      }
      for (const node of nodes) await batch.del(node.key)
    })
  }

  async #inBatch(write: (batch: DriveBatch) => Promise<void>): Promise<void> {
    const batch = this.#drive.batch()
    try {
      await write(batch)
      await batch.flush()
    } catch (error) {
      await batch.close().catch(() => undefined)
      throw error
    }
  }

  async #nodesUnder(folder: string): Promise<DriveNode[]> {
    const nodes: DriveNode[] = []
    for await (const node of this.#drive.list(driveKey(folder))) nodes.push(node)
    return nodes
  }

  /** Names directly in `folder` (files and folders; not the marker). */
  async #childNames(folder: string): Promise<string[]> {
    const names: string[] = []
    for await (const name of this.#drive.readdir(folder === '' ? '/' : driveKey(folder))) if (name !== FOLDER_MARKER) names.push(name)
    return names
  }

  async #fileNode(path: string): Promise<DriveNode | null> {
    const node = await this.#drive.entry(driveKey(path))
    return node && baseName(path) !== FOLDER_MARKER ? node : null
  }

  async #kindOf(path: string): Promise<'file' | 'folder' | null> {
    if (path === '') return 'folder'
    if (await this.#fileNode(path)) return 'file'
    if (await this.#drive.entry(driveKey(joinDocPath(path, FOLDER_MARKER)))) return 'folder'
    // A folder that lost its marker still holds entries.
    for await (const name of this.#drive.readdir(driveKey(path))) {
      void name
      return 'folder'
    }
    return null
  }

  async #requireFolder(folder: string): Promise<void> {
    const kind = await this.#kindOf(folder)
    if (kind === null) throw notFound(folder)
    if (kind === 'file') throw new RpcError('DOCS_NOT_A_FOLDER', `“${baseName(folder)}” is a file, not a folder.`)
  }

  async #requireFree(folder: string, name: string): Promise<void> {
    const key = nameKey(name)
    const clash = (await this.#childNames(folder)).find((existing) => nameKey(existing) === key)
    if (clash !== undefined) {
      throw new RpcError('DOCS_EXISTS', `There is already ${clash === name ? 'an item' : `“${clash}”`} called “${name}” in ${folder === '' ? 'My docs' : `“${baseName(folder)}”`}.`, {
        name: clash,
      })
    }
  }

  async #describe(path: string): Promise<DocEntry> {
    const name = baseName(path)
    const file = await this.#fileNode(path)
    if (file) {
      const meta = file.value.metadata as Partial<FileMeta> | null
      return { name, path, kind: 'file', size: sizeOf(file), mime: typeof meta?.mime === 'string' ? meta.mime : docMime(name, ''), modified: numberOrNull(meta?.modified) }
    }
    const marker = await this.#drive.entry(driveKey(joinDocPath(path, FOLDER_MARKER)))
    const meta = marker?.value.metadata as Partial<FolderMeta> | null | undefined
    return { name, path, kind: 'folder', size: 0, mime: '', modified: numberOrNull(meta?.created) }
  }
}

/** A wire path as a drive key: '/Projects/report.pdf'. */
function driveKey(path: string): string {
  return `/${path}`
}

function checkPath(path: string, { root = true }: { root?: boolean } = {}): string[] {
  const parsed = parseDocPath(path)
  if (!parsed.ok) throw new RpcError('DOCS_INVALID_NAME', parsed.problem)
  if (!root && parsed.segments.length === 0) throw new RpcError('DOCS_INVALID_NAME', 'This needs a file or folder, not My docs itself.')
  return parsed.segments
}

function checkName(name: string): void {
  const problem = nameProblem(name)
  if (problem) throw new RpcError('DOCS_INVALID_NAME', problem)
}

function notFound(path: string): RpcError {
  return new RpcError('DOCS_NOT_FOUND', path === '' ? 'My docs could not be read.' : `“${baseName(path)}” is not in My docs (any more).`)
}

function sizeOf(node: DriveNode): number {
  const meta = node.value.metadata as Partial<FileMeta> | null
  if (typeof meta?.size === 'number') return meta.size
  return node.value.blob && !node.value.blob.blockMap ? node.value.blob.byteLength : 0
}

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) ? value : null
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${Math.round((bytes / 1024 ** 3) * 10) / 10} GB`
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`
}
