import { base64ToBytes, bytesToBase64 } from './base64'
import { planChunks } from './upload-plan'

/**
 * Moving attachment bytes across the RPC boundary in chunks. The calls are
 * parameters (the component passes the RpcClient's), so the loops are tested
 * without a core.
 */

/** uploadChunk takes at most 2 MiB of base64, i.e. 1.5 MiB of bytes: never send more, whatever startUpload says. */
export const MAX_RAW_CHUNK = (2 * 1024 * 1024 * 3) / 4
/** readAttachment answers at most 1 MiB per call. */
export const READ_CHUNK = 1024 * 1024

export interface UploadCalls {
  startUpload(input: { name: string; size: number; mime: string }): Promise<{ uploadId: string; chunkBytes: number }>
  uploadChunk(input: { uploadId: string; offset: number; data: string }): Promise<{ received: number }>
}

/** What a File gives us; a Blob-like slice for tests. */
export interface UploadSource {
  name: string
  size: number
  type: string
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> }
}

export interface TransferProgress {
  /** The file being sent now. */
  name: string
  /** Bytes sent so far over all files. */
  sent: number
  total: number
}

/** Upload every file in order; resolves with their upload ids for chats.sendMessage. */
export async function uploadFiles(files: readonly UploadSource[], calls: UploadCalls, onProgress: (progress: TransferProgress) => void): Promise<string[]> {
  const total = files.reduce((sum, file) => sum + file.size, 0)
  let sent = 0
  const ids: string[] = []
  for (const file of files) {
    onProgress({ name: file.name, sent, total })
    const { uploadId, chunkBytes } = await calls.startUpload({ name: file.name, size: file.size, mime: file.type || 'application/octet-stream' })
    for (const chunk of planChunks(file.size, Math.max(1, Math.min(chunkBytes, MAX_RAW_CHUNK)))) {
      const bytes = new Uint8Array(await file.slice(chunk.offset, chunk.offset + chunk.length).arrayBuffer())
      await calls.uploadChunk({ uploadId, offset: chunk.offset, data: bytesToBase64(bytes) })
      sent += chunk.length
      onProgress({ name: file.name, sent, total })
    }
    ids.push(uploadId)
  }
  return ids
}

/**
 * Read an attachment that is on this device, chunk by chunk, into a Blob.
 * `read(offset)` is chats.readAttachment for that offset.
 */
export async function readAttachmentBlob(
  read: (offset: number) => Promise<{ data: string; done: boolean }>,
  mime: string,
  onProgress: (received: number) => void = () => undefined,
): Promise<Blob> {
  const parts: Uint8Array<ArrayBuffer>[] = []
  let offset = 0
  for (;;) {
    const answer = await read(offset)
    const bytes = base64ToBytes(answer.data)
    parts.push(bytes)
    offset += bytes.length
    onProgress(offset)
    if (answer.done) break
    // A core that answers "not done" with nothing would loop forever.
    if (bytes.length === 0) throw new Error('the attachment stopped growing before it was complete')
  }
  return new Blob(parts, { type: mime || 'application/octet-stream' })
}

/** Image types a browser shows safely in <img> (no SVG: it is a document, not a picture). */
const PREVIEWABLE = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp'])
/** Larger pictures stay a file row: a preview reads every byte into memory. */
export const PREVIEW_MAX_BYTES = 20 * 1024 * 1024

export function canPreview(attachment: { mime: string; size: number }): boolean {
  return PREVIEWABLE.has(attachment.mime.toLowerCase()) && attachment.size <= PREVIEW_MAX_BYTES
}
