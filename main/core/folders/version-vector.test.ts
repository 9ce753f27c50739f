import { describe, expect, it } from 'vitest'
import { bumpVector, compareVectors, joinVectors, vectorLeq } from './version-vector'

const A = 'a'.repeat(64)
const B = 'b'.repeat(64)

describe('version vectors', () => {
  it('orders a version before the one that saw it', () => {
    expect(compareVectors({ [A]: 1 }, { [A]: 2 })).toBe('before')
    expect(compareVectors({ [A]: 2, [B]: 1 }, { [A]: 2 })).toBe('after')
    expect(compareVectors({ [A]: 1 }, { [A]: 1 })).toBe('equal')
  })
  it('finds concurrent edits', () => {
    expect(compareVectors({ [A]: 2 }, { [A]: 1, [B]: 1 })).toBe('concurrent')
  })
  it('joins to the smallest vector that has seen both', () => {
    expect(joinVectors({ [A]: 2 }, { [A]: 1, [B]: 3 }, undefined)).toEqual({ [A]: 2, [B]: 3 })
  })
  it('bumps the editing device on top of everything seen', () => {
    const v = bumpVector(B, { [A]: 2 }, { [B]: 4 })
    expect(v).toEqual({ [A]: 2, [B]: 5 })
    expect(vectorLeq({ [A]: 2 }, v)).toBe(true)
    expect(vectorLeq(v, { [A]: 2 })).toBe(false)
  })
})
