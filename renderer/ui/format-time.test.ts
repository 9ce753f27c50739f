import { describe, expect, it } from 'vitest'
import { formatDayLabel, formatListTime, formatRelativeTime, formatTimeLeft, sameDay } from './format-time'

const NOW = new Date(2026, 4, 20, 15, 30).getTime()
const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

describe('formatRelativeTime', () => {
  it('counts minutes and hours today', () => {
    expect(formatRelativeTime(NOW - 10_000, NOW)).toBe('just now')
    expect(formatRelativeTime(NOW - 5 * MINUTE, NOW)).toBe('5 min ago')
    expect(formatRelativeTime(NOW - 3 * HOUR, NOW)).toBe('3 h ago')
  })
  it('says yesterday, then days, then the date', () => {
    expect(formatRelativeTime(new Date(2026, 4, 19, 23, 0).getTime(), NOW)).toBe('yesterday')
    expect(formatRelativeTime(new Date(2026, 4, 17, 9, 0).getTime(), NOW)).toBe('3 days ago')
    expect(formatRelativeTime(NOW - 30 * DAY, NOW)).toMatch(/2026/)
  })
  it('treats a clock slightly ahead as now', () => {
    expect(formatRelativeTime(NOW + 5_000, NOW)).toBe('just now')
  })
})

describe('formatListTime', () => {
  it('shows the clock today and "Yesterday" the day before', () => {
    expect(formatListTime(NOW - HOUR, NOW)).toMatch(/\d/)
    expect(formatListTime(new Date(2026, 4, 19, 8, 0).getTime(), NOW)).toBe('Yesterday')
  })
})

describe('formatTimeLeft', () => {
  it('rounds to a readable unit', () => {
    expect(formatTimeLeft(NOW + 7 * DAY, NOW)).toBe('in 7 days')
    expect(formatTimeLeft(NOW + 24 * HOUR, NOW)).toBe('in 24 hours')
    expect(formatTimeLeft(NOW + HOUR, NOW)).toBe('in 1 hour')
    expect(formatTimeLeft(NOW + 20 * MINUTE, NOW)).toBe('in 20 minutes')
    expect(formatTimeLeft(NOW + 10_000, NOW)).toBe('in 1 minute')
    expect(formatTimeLeft(NOW - 1, NOW)).toBe('expired')
  })
})

describe('formatDayLabel', () => {
  it('names today and yesterday', () => {
    expect(formatDayLabel(NOW - HOUR, NOW)).toBe('Today')
    expect(formatDayLabel(new Date(2026, 4, 19, 12).getTime(), NOW)).toBe('Yesterday')
    expect(formatDayLabel(new Date(2026, 0, 2, 12).getTime(), NOW)).toMatch(/2026/)
  })
  it('compares calendar days, not 24-hour spans', () => {
    expect(sameDay(new Date(2026, 4, 20, 0, 1).getTime(), NOW)).toBe(true)
    expect(sameDay(new Date(2026, 4, 19, 23, 59).getTime(), NOW)).toBe(false)
  })
})
