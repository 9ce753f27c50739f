import { createHash } from 'node:crypto'
import type { Stats } from 'node:fs'
import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import type { BlobId, BlobWriteStream, Hyperblobs } from 'hyperdrive'

/** Hyperblobs' block size: reading in the same size keeps blocks aligned, so an edit in place re-uses the unchanged blocks. */
export const BLOCK_BYTES = 64 * 1024

/**
 * Below this size a file is stored as a plain blob: a block map (what dedup needs) costs a second
 * append per file, which dominates for small files, and re-sending a small file whole is cheap.
 */
export const DEDUP_MIN_BYTES = 16 * BLOCK_BYTES

export interface ReadResult {
  hash: string
  blob: BlobId
  size: number
  /** The file's stat after reading; the caller compares it with the stat before to see if the file changed meanwhile. */
  after: Stats
  /** The blocks this read appended to the blobs core: what `discardAppended` frees if the version is not kept. */
  appended: { start: number; end: number }
}

/**
 * Watches a streamx write stream once, from its creation, so an error that
 * comes while nobody waits is neither thrown (no listener) nor missed.
 */
class StreamState {
  failure: unknown = null
  closed = false
  readonly #ws: BlobWriteStream

  constructor(ws: BlobWriteStream) {
    this.#ws = ws
    ws.on('error', (err: unknown) => (this.failure ??= err))
    ws.on('close', () => (this.closed = true))
  }

  /** Resolves on `event`; rejects on an error, or on close before `event`. */
  wait(event: 'drain' | 'close'): Promise<void> {
    const ws = this.#ws
    if (this.closed) return this.failure || event !== 'close' ? Promise.reject(this.failure ?? new Error('blob stream closed')) : Promise.resolve()
    return new Promise((resolve, reject) => {
      const done = (): void => {
        ws.off(event, done)
        ws.off('close', done)
        if (this.failure) reject(this.failure)
        else if (event !== 'close' && this.closed) reject(new Error('blob stream closed'))
        else resolve()
      }
      ws.on(event, done)
      ws.on('close', done)
    })
  }
}

/** Opens a local file for reading in blocks (Node's read stream by default). */
export type FileReader = (abs: string) => AsyncIterable<Buffer>

export const readFileBlocks: FileReader = (abs) => createReadStream(abs, { highWaterMark: BLOCK_BYTES }) as AsyncIterable<Buffer>

/**
 * Read a local file once, in blocks: hash it and append it to this device's
 * blobs core as it goes, never holding the whole file in memory. For a file
 * of `expectedSize` ≥ DEDUP_MIN_BYTES, blocks unchanged since `previous`
 * (this path's last blob in the same drive) are not stored again (hyperblobs
 * dedup), so peers fetch only the changed ones.
 */
export async function readIntoBlobs(
  abs: string,
  blobs: Hyperblobs,
  previous: BlobId | null,
  onBytes: (n: number) => void,
  reader: FileReader = readFileBlocks,
  expectedSize = DEDUP_MIN_BYTES,
): Promise<ReadResult> {
  const hash = createHash('sha256')
  // This engine is the only writer of its blobs core, and it publishes one file at a time.
  const start = blobs.core.length
  // Hyperblobs cannot read the block map of an empty blob: dedup only against one with blocks.
  const dedup = expectedSize >= DEDUP_MIN_BYTES
  const ws = blobs.createWriteStream(dedup ? { dedup: true, blob: previous && previous.blockLength > 0 ? previous : null } : {})
  const state = new StreamState(ws)
  let size = 0
  try {
    for await (const chunk of reader(abs)) {
      size += chunk.byteLength
      onBytes(chunk.byteLength)
      hash.update(chunk)
      if (state.failure) throw state.failure
      if (!ws.write(chunk)) await state.wait('drain')
    }
    ws.end()
    await state.wait('close')
  } catch (err) {
    ws.destroy()
    throw err
  }
  return { hash: hash.digest('hex'), blob: { ...ws.id }, size, after: await stat(abs), appended: { start, end: blobs.core.length } }
}

/**
 * Read a small file (below DEDUP_MIN_BYTES) whole into memory and hash it: the caller decides
 * whether it is a new version before storing anything, and stores it in a publish batch.
 */
export async function readSmall(
  abs: string,
  onBytes: (n: number) => void,
  reader: FileReader = readFileBlocks,
): Promise<{ data: Buffer; hash: string; size: number; after: Stats }> {
  const hash = createHash('sha256')
  const parts: Buffer[] = []
  let size = 0
  for await (const chunk of reader(abs)) {
    size += chunk.byteLength
    // A file that grew past the limit while read: stop holding it; the size check after reading says "changed".
    if (size > DEDUP_MIN_BYTES) break
    onBytes(chunk.byteLength)
    hash.update(chunk)
    parts.push(chunk)
  }
  return { data: Buffer.concat(parts), hash: hash.digest('hex'), size, after: await stat(abs) }
}

/**
 * Free the blocks a read appended when its version is not kept (the file was only touched, or its
 * content is already in the folder). Not `blobs.clear(blob)`: a deduplicated blob's map also names
 * blocks of the previous version, which must stay.
 */
export async function discardAppended(blobs: Hyperblobs, appended: ReadResult['appended']): Promise<void> {
  if (appended.end <= appended.start) return
  await (blobs.core as unknown as { clear(start: number, end: number): Promise<unknown> }).clear(appended.start, appended.end)
}
