import { describe, expect, it } from 'vitest'
import { followInput } from './follow-form'

const ADA = 'ab'.repeat(32)

describe('followInput', () => {
  it('follows all posts, ignoring the tags field', () => {
    expect(followInput(ADA, 'all', '#ignored')).toEqual({ input: { authorId: ADA, allPosts: true, tags: [] }, error: null })
  })
  it('follows hashtags, normalised', () => {
    expect(followInput(ADA, 'tags', '#Regenerative, food')).toEqual({ input: { authorId: ADA, allPosts: false, tags: ['regenerative', 'food'] }, error: null })
  })
  it('needs at least one hashtag, and real ones', () => {
    expect(followInput(ADA, 'tags', ' ')).toEqual({ input: null, error: 'Choose at least one hashtag, or follow all posts' })
    expect(followInput(ADA, 'tags', 'ok bad!').error).toMatch(/“bad!” is not a tag/)
  })
})
