import { describe, expect, it } from 'vitest'
import { base64ToBytes, bytesToBase64 } from './base64'
import type { TransferProgress, UploadCalls } from './attachment-transfer'
import { canPreview, MAX_RAW_CHUNK, readAttachmentBlob, uploadFiles } from './attachment-transfer'

function fakeFile(name: string, bytes: Uint8Array, type = 'text/plain') {
  return {
    name,
    size: bytes.length,
    type,
    slice: (start: number, end: number) => ({ arrayBuffer: async () => bytes.slice(start, end).buffer }),
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

function fakeCore(chunkBytes: number) {
  const received = new Map<string, Uint8Array[]>()
  const started: { name: string; size: number; mime: string }[] = []
  let next = 0
  const calls: UploadCalls = {
    async startUpload(input) {
      started.push(input)
      const uploadId = String(next++).padStart(32, '0')
      received.set(uploadId, [])
      return { uploadId, chunkBytes }
    },
    async uploadChunk({ uploadId, offset, data }) {
      const parts = received.get(uploadId)!
      const have = parts.reduce((sum, part) => sum + part.length, 0)
      if (offset !== have) throw new Error(`wrong offset ${offset}, have ${have}`)
      parts.push(base64ToBytes(data))
      return { received: have + parts.at(-1)!.length }
    },
  }
  return { calls, received, started }
}

describe('uploadFiles', () => {
  it('sends every byte of every file in order and reports overall progress', async () => {
    const a = new Uint8Array(10).map((_, index) => index)
    const b = new Uint8Array(3).fill(7)
    const core = fakeCore(4)
    const progress: TransferProgress[] = []
    const ids = await uploadFiles([fakeFile('a.bin', a, ''), fakeFile('b.txt', b)], core.calls, (step) => progress.push(step))
    expect(ids).toHaveLength(2)
    expect(concat(core.received.get(ids[0]!)!)).toEqual(a)
    expect(concat(core.received.get(ids[1]!)!)).toEqual(b)
    expect(core.started.map((file) => file.mime)).toEqual(['application/octet-stream', 'text/plain'])
    expect(progress.at(-1)).toEqual({ name: 'b.txt', sent: 13, total: 13 })
    expect(progress.map((step) => step.sent)).toEqual([0, 4, 8, 10, 10, 13])
  })
  it('starts an empty file without sending a chunk', async () => {
    const core = fakeCore(4)
    const ids = await uploadFiles([fakeFile('empty', new Uint8Array(0))], core.calls, () => undefined)
    expect(core.received.get(ids[0]!)).toEqual([])
  })
  it('never sends more than the contract allows per chunk', async () => {
    const core = fakeCore(10 * 1024 * 1024)
    const bytes = new Uint8Array(MAX_RAW_CHUNK + 1)
    const ids = await uploadFiles([fakeFile('big', bytes)], core.calls, () => undefined)
    const parts = core.received.get(ids[0]!)!
    expect(parts.map((part) => part.length)).toEqual([MAX_RAW_CHUNK, 1])
    expect(bytesToBase64(parts[0]!).length).toBeLessThanOrEqual(2 * 1024 * 1024)
  })
})

describe('readAttachmentBlob', () => {
  it('reads chunks until done into one blob', async () => {
    const bytes = new Uint8Array(25).map((_, index) => index * 3)
    const offsets: number[] = []
    const blob = await readAttachmentBlob(
      async (offset) => {
        offsets.push(offset)
        const part = bytes.slice(offset, offset + 10)
        return { data: bytesToBase64(part), done: offset + part.length >= bytes.length }
      },
      'image/png',
    )
    expect(offsets).toEqual([0, 10, 20])
    expect(blob.type).toBe('image/png')
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(bytes)
  })
  it('gives up on a core that stops sending', async () => {
    await expect(readAttachmentBlob(async () => ({ data: '', done: false }), '')).rejects.toThrow(/stopped growing/)
  })
})

describe('canPreview', () => {
  it('previews common pictures, never SVG or huge ones', () => {
    expect(canPreview({ mime: 'image/png', size: 100 })).toBe(true)
    expect(canPreview({ mime: 'IMAGE/JPEG', size: 100 })).toBe(true)
    expect(canPreview({ mime: 'image/svg+xml', size: 100 })).toBe(false)
    expect(canPreview({ mime: 'image/png', size: 50 * 1024 * 1024 })).toBe(false)
    expect(canPreview({ mime: 'application/pdf', size: 100 })).toBe(false)
  })
})
