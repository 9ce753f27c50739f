import { describe, expect, it } from 'vitest'
import { createActivityThrottle } from './activity'

describe('createActivityThrottle', () => {
  it('reports the first input at once, then at most once per interval', () => {
    let now = 1_000
    let reports = 0
    const onInput = createActivityThrottle(() => reports++, () => now, 30_000)
    onInput()
    expect(reports).toBe(1)
    now += 29_999
    onInput()
    expect(reports).toBe(1)
    now += 1
    onInput()
    onInput()
    expect(reports).toBe(2)
  })
})
