import { describe, expect, it } from 'vitest'
import { UploadCancelled, readDocBlob, readDocText, uploadDoc } from './docs-transfer'

function source(bytes: Uint8Array, name = 'f.bin') {
  return {
    name,
    size: bytes.length,
    type: '',
    slice: (start: number, end: number) => ({ arrayBuffer: async () => bytes.slice(start, end).buffer }),
  }
}

function reader(bytes: Uint8Array, step: number) {
  return async (offset: number) => {
    const part = bytes.subarray(offset, offset + step)
    return { data: btoa(String.fromCharCode(...part)), done: offset + part.length >= bytes.length, size: bytes.length }
  }
}

describe('docs transfer', () => {
  it('uploads in chunks and finishes', async () => {
    const bytes = new Uint8Array(25).map((_, i) => i)
    const got: number[] = []
    const calls = {
      startUpload: async () => ({ uploadId: 'u', chunkBytes: 10 }),
      uploadChunk: async ({ offset, data }: { offset: number; data: string }) => {
        got.push(offset, atob(data).length)
        return { received: offset + atob(data).length }
      },
      finishUpload: async () => ({ name: 'f.bin', path: 'f.bin' }),
      cancelUpload: async () => ({}),
    }
    const progress: number[] = []
    expect(await uploadDoc(source(bytes), '', calls, (sent) => progress.push(sent))).toEqual({ name: 'f.bin', path: 'f.bin' })
    expect(got).toEqual([0, 10, 10, 10, 20, 5])
    expect(progress).toEqual([10, 20, 25])
  })

  it('cancels an upload that fails half way', async () => {
    const cancelled: string[] = []
    const calls = {
      startUpload: async () => ({ uploadId: 'u', chunkBytes: 10 }),
      uploadChunk: async () => {
        throw new Error('gone')
      },
      finishUpload: async () => ({ name: '', path: '' }),
      cancelUpload: async ({ uploadId }: { uploadId: string }) => cancelled.push(uploadId),
    }
    await expect(uploadDoc(source(new Uint8Array(30)), '', calls, () => undefined)).rejects.toThrow('gone')
    expect(cancelled).toEqual(['u'])
  })

  it('stops when cancelled, and cancels the upload in the core', async () => {
    const cancelled: string[] = []
    const control = { cancelled: false }
    let chunks = 0
    const calls = {
      startUpload: async () => ({ uploadId: 'u', chunkBytes: 10 }),
      uploadChunk: async ({ offset }: { offset: number }) => {
        chunks++
        control.cancelled = true
        return { received: offset + 10 }
      },
      finishUpload: async () => ({ name: '', path: '' }),
      cancelUpload: async ({ uploadId }: { uploadId: string }) => cancelled.push(uploadId),
    }
    await expect(uploadDoc(source(new Uint8Array(30)), '', calls, () => undefined, 'keepBoth', control)).rejects.toBeInstanceOf(UploadCancelled)
    expect(chunks).toBe(1)
    expect(cancelled).toEqual(['u'])
  })

  it('reads a file back into a Blob, and the start of a text', async () => {
    const bytes = new TextEncoder().encode('héllo wörld, <b>not bold</b>')
    const blob = await readDocBlob(reader(bytes, 7), 'text/plain')
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(bytes)
    expect(await readDocText(reader(bytes, 7))).toEqual({ text: 'héllo wörld, <b>not bold</b>', cut: false })
    const cut = await readDocText(reader(bytes, 4), 5)
    expect(cut.cut).toBe(true)
    expect(cut.text).toBe('héll')
  })
})
