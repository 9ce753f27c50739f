import type Hyperdrive from 'hyperdrive'
import type { BlobId, Hyperblobs, HyperblobsBatch } from 'hyperdrive'

/** At most this many paths per batch: a crash loses at most this much unflushed work (re-done by the next scan). */
export const MAX_BATCH_PATHS = 64

/**
 * Small files published together: their blobs go into one append of the blobs core and their
 * entries into one append of the drive, instead of two appends (two signatures, two storage writes,
 * two diffs on every peer) per file. What the engine learns from a publish (the own entry, the
 * local index, events) is applied only after `flush`, so nothing claims an entry that was not written.
 *
 * While a batch holds blobs, nothing else may append to the blobs core: their ids are computed from
 * the core's length. The engine flushes before it streams a large file.
 */
export class PublishBatch {
  readonly #blobs: HyperblobsBatch
  readonly #entries: Hyperdrive
  readonly #after: Array<() => void> = []
  readonly paths = new Set<string>()

  constructor(drive: Hyperdrive, blobs: Hyperblobs) {
    this.#blobs = blobs.batch()
    this.#entries = drive.batch()
  }

  get full(): boolean {
    return this.paths.size >= MAX_BATCH_PATHS
  }

  putBlob(data: Uint8Array): Promise<BlobId> {
    return this.#blobs.put(data)
  }

  async putEntry(path: string, value: { blob: BlobId | null; metadata: unknown }, after: () => void): Promise<void> {
    this.paths.add(path)
    await this.#entries.putEntry(`/${path}`, value)
    this.#after.push(after)
  }

  /** Blobs first, then the entries that name them; then what the engine records of each publish. */
  async flush(): Promise<void> {
    await this.#blobs.flush()
    await this.#entries.flush()
    for (const after of this.#after) after()
  }
}
