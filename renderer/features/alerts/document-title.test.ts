import { describe, expect, it } from 'vitest'
import { badgeText, titleWithBadge } from './document-title'

describe('titleWithBadge', () => {
  it('is the bare name with nothing unread', () => {
    expect(titleWithBadge(0)).toBe('PLANET')
    expect(titleWithBadge(-1)).toBe('PLANET')
  })
  it('prefixes the count', () => {
    expect(titleWithBadge(3)).toBe('(3) PLANET')
    expect(titleWithBadge(5000)).toBe('(999+) PLANET')
  })
})

describe('badgeText', () => {
  it('caps at 99+', () => {
    expect(badgeText(7)).toBe('7')
    expect(badgeText(100)).toBe('99+')
  })
})
