import { describe, expect, it } from 'vitest'
import { formatBytes, percentOf } from './format-bytes'

describe('formatBytes', () => {
  it('uses bytes below a kilobyte', () => {
    expect(formatBytes(0)).toBe('0 B')
    expect(formatBytes(512)).toBe('512 B')
    expect(formatBytes(1023)).toBe('1023 B')
  })
  it('keeps one decimal below ten units, none above', () => {
    expect(formatBytes(1024)).toBe('1 KB')
    expect(formatBytes(1536)).toBe('1.5 KB')
    expect(formatBytes(12 * 1024 * 1024)).toBe('12 MB')
    expect(formatBytes(100 * 1024 * 1024)).toBe('100 MB')
    expect(formatBytes(2.25 * 1024 ** 3)).toBe('2.3 GB')
  })
  it('rolls over to the next unit instead of "1024 KB"', () => {
    expect(formatBytes(1024 * 1024 - 1)).toBe('1 MB')
  })
  it('refuses nonsense', () => {
    expect(formatBytes(-1)).toBe('—')
    expect(formatBytes(Number.NaN)).toBe('—')
  })
})

describe('percentOf', () => {
  it('clamps and floors', () => {
    expect(percentOf(0, 10)).toBe(0)
    expect(percentOf(5, 10)).toBe(50)
    expect(percentOf(9.99, 10)).toBe(99)
    expect(percentOf(20, 10)).toBe(100)
    expect(percentOf(0, 0)).toBe(100)
  })
})
