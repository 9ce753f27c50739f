import { DOCS_LIMITS, TEXT_PREVIEW_BYTES } from '../../../shared/domain/docs'
import { base64ToBytes, bytesToBase64 } from '../chats/base64'
import { planChunks } from '../chats/upload-plan'

/**
 * Moving My docs' bytes across the RPC boundary in chunks (the calls are
 * parameters, so the loops are tested without a core). The core writes each
 * chunk to the drive as it arrives; here a file is read slice by slice, so a
 * big one is never in memory whole on the way up.
 */

export interface DocUploadCalls {
  startUpload(input: { folder: string; name: string; size: number; mime: string; onConflict: 'refuse' | 'keepBoth' }): Promise<{ uploadId: string; chunkBytes: number }>
  uploadChunk(input: { uploadId: string; offset: number; data: string }): Promise<{ received: number }>
  finishUpload(input: { uploadId: string }): Promise<{ name: string; path: string }>
  cancelUpload(input: { uploadId: string }): Promise<unknown>
}

export interface DocSource {
  name: string
  size: number
  type: string
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> }
}

/** Store one file in `folder`; a failure half way cancels the upload so its bytes are erased. */
export async function uploadDoc(
  file: DocSource,
  folder: string,
  calls: DocUploadCalls,
  onProgress: (sent: number) => void,
  onConflict: 'refuse' | 'keepBoth' = 'keepBoth',
  /** Set `cancelled` to stop before the next chunk; the upload is then cancelled and this rejects with UploadCancelled. */
  control: { cancelled: boolean } = { cancelled: false },
): Promise<{ name: string; path: string }> {
  const started = await calls.startUpload({ folder, name: file.name, size: file.size, mime: file.type || 'application/octet-stream', onConflict })
  return sendInChunks(file, started, DOCS_LIMITS.chunkBytes, calls, onProgress, control)
}

/**
 * The part of every chunked upload after its start (My docs, shared folders):
 * each slice read, sent and counted in order, then finished. A failure half
 * way, or `control.cancelled` (checked before each chunk and before the
 * finish), cancels the upload so its bytes are erased; cancelling rejects
 * with UploadCancelled.
 */
export async function sendInChunks<Finished>(
  file: DocSource,
  { uploadId, chunkBytes }: { uploadId: string; chunkBytes: number },
  /** What the contract lets one chunk carry: never more, whatever the core suggests. */
  maxChunkBytes: number,
  calls: {
    uploadChunk(input: { uploadId: string; offset: number; data: string }): Promise<unknown>
    finishUpload(input: { uploadId: string }): Promise<Finished>
    cancelUpload(input: { uploadId: string }): Promise<unknown>
  },
  onProgress: (sent: number) => void,
  control: { cancelled: boolean },
): Promise<Finished> {
  try {
    let sent = 0
    for (const chunk of planChunks(file.size, Math.max(1, Math.min(chunkBytes, maxChunkBytes)))) {
      if (control.cancelled) throw new UploadCancelled()
      const bytes = new Uint8Array(await file.slice(chunk.offset, chunk.offset + chunk.length).arrayBuffer())
      await calls.uploadChunk({ uploadId, offset: chunk.offset, data: bytesToBase64(bytes) })
      sent += chunk.length
      onProgress(sent)
    }
    if (control.cancelled) throw new UploadCancelled()
    return await calls.finishUpload({ uploadId })
  } catch (error) {
    await calls.cancelUpload({ uploadId }).catch(() => undefined)
    throw error
  }
}

/** The person stopped an upload. */
export class UploadCancelled extends Error {
  constructor() {
    super('upload cancelled')
    this.name = 'UploadCancelled'
  }
}

export type ReadCall = (offset: number) => Promise<{ data: string; done: boolean; size: number }>

/** A whole file as a Blob, chunk by chunk (docs.readFile), for Download and image previews. */
export async function readDocBlob(read: ReadCall, mime: string, onProgress: (received: number, size: number) => void = () => undefined): Promise<Blob> {
  const parts: Uint8Array<ArrayBuffer>[] = []
  let offset = 0
  for (;;) {
    const answer = await read(offset)
    const bytes = base64ToBytes(answer.data)
    parts.push(bytes)
    offset += bytes.length
    onProgress(offset, answer.size)
    if (answer.done) break
    // A core that answers "not done" with nothing would loop forever.
    if (bytes.length === 0) throw new Error('the file stopped before its end')
  }
  return new Blob(parts, { type: mime || 'application/octet-stream' })
}

/**
 * The start of a text file, decoded as UTF-8 (bad bytes become U+FFFD), for a
 * preview shown as plain text, never as HTML. `cut` says there is more.
 */
export async function readDocText(read: ReadCall, limit = TEXT_PREVIEW_BYTES): Promise<{ text: string; cut: boolean }> {
  const parts: Uint8Array<ArrayBuffer>[] = []
  let offset = 0
  let size = 0
  while (offset < limit) {
    const answer = await read(offset)
    size = answer.size
    const bytes = base64ToBytes(answer.data)
    parts.push(bytes)
    offset += bytes.length
    if (answer.done || bytes.length === 0) break
  }
  const all = new Uint8Array(offset)
  let at = 0
  for (const part of parts) {
    all.set(part, at)
    at += part.length
  }
  const shown = all.subarray(0, Math.min(limit, all.length))
  return { text: new TextDecoder('utf-8', { fatal: false }).decode(shown), cut: size > shown.length }
}
