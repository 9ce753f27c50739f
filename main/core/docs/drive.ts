import type Corestore from 'corestore'
import Hyperdrive from 'hyperdrive'
import type { BlobId, DriveNode, Hyperblobs } from 'hyperdrive'

/** The parts of Hyperdrive My docs uses: main/core/net/hyperdrive.d.ts declares them once for the app. */
export type { BlobId, DriveNode }
export type Drive = Hyperdrive
export type Blobs = Hyperblobs
/** Writes gathered and applied at once (`flush`), then closed. */
export type DriveBatch = Hyperdrive

/** A writable drive in `store` (a namespace of this device's corestore), its blocks encrypted with `encryptionKey`. */
export function openDrive(store: Corestore, encryptionKey: Buffer): Drive {
  return new Hyperdrive(store, null, { encryptionKey })
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
