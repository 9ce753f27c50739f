import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import type { Cipher } from 'node:crypto'
import type { FileHandle } from 'node:fs/promises'
import { mkdir, open, rm, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { FOLDER_TRANSFER_LIMITS } from '../../../shared/domain/folders'
import { RpcError } from '../../../shared/rpc/errors'
import { decodeUploadChunk } from '../upload-chunk'
import { readFileBlocks } from './local-publisher'
import type { FileReader } from './local-publisher'

/** An upload with no chunk for this long is dropped and its staged file removed. */
export const UPLOAD_IDLE_MS = 10 * 60_000
const SWEEP_MS = 60_000
const CIPHER = 'aes-256-ctr'

/** Where an upload goes: a path in one group's shared folder. */
export interface UploadTarget {
  groupId: string
  folderId: string
  path: string
  size: number
}

interface Upload extends UploadTarget {
  id: string
  file: string
  handle: FileHandle
  /** AES-256-CTR, key and IV random per upload and only in memory: the staged bytes are ciphertext at rest, and a crash leaves them unreadable. */
  key: Buffer
  iv: Buffer
  cipher: Cipher
  received: number
  /** Chunk writes, one after another. */
  writing: Promise<void>
  failure: unknown
  lastActive: number
}

/** A complete upload, out of the table: the caller imports it through `reader`, then calls `discard`. */
export interface StagedUpload extends UploadTarget {
  file: string
  reader: FileReader
  discard(): Promise<void>
}

/**
 * Uploads into shared folders on this device (folders.startUpload /
 * uploadChunk / finishUpload / cancelUpload), staged chunk by chunk in an
 * encrypted temp file under the data directory, so a file of any size costs
 * one chunk of memory. At most FOLDER_TRANSFER_LIMITS.openUploads at once;
 * idle ones expire; all are dropped with the session (lock) and a folder's
 * when it goes. The staging directory is emptied before first use: what a
 * crash left there is unreadable without the keys it lost.
 */
export class FolderUploads {
  readonly #dir: string
  readonly #now: () => number
  readonly #uploads = new Map<string, Upload>()
  #prepared: Promise<void> | null = null
  #sweep: NodeJS.Timeout | null = null
  #closed = false

  constructor(dir: string, now: () => number) {
    this.#dir = dir
    this.#now = now
  }

  get open(): number {
    return this.#uploads.size
  }

  async start(target: UploadTarget): Promise<{ uploadId: string; chunkBytes: number }> {
    if (this.#closed) throw closedError()
    await this.expire()
    if (this.#uploads.size >= FOLDER_TRANSFER_LIMITS.openUploads) throw new RpcError('VAULT_BUSY', 'Too many files are being uploaded at once. Wait for those to finish.')
    this.#prepared ??= rm(this.#dir, { recursive: true, force: true })
      .then(() => mkdir(this.#dir, { recursive: true, mode: 0o700 }))
      .then(
        () => undefined,
        (error: unknown) => {
          // Tried again by the next upload (a full disk may have been freed meanwhile).
          this.#prepared = null
          throw error
        },
      )
    await this.#prepared
    const id = randomBytes(16).toString('hex')
    const file = join(this.#dir, `${id}.part`)
    const handle = await open(file, 'wx', 0o600)
    // Closed meanwhile (the session locked while the file opened): leave nothing behind.
    if (this.#closed) {
      await handle.close()
      await unlink(file).catch(() => undefined)
      throw closedError()
    }
    const key = randomBytes(32)
    const iv = randomBytes(16)
    this.#uploads.set(id, { ...target, id, file, handle, key, iv, cipher: createCipheriv(CIPHER, key, iv), received: 0, writing: Promise.resolve(), failure: null, lastActive: this.#now() })
    this.#sweep ??= setInterval(() => void this.expire(), SWEEP_MS)
    this.#sweep.unref()
    return { uploadId: id, chunkBytes: FOLDER_TRANSFER_LIMITS.chunkBytes }
  }

  async chunk(uploadId: string, offset: number, data: string): Promise<{ received: number }> {
    const upload = this.#get(uploadId)
    const bytes = decodeUploadChunk(upload, offset, data, FOLDER_TRANSFER_LIMITS.chunkBytes)
    // Counted and enciphered now, before any await: a second call with the same offset is refused, and
    // the cipher's counter follows the file's order.
    upload.received += bytes.length
    upload.lastActive = this.#now()
    const received = upload.received
    const sealed = upload.cipher.update(bytes)
    const write = upload.writing.then(async () => {
      if (upload.failure) throw upload.failure
      await upload.handle.write(sealed)
    })
    upload.writing = write.catch((error: unknown) => {
      upload.failure ??= error
    })
    try {
      await write
    } catch (error) {
      await this.#drop(upload)
      throw error
    }
    return { received }
  }

  /** Take a complete upload out of the table for the caller to import. The upload is gone whatever happens. Errors: UPLOAD_NOT_FOUND, UPLOAD_INCOMPLETE. */
  async take(uploadId: string): Promise<StagedUpload> {
    const upload = this.#get(uploadId)
    this.#uploads.delete(uploadId)
    await upload.writing
    await upload.handle.close().catch(() => undefined)
    const discard = (): Promise<void> => unlink(upload.file).catch(() => undefined)
    if (upload.failure) {
      await discard()
      throw upload.failure
    }
    if (upload.received !== upload.size) {
      await discard()
      throw new RpcError('UPLOAD_INCOMPLETE', `“${upload.path}” had not finished uploading (${upload.received} of ${upload.size} bytes): upload it again.`)
    }
    const { key, iv } = upload
    return {
      groupId: upload.groupId,
      folderId: upload.folderId,
      path: upload.path,
      size: upload.size,
      file: upload.file,
      reader: (abs) => decrypt(readFileBlocks(abs), key, iv),
      discard,
    }
  }

  /** Idempotent: an unknown id is fine. */
  async cancel(uploadId: string): Promise<void> {
    const upload = this.#uploads.get(uploadId)
    if (upload) await this.#drop(upload)
  }

  /** The folder went (removed, or I left the group): its uploads go too. */
  async dropFolder(groupId: string, folderId: string): Promise<void> {
    for (const upload of [...this.#uploads.values()]) if (upload.groupId === groupId && upload.folderId === folderId) await this.#drop(upload)
  }

  /** Drop uploads idle for UPLOAD_IDLE_MS (also done on a timer while any is open). */
  async expire(): Promise<void> {
    const now = this.#now()
    for (const upload of [...this.#uploads.values()]) if (now - upload.lastActive > UPLOAD_IDLE_MS) await this.#drop(upload)
  }

  async close(): Promise<void> {
    this.#closed = true
    if (this.#sweep) clearInterval(this.#sweep)
    this.#sweep = null
    for (const upload of [...this.#uploads.values()]) await this.#drop(upload)
  }

  #get(uploadId: string): Upload {
    const upload = this.#uploads.get(uploadId)
    if (!upload) throw new RpcError('UPLOAD_NOT_FOUND', 'This upload expired or was never started. Upload the file again.')
    return upload
  }

  async #drop(upload: Upload): Promise<void> {
    if (this.#uploads.get(upload.id) === upload) this.#uploads.delete(upload.id)
    await upload.writing
    await upload.handle.close().catch(() => undefined)
    await unlink(upload.file).catch(() => undefined)
  }
}

function closedError(): RpcError {
  return new RpcError('FOLDER_UNAVAILABLE', 'Shared folders are closing: unlock and try again.')
}

async function* decrypt(blocks: AsyncIterable<Buffer>, key: Buffer, iv: Buffer): AsyncGenerator<Buffer> {
  const decipher = createDecipheriv(CIPHER, key, iv)
  // CTR keeps lengths: each 64 KiB block read comes out as 64 KiB of plaintext.
  for await (const block of blocks) yield decipher.update(block)
}
