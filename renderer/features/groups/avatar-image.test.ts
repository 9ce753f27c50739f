import { describe, expect, it } from 'vitest'
import { coverCrop, firstThatFits, safeAvatarSrc } from './avatar-image'

describe('safeAvatarSrc', () => {
  it('keeps small raster data: URLs', () => {
    expect(safeAvatarSrc('data:image/jpeg;base64,AAAA')).toBe('data:image/jpeg;base64,AAAA')
    expect(safeAvatarSrc('data:image/png;base64,iVBO+/=')).toBe('data:image/png;base64,iVBO+/=')
  })
  it('refuses SVG, remote addresses and oversized pictures', () => {
    expect(safeAvatarSrc(null)).toBeNull()
    expect(safeAvatarSrc('data:image/svg+xml;base64,AAAA')).toBeNull()
    expect(safeAvatarSrc('https://tracker.example/a.png')).toBeNull()
    expect(safeAvatarSrc('data:image/png;base64,AA"onerror=x')).toBeNull()
    expect(safeAvatarSrc(`data:image/png;base64,${'A'.repeat(40_000)}`)).toBeNull()
  })
})

describe('coverCrop', () => {
  it('takes the centred square and scales it down to 128 px', () => {
    expect(coverCrop(400, 200)).toEqual({ sx: 100, sy: 0, side: 200, out: 128 })
    expect(coverCrop(300, 1000)).toEqual({ sx: 0, sy: 350, side: 300, out: 128 })
  })
  it('never scales a small picture up', () => {
    expect(coverCrop(64, 80)).toEqual({ sx: 0, sy: 8, side: 64, out: 64 })
  })
})

describe('firstThatFits', () => {
  it('lowers the quality until the picture fits', () => {
    const tried: number[] = []
    const url = firstThatFits((quality) => {
      tried.push(quality)
      return 'x'.repeat(Math.round(quality * 100))
    }, 50)
    expect(url).toBe('x'.repeat(45))
    expect(tried).toEqual([0.86, 0.75, 0.6, 0.45])
  })
  it('gives up when nothing fits', () => {
    expect(firstThatFits(() => 'x'.repeat(100), 10)).toBeNull()
  })
})
