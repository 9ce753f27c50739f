import { describe, expect, it } from 'vitest'
import { FOLDER_TRANSFER_LIMITS } from '../../../shared/domain/folders'
import { UploadCancelled } from '../docs/docs-transfer'
import type { FolderUploadCalls } from './folder-transfer'
import { tooLargeToUpload, uploadFolderFile } from './folder-transfer'

function source(bytes: Uint8Array, name = 'f.bin') {
  return { name, size: bytes.length, type: '', slice: (start: number, end: number) => ({ arrayBuffer: async () => bytes.slice(start, end).buffer }) }
}

const target = { groupId: 'g', folderId: 'f', path: 'Plans/f.bin' }

function recordingCalls(chunkBytes: number, fail?: (offset: number) => boolean) {
  const log: string[] = []
  const calls: FolderUploadCalls = {
    startUpload: async (input) => {
      log.push(`start ${input.path} ${input.size}`)
      return { uploadId: 'u', chunkBytes }
    },
    uploadChunk: async ({ offset, data }) => {
      if (fail?.(offset)) throw new Error('gone')
      log.push(`chunk ${offset} ${atob(data).length}`)
      return { received: offset + atob(data).length }
    },
    finishUpload: async () => {
      log.push('finish')
      return { path: target.path }
    },
    cancelUpload: async () => {
      log.push('cancel')
      return {}
    },
  }
  return { log, calls }
}

describe('uploadFolderFile', () => {
  it('sends the file in order, in chunks, to its path, and finishes', async () => {
    const { log, calls } = recordingCalls(10)
    const progress: number[] = []
    const bytes = new Uint8Array(25).map((_, i) => i)
    expect(await uploadFolderFile(source(bytes), target, calls, (sent) => progress.push(sent))).toEqual({ path: 'Plans/f.bin' })
    expect(log).toEqual(['start Plans/f.bin 25', 'chunk 0 10', 'chunk 10 10', 'chunk 20 5', 'finish'])
    expect(progress).toEqual([10, 20, 25])
  })

  it('never sends a chunk larger than the contract allows', async () => {
    const { log, calls } = recordingCalls(FOLDER_TRANSFER_LIMITS.chunkBytes * 4)
    await uploadFolderFile(source(new Uint8Array(FOLDER_TRANSFER_LIMITS.chunkBytes + 1)), target, calls, () => undefined)
    expect(log.filter((line) => line.startsWith('chunk'))).toEqual([`chunk 0 ${FOLDER_TRANSFER_LIMITS.chunkBytes}`, `chunk ${FOLDER_TRANSFER_LIMITS.chunkBytes} 1`])
  })

  it('publishes an empty file with no chunk', async () => {
    const { log, calls } = recordingCalls(10)
    await uploadFolderFile(source(new Uint8Array(0)), target, calls, () => undefined)
    expect(log).toEqual(['start Plans/f.bin 0', 'finish'])
  })

  it('cancels the upload in the core when a chunk fails', async () => {
    const { log, calls } = recordingCalls(10, (offset) => offset === 10)
    await expect(uploadFolderFile(source(new Uint8Array(30)), target, calls, () => undefined)).rejects.toThrow('gone')
    expect(log).toEqual(['start Plans/f.bin 30', 'chunk 0 10', 'cancel'])
  })

  it('stops when the person cancels, and erases what was sent', async () => {
    const { log, calls } = recordingCalls(10)
    const control = { cancelled: false }
    const upload = uploadFolderFile(source(new Uint8Array(30)), target, calls, (sent) => {
      if (sent === 10) control.cancelled = true
    }, control)
    await expect(upload).rejects.toBeInstanceOf(UploadCancelled)
    expect(log).toEqual(['start Plans/f.bin 30', 'chunk 0 10', 'cancel'])
  })

  it('refuses files over the upload limit', () => {
    expect(tooLargeToUpload(FOLDER_TRANSFER_LIMITS.uploadBytes)).toBe(false)
    expect(tooLargeToUpload(FOLDER_TRANSFER_LIMITS.uploadBytes + 1)).toBe(true)
  })
})
