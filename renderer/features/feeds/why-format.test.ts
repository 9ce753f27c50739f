import { describe, expect, it } from 'vitest'
import { formatScore, formatWeight, whyLines } from './why-format'

describe('formatWeight', () => {
  it('shows a factor with two decimals', () => {
    expect(formatWeight(0.8)).toBe('× 0.80')
    expect(formatWeight(1)).toBe('× 1.00')
    expect(formatWeight(1.5)).toBe('× 1.50')
    expect(formatWeight(0)).toBe('× 0.00')
  })
  it('keeps a tiny factor readable instead of rounding it to zero', () => {
    expect(formatWeight(0.004)).toBe('× 0.004')
  })
  it('never prints NaN or Infinity', () => {
    expect(formatWeight(Number.NaN)).toBe('× ?')
    expect(formatWeight(Number.POSITIVE_INFINITY)).toBe('× ?')
  })
})

describe('whyLines', () => {
  it('keeps the core’s order and words, one line per term', () => {
    const lines = whyLines([
      { term: 'kind', label: 'A post', weight: 1 },
      { term: 'follow', label: 'Tagged #regenerative, which you follow in Ada’s posts', weight: 1 },
      { term: 'recency', label: 'Posted 2 hours ago', weight: 0.944 },
    ])
    expect(lines.map((line) => `${line.label} ${line.weight}`)).toEqual([
      'A post × 1.00',
      'Tagged #regenerative, which you follow in Ada’s posts × 1.00',
      'Posted 2 hours ago × 0.94',
    ])
    expect(new Set(lines.map((line) => line.key)).size).toBe(3)
  })
})

describe('formatScore', () => {
  it('rounds the score', () => {
    expect(formatScore(0.4234)).toBe('Score 0.42')
    expect(formatScore(0.00123)).toBe('Score 0.0012')
  })
})
