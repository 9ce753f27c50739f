import { randomBytes } from 'node:crypto'
import type Hypercore from 'hypercore'
import sodium from 'sodium-native'
import type { FileRef } from '../../../shared/domain/ops'
import { LIMITS } from '../../../shared/domain/people'
import { RpcError } from '../../../shared/rpc/errors'
import type { EventBus } from '../event-bus'
import type { PeopleSession } from '../people/session'
import { getSpaceRow } from '../people/session'
import type { Space } from '../spaces/space'
import { fromHex, hex } from '../spaces/certs'
import { FILE_BLOCK_BYTES } from '../spaces/space-rules'
import type { Message } from './chat-queries'

/** Files are stored in 64 KiB blocks of the author's per-space files core (the rules check references against it). */
const BLOCK_BYTES = FILE_BLOCK_BYTES
/** What the UI sends per uploadChunk call (before base64). */
const UPLOAD_CHUNK_BYTES = 512 * 1024
/** Uploads not finished and sent within this time are dropped. */
const UPLOAD_TTL_MS = 30 * 60_000
/** Bytes held for unfinished uploads at once: plaintext never goes to disk, so it stays in memory. */
const MAX_PENDING_BYTES = 2 * LIMITS.attachmentBytes

interface Upload {
  id: string
  name: string
  size: number
  mime: string
  chunks: Buffer[]
  received: number
  startedAt: number
}

interface Progress {
  received: number
  total: number
}

/**
 * Attachments: the sender streams the file in (chats.startUpload/uploadChunk),
 * it is appended to the sender's own "files" hypercore in that space
 * (encrypted with the space key), and the message carries a signed reference.
 * The receiver downloads the blocks from any member who has them, verified by
 * hypercore's signed Merkle tree, with progress events.
 */
export class Attachments {
  readonly #uploads = new Map<string, Upload>()
  readonly #progress = new Map<string, Progress>()
  readonly #events: EventBus
  readonly #now: () => number
  /** Open files cores per session (closed with the session's corestore). */
  readonly #cores = new WeakMap<PeopleSession, Map<string, Promise<Hypercore>>>()

  constructor(events: EventBus, now: () => number) {
    this.#events = events
    this.#now = now
  }

