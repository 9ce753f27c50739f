import { describe, expect, it } from 'vitest'
import { planChunks, selectAttachments } from './upload-plan'

describe('planChunks', () => {
  it('covers the file exactly, in order', () => {
    expect(planChunks(10, 4)).toEqual([
      { offset: 0, length: 4 },
      { offset: 4, length: 4 },
      { offset: 8, length: 2 },
    ])
    expect(planChunks(8, 4)).toEqual([
      { offset: 0, length: 4 },
      { offset: 4, length: 4 },
    ])
  })
  it('sends no chunk for an empty file', () => {
    expect(planChunks(0, 4)).toEqual([])
  })
  it('refuses a nonsensical chunk size', () => {
    expect(() => planChunks(10, 0)).toThrow()
  })
})

describe('selectAttachments', () => {
  const limits = { attachmentBytes: 100, attachmentsPerMessage: 2 }
  it('refuses files over the size limit with their name', () => {
    const result = selectAttachments([], [{ name: 'big.iso', size: 101 }, { name: 'ok.txt', size: 100 }], limits)
    expect(result.accepted.map((file) => file.name)).toEqual(['ok.txt'])
    expect(result.refused).toEqual(['“big.iso” is 101 B: files can be at most 100 B.'])
  })
  it('keeps at most the per-message count, counting those already picked', () => {
    const result = selectAttachments([{ name: 'a', size: 1 }], [{ name: 'b', size: 1 }, { name: 'c', size: 1 }], limits)
    expect(result.accepted.map((file) => file.name)).toEqual(['a', 'b'])
    expect(result.refused[0]).toMatch(/“c” was not added: one message can carry at most 2 files/)
  })
})
