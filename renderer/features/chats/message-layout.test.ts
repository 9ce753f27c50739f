import { describe, expect, it } from 'vitest'
import { dayHeading, startsRun } from './message-layout'

const NOW = new Date(2026, 4, 20, 15, 0).getTime()
const ADA = 'a'.repeat(64)
const BEN = 'b'.repeat(64)

describe('dayHeading', () => {
  it('heads the first message and each new day', () => {
    const first = { authorId: ADA, createdAt: new Date(2026, 4, 19, 22, 0).getTime() }
    const sameDay = { authorId: BEN, createdAt: new Date(2026, 4, 19, 23, 0).getTime() }
    const nextDay = { authorId: BEN, createdAt: new Date(2026, 4, 20, 0, 30).getTime() }
    expect(dayHeading(undefined, first, NOW)).toBe('Yesterday')
    expect(dayHeading(first, sameDay, NOW)).toBeNull()
    expect(dayHeading(sameDay, nextDay, NOW)).toBe('Today')
  })
})

describe('startsRun', () => {
  it('groups close messages of one author', () => {
    const a1 = { authorId: ADA, createdAt: NOW }
    const a2 = { authorId: ADA, createdAt: NOW + 60_000 }
    const b1 = { authorId: BEN, createdAt: NOW + 120_000 }
    const a3 = { authorId: ADA, createdAt: NOW + 60 * 60_000 }
    expect(startsRun(undefined, a1)).toBe(true)
    expect(startsRun(a1, a2)).toBe(false)
    expect(startsRun(a2, b1)).toBe(true)
    expect(startsRun({ authorId: ADA, createdAt: NOW }, a3)).toBe(true)
  })
})