  startUpload(name: string, size: number, mime: string): { uploadId: string; chunkBytes: number } {
    if (size > LIMITS.attachmentBytes) {
      throw new RpcError('ATTACHMENT_TOO_LARGE', `This file is ${formatMb(size)}; attachments can be at most ${formatMb(LIMITS.attachmentBytes)}.`, {
        limit: LIMITS.attachmentBytes,
      })
    }
    this.#expire()
    const pending = [...this.#uploads.values()].reduce((sum, upload) => sum + upload.size, 0)
    if (pending + size > MAX_PENDING_BYTES) throw new RpcError('VAULT_BUSY', 'Too many files are being attached at once. Send those first.')
    const id = randomBytes(16).toString('hex')
    this.#uploads.set(id, { id, name: safeName(name), size, mime, chunks: [], received: 0, startedAt: this.#now() })
    return { uploadId: id, chunkBytes: UPLOAD_CHUNK_BYTES }
  }

  uploadChunk(uploadId: string, offset: number, data: string): { received: number } {
    const upload = this.#uploads.get(uploadId)
    if (!upload) throw new RpcError('UPLOAD_NOT_FOUND', 'This upload expired or was never started. Attach the file again.')
    if (offset !== upload.received) throw new RpcError('INVALID_INPUT', `Expected the chunk at offset ${upload.received}, got ${offset}.`)
    const bytes = Buffer.from(data, 'base64')
    if (bytes.length === 0 || bytes.length > UPLOAD_CHUNK_BYTES || upload.received + bytes.length > upload.size) {
      throw new RpcError('INVALID_INPUT', 'That chunk does not fit the file size given at the start.')
    }
    upload.chunks.push(bytes)
    upload.received += bytes.length
    return { received: upload.received }
  }

  /** Turn finished uploads into file references, appending their bytes to my files core in this space. */
  async commitUploads(session: PeopleSession, space: Space, uploadIds: readonly string[], options: { encrypt?: boolean } = {}): Promise<FileRef[]> {
    const uploads = uploadIds.map((id) => {
      const upload = this.#uploads.get(id)
      if (!upload) throw new RpcError('UPLOAD_NOT_FOUND', 'An attachment expired before sending. Attach it again.')
      if (upload.received !== upload.size) throw new RpcError('UPLOAD_INCOMPLETE', `"${upload.name}" has not finished uploading.`)
      return upload
    })
    if (uploads.length === 0) return []
    const core = await this.#filesCore(session, space, null)
    const refs: FileRef[] = []
    for (const upload of uploads) {
      const bytes = Buffer.concat(upload.chunks)
      const fileKey = options.encrypt ? randomBytes(32) : null
      const blocks: Buffer[] = []
      for (let at = 0, index = 0; at < bytes.length; at += BLOCK_BYTES, index++) {
        const block = bytes.subarray(at, at + BLOCK_BYTES)
        blocks.push(fileKey ? cryptBlock(block, index, fileKey) : block)
      }
      const blockOffset = core.length
      const byteOffset = (core as unknown as { byteLength: number }).byteLength
      if (blocks.length > 0) await core.append(blocks)
      const fileId = randomBytes(16).toString('hex')
      const ref: FileRef = { id: fileId, name: upload.name, size: upload.size, mime: upload.mime, core: hex(core.key), blockOffset, blockLength: blocks.length, byteOffset, byteLength: bytes.length }
      if (fileKey) ref.key = hex(fileKey)
      refs.push(ref)
      this.#progress.set(fileId, { received: upload.size, total: upload.size })
      this.#uploads.delete(upload.id)
    }
    return refs
  }

  /**
   * Fill in what this device holds of each attachment. Files not seen in
   * this session are checked against the local blocks once (a single range
   * query), so a file downloaded before a restart shows as available.
   */
  async withState(session: PeopleSession, message: Message): Promise<Message> {
    if (message.attachments.length === 0) return message
    for (const attachment of message.attachments) {
      if (this.#progress.has(attachment.id)) continue
      const found = this.#lookup(session, message, attachment.id)
      if (!found) continue
      const { ref, space } = found
      const core = await this.#filesCore(session, space, ref.core)
      const whole = ref.blockLength === 0 || (await core.has(ref.blockOffset, ref.blockOffset + ref.blockLength))
      if (whole) this.#progress.set(ref.id, { received: ref.size, total: ref.size })
    }
    return {
      ...message,
      attachments: message.attachments.map((attachment) => {
        const progress = this.#progress.get(attachment.id)
        const received = progress?.received ?? 0
        return { ...attachment, received, state: received >= attachment.size ? 'available' : 'partial' }
      }),
    }
  }

  /** Fetch an attachment's blocks; resolves once started, progress arrives as events. */
  async download(session: PeopleSession, message: Message, attachmentId: string): Promise<Message['attachments'][number]> {
    const { ref, space } = this.#find(session, message, attachmentId)
    const core = await this.#filesCore(session, space, ref.core)
    const total = ref.size
    const count = async () => {
      let have = 0
      for (let i = 0; i < ref.blockLength; i++) if (await core.has(ref.blockOffset + i)) have++
      return Math.min(total, have * BLOCK_BYTES)
    }
    const progress = { received: await count(), total }
    this.#progress.set(ref.id, progress)
    if (progress.received < total && ref.blockLength > 0) {
      const range = core.download({ start: ref.blockOffset, end: ref.blockOffset + ref.blockLength })
      const onDownload = (index: number, byteLength: number) => {
        if (index < ref.blockOffset || index >= ref.blockOffset + ref.blockLength) return
        progress.received = Math.min(total, progress.received + byteLength)
        this.#events.emit('chats.onAttachmentProgress', { conversationId: message.conversationId, messageId: message.id, attachmentId, received: progress.received, total })
      }
      core.on('download', onDownload)
      void range
        .done()
        .then(async () => {
          progress.received = total
          this.#events.emit('chats.onAttachmentProgress', { conversationId: message.conversationId, messageId: message.id, attachmentId, received: total, total })
          this.#events.emit('chats.onMessagesChanged', { conversationId: message.conversationId })
        })
        .catch(() => undefined)
        .finally(() => core.off('download', onDownload))
    }
    const attachment = message.attachments.find((item) => item.id === attachmentId)!
    return { ...attachment, received: progress.received, state: progress.received >= total ? 'available' : 'partial' }
  }

  async read(session: PeopleSession, message: Message, attachmentId: string, offset: number, length: number): Promise<{ data: string; done: boolean }> {
    const { ref, space } = this.#find(session, message, attachmentId)
    const core = await this.#filesCore(session, space, ref.core)
    if (offset >= ref.byteLength) return { data: '', done: true }
    const end = Math.min(ref.byteLength, offset + length)
    const first = Math.floor(offset / BLOCK_BYTES)
    const last = Math.floor((end - 1) / BLOCK_BYTES)
    const parts: Buffer[] = []
    for (let block = first; block <= last; block++) {
      if (!(await core.has(ref.blockOffset + block))) throw new RpcError('ATTACHMENT_NOT_FOUND', 'This part of the file is not on this device yet: download it first.')
      const stored = (await core.get(ref.blockOffset + block, { wait: false })) as Buffer
      parts.push(ref.key ? cryptBlock(stored, block, fromHex(ref.key)) : stored)
    }
    const bytes = Buffer.concat(parts).subarray(offset - first * BLOCK_BYTES, end - first * BLOCK_BYTES)
    return { data: bytes.toString('base64'), done: end >= ref.byteLength }
  }

  #lookup(session: PeopleSession, message: Message, attachmentId: string): { ref: FileRef; space: Space } | null {
    const row = session.db.prepare('SELECT files FROM space_messages WHERE space = ? AND id = ?').get(message.conversationId, message.id) as { files: string | null } | undefined
    const ref = row?.files ? (JSON.parse(row.files) as FileRef[]).find((file) => file.id === attachmentId) : undefined
    const space = session.spaces.get(message.conversationId)
    return ref && space && !message.deleted ? { ref, space } : null
  }

  #find(session: PeopleSession, message: Message, attachmentId: string): { ref: FileRef; space: Space } {
    const found = this.#lookup(session, message, attachmentId)
    if (!found) throw new RpcError('ATTACHMENT_NOT_FOUND', 'There is no such attachment in this message.')
    return found
  }

