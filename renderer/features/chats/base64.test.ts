import { describe, expect, it } from 'vitest'
import { base64ToBytes, bytesToBase64 } from './base64'

describe('base64', () => {
  it('round-trips every byte value', () => {
    const bytes = new Uint8Array(256).map((_, index) => index)
    expect(base64ToBytes(bytesToBase64(bytes))).toEqual(bytes)
  })
  it('matches the standard encoding', () => {
    expect(bytesToBase64(new TextEncoder().encode('PLANET'))).toBe('UExBTkVU')
    expect(bytesToBase64(new Uint8Array(0))).toBe('')
  })
  it('handles chunks larger than one String.fromCharCode call', () => {
    const bytes = new Uint8Array(1024 * 1024 + 7).map((_, index) => (index * 31) & 0xff)
    const encoded = bytesToBase64(bytes)
    expect(encoded).toBe(btoa(Array.from(bytes, (byte) => String.fromCharCode(byte)).join('')))
    expect(base64ToBytes(encoded)).toEqual(bytes)
  })
})
