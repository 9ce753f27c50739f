import HyperdriveModule from 'hyperdrive/index.js'
import type Corestore from 'corestore'

/**
 * The parts of Hyperdrive 13 / Hyperblobs 2 that My docs uses, typed here so
 * this folder does not depend on how another area declares the module (they
 * ship no declarations). Widen when code needs more.
 */

/** Where a file's bytes lie in the drive's blobs core (a hyperblobs id). */
export interface BlobId {
  blockOffset: number
  blockLength: number
  byteOffset: number
  byteLength: number
  /** The blocks are listed in a block map stored at blockOffset (they need not be contiguous). */
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

export interface BlobsCore {
  readonly length: number
  readonly byteLength: number
  append(blocks: Buffer[]): Promise<unknown>
  /** Erase blocks [start, end) from this device's storage. */
  clear(start: number, end: number): Promise<unknown>
}

export interface Blobs {
  readonly core: BlobsCore
  createReadStream(id: BlobId, opts?: { start?: number; length?: number; wait?: boolean }): AsyncIterable<Buffer> & { destroy(error?: Error): void }
  clear(id: BlobId): Promise<unknown>
}

export interface DriveWrites {
  putEntry(name: string, value: { blob: BlobId | null; metadata: unknown; executable?: boolean; linkname?: string | null }): Promise<unknown>
  del(name: string): Promise<unknown>
}

export interface DriveBatch extends DriveWrites {
  flush(): Promise<void>
  close(): Promise<void>
}

export interface Drive extends DriveWrites {
  readonly key: Buffer
  readonly core: { readonly key: Buffer }
  ready(): Promise<void>
  close(): Promise<void>
  entry(name: string): Promise<DriveNode | null>
  /** Names of the immediate children of a folder (files and sub-folders), in key order. */
  readdir(folder: string): AsyncIterable<string>
  /** Every entry under a folder, recursively. */
  list(folder: string): AsyncIterable<DriveNode>
  getBlobs(): Promise<Blobs>
  batch(): DriveBatch
}

type DriveConstructor = new (store: Corestore, opts: { encryptionKey: Buffer }) => Drive

/** A writable drive in `store` (a namespace of this device's corestore), its blocks encrypted with `encryptionKey`. */
export function openDrive(store: Corestore, encryptionKey: Buffer): Drive {
  const Hyperdrive = HyperdriveModule as unknown as DriveConstructor
  return new Hyperdrive(store, { encryptionKey })
}

/** Blocks listed per block-map block, as Hyperblobs splits them. */
const MAP_BLOCKS_PER_BUFFER = 8192

/**
 * A Hyperblobs block map (lib/block-map.js, version 0): per buffer, a
 * compact-encoding uint version (0) and an array of { uint index, uint
 * byteLength }, at most 8192 entries per buffer. Written here rather than
 * imported from hyperblobs' internals (not a dependency of ours, and the
 * bundler would copy it); drive.test.ts decodes it with Hyperblobs' own code.
 */
export function encodeBlockMap(blocks: ReadonlyArray<{ index: number; byteLength: number }>): Buffer[] {
  const buffers: Buffer[] = []
  for (let start = 0; start < blocks.length; start += MAP_BLOCKS_PER_BUFFER) {
    const slice = blocks.slice(start, start + MAP_BLOCKS_PER_BUFFER)
    const parts: Buffer[] = [uint(0), uint(slice.length)]
    for (const block of slice) parts.push(uint(block.index), uint(block.byteLength))
    buffers.push(Buffer.concat(parts))
  }
  return buffers
}

/** compact-encoding's uint: one byte below 0xfd, else a marker and 2, 4 or 8 little-endian bytes. */
function uint(value: number): Buffer {
  if (value < 0xfd) return Buffer.from([value])
  if (value <= 0xffff) {
    const out = Buffer.alloc(3)
    out[0] = 0xfd
    out.writeUInt16LE(value, 1)
    return out
  }
  if (value <= 0xffffffff) {
    const out = Buffer.alloc(5)
    out[0] = 0xfe
    out.writeUInt32LE(value, 1)
    return out
  }
  const out = Buffer.alloc(9)
  out[0] = 0xff
  out.writeBigUInt64LE(BigInt(value), 1)
  return out
}