  async #filesCore(session: PeopleSession, space: Space, key: string | null): Promise<Hypercore> {
    let cores = this.#cores.get(session)
    if (!cores) this.#cores.set(session, (cores = new Map()))
    const id = `${space.key}:${key ?? 'mine'}`
    let core = cores.get(id)
    if (!core) {
      core = this.#openFilesCore(session, space, key)
      cores.set(id, core)
    }
    return core
  }

  async #openFilesCore(session: PeopleSession, space: Space, key: string | null): Promise<Hypercore> {
    const row = getSpaceRow(session.db, space.key)!
    const store = session.network.store.namespace(row.namespace)
    const core = key === null ? store.get({ name: 'files', encryptionKey: fromHex(row.encryption_key) }) : store.get({ key: fromHex(key), encryptionKey: fromHex(row.encryption_key) })
    await core.ready()
    return core
  }

  #expire(): void {
    const now = this.#now()
    for (const [id, upload] of this.#uploads) if (now - upload.startedAt > UPLOAD_TTL_MS) this.#uploads.delete(id)
  }
}

/**
 * XChaCha20 keystream XOR for block `index` of a file with its own random
 * key (so a zero nonce is never reused across files; the counter starts at
 * the block's 64-byte offset). Hypercore's signed Merkle tree already
 * authenticates every block, so the cipher only has to hide the bytes.
 */
function cryptBlock(block: Buffer, index: number, key: Buffer): Buffer {
  const out = Buffer.alloc(block.length)
  sodium.crypto_stream_xchacha20_xor_ic(out, block, ZERO_NONCE, (index * BLOCK_BYTES) / 64, key)
  return out
}

const ZERO_NONCE = Buffer.alloc(24)

function safeName(name: string): string {
  // Names are shown and offered as download names, never used as paths here.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const cleaned = name.replace(/[\u0000-\u001f\u007f/\\]/g, '_').trim()
  return cleaned.length > 0 ? cleaned.slice(0, 255) : 'file'
}

function formatMb(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`
}
