import { describe, expect, it } from 'vitest'
import { parseTagInput } from '../../../shared/domain/posts'
import { formatTagInput, hashtags, invalidTagsError, readTagInput } from './tag-input'

describe('readTagInput', () => {
  it('normalises what people type, as parseTagInput does', () => {
    const typed = '#Regenerative, food  #food berlin,,'
    expect(readTagInput(typed)).toEqual({ tags: ['regenerative', 'food', 'berlin'], invalid: [] })
    expect(readTagInput(typed).tags).toEqual(parseTagInput(typed))
  })
  it('reports what cannot be a tag instead of dropping it', () => {
    const read = readTagInput('#ok no! # ##')
    expect(read).toEqual({ tags: ['ok'], invalid: ['no!'] })
    expect(invalidTagsError(read)).toBe('“no!” is not a tag: use letters, digits, "_" or "-"')
    expect(invalidTagsError(readTagInput('a b'))).toBeNull()
  })
  it('is empty for an empty field', () => {
    expect(readTagInput('   ')).toEqual({ tags: [], invalid: [] })
  })
})

describe('formatTagInput', () => {
  it('writes stored tags back in a form that reads the same', () => {
    expect(formatTagInput(['regenerative', 'food'])).toBe('#regenerative, #food')
    expect(readTagInput(formatTagInput(['regenerative', 'food'])).tags).toEqual(['regenerative', 'food'])
    expect(hashtags(['a', 'b'])).toBe('#a #b')
  })
})
