import { describe, expect, it } from 'vitest'
import { nextGraceEnd } from './former-member-grace'
import { FORMER_MEMBER_GRACE_MS } from './group-service'

describe('nextGraceEnd', () => {
  it('is the earliest grace end still ahead among former members', () => {
    const now = 1_000_000_000_000
    const grace = FORMER_MEMBER_GRACE_MS
    const gone = (leftAt: number | null, status: 'removed' | 'left' | 'member' = 'removed') => ({ status, leftAt })
    expect(nextGraceEnd([], now, grace)).toBeNull()
    expect(nextGraceEnd([gone(null, 'member')], now, grace)).toBeNull()
    expect(nextGraceEnd([gone(now - grace - 1)], now, grace)).toBeNull()
    // A grace that ends right now is over (the firewall admits while now - leftAt < grace).
    expect(nextGraceEnd([gone(now - grace)], now, grace)).toBeNull()
    expect(nextGraceEnd([gone(now - 10), gone(now - 1_000, 'left'), gone(now - grace)], now, grace)).toBe(now - 1_000 + grace)
    // The grace is the caller's (tests shorten it).
    expect(nextGraceEnd([gone(now - 1_000)], now, 5_000)).toBe(now + 4_000)
  })
})
