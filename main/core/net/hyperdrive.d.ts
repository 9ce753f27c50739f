/**
 * Types for the parts of Hyperdrive 13 and Hyperblobs 2 that PLANET uses
 * (they ship no declarations): the shared-folder engine (main/core/folders)
 * and My docs (main/core/docs). From their READMEs and sources; widen here
 * when code needs more.
 */
declare module 'hyperdrive' {
  import type { EventEmitter } from 'node:events'
  import type Corestore from 'corestore'
  import type Hypercore from 'hypercore'

  export interface BlobId {
    blockOffset: number
    blockLength: number
    byteOffset: number
    byteLength: number
    blockMap?: boolean
  }

  export interface DriveEntryValue {
    executable: boolean
    linkname: string | null
    blob: BlobId | null
    metadata: unknown
  }

  export interface DriveNode {
    seq: number
    key: string
    value: DriveEntryValue
  }

  export interface DiffEntry {
    left: DriveNode | null
    right: DriveNode | null
  }

  /** streamx streams: async-iterable, EventEmitter-like. */
  export interface BlobWriteStream extends EventEmitter {
    readonly id: BlobId
    write(data: Uint8Array): boolean
    end(): void
    destroy(err?: Error): void
  }

  export interface BlobReadStream extends EventEmitter, AsyncIterable<Buffer> {
    destroy(err?: Error): void
  }

  /** Blobs gathered in memory and appended in one go (`flush`); ids are valid once flushed. */
  export interface HyperblobsBatch {
    put(data: Uint8Array): Promise<BlobId>
    flush(): Promise<void>
  }

  export interface Hyperblobs {
    readonly core: Hypercore
    batch(): HyperblobsBatch
    put(data: Uint8Array): Promise<BlobId>
    /** `prefetch: false`: do not ask for the blob's blocks as a range when opened (the caller already did). */
    createReadStream(id: BlobId, opts?: { start?: number; length?: number; wait?: boolean; timeout?: number; prefetch?: boolean }): BlobReadStream
    createWriteStream(opts?: { dedup?: boolean; blob?: BlobId | null; blockMap?: boolean }): BlobWriteStream
    clear(id: BlobId): Promise<unknown>
  }

  export default class Hyperdrive extends EventEmitter {
    constructor(store: Corestore, key?: Uint8Array | null, opts?: { encryptionKey?: Uint8Array | null })
    readonly key: Buffer
    readonly discoveryKey: Buffer
    readonly core: Hypercore
    readonly version: number
    readonly writable: boolean
    readonly closed: boolean
    readonly db: { core: Hypercore; getHeader?(opts?: unknown): Promise<unknown> }
    /** The blobs store once known: set by ready() on a writable drive (getBlobs() waits for a remote one). */
    readonly blobs: Hyperblobs | null
    ready(): Promise<void>
    close(): Promise<void>
    update(opts?: { wait?: boolean }): Promise<boolean>
    getBlobs(): Promise<Hyperblobs>
    entry(name: string, opts?: { wait?: boolean; timeout?: number }): Promise<DriveNode | null>
    putEntry(name: string, value: { blob?: BlobId | null; metadata?: unknown; executable?: boolean; linkname?: string | null }): Promise<void>
    list(folder?: string, opts?: { recursive?: boolean; wait?: boolean; timeout?: number }): AsyncIterable<DriveNode>
    /** Names of the immediate children of a folder (files and sub-folders), in key order. */
    readdir(folder: string): AsyncIterable<string>
    del(name: string): Promise<void>
    checkout(version: number): Hyperdrive
    diff(length: number, folder?: string | null, opts?: { wait?: boolean; timeout?: number }): AsyncIterable<DiffEntry>
    batch(): Hyperdrive
    flush(): Promise<void>
  }
}
