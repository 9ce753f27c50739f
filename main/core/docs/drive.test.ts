import blockMap from 'hyperblobs/lib/block-map.js'
import { describe, expect, it } from 'vitest'
import { encodeBlockMap } from './drive'

const hyperblobs = blockMap as { encode(map: { blocks: unknown[] }): Buffer[]; decode(buffers: Buffer[]): { version: number; blocks: unknown[] } }

describe('block map', () => {
  it('encodes exactly as Hyperblobs does, across every uint width and buffer split', () => {
    const blocks = [
      { index: 0, byteLength: 0 },
      { index: 252, byteLength: 253 },
      { index: 65_535, byteLength: 65_536 },
      { index: 4_294_967_295, byteLength: 1 },
      { index: 4_294_967_296, byteLength: 65_536 },
      ...Array.from({ length: 20_000 }, (_, i) => ({ index: 1000 + 2 * i, byteLength: 65_536 - (i % 7) })),
    ]
    const ours = encodeBlockMap(blocks)
    expect(ours).toEqual(hyperblobs.encode({ blocks }))
    expect(ours).toHaveLength(3)
    expect(hyperblobs.decode(ours).blocks).toEqual(blocks)
    expect(encodeBlockMap(blocks.slice(0, 3))).toEqual(hyperblobs.encode({ blocks: blocks.slice(0, 3) }))
    expect(encodeBlockMap([])).toEqual(hyperblobs.encode({ blocks: [] }))
  })
})
