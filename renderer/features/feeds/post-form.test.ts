import { describe, expect, it } from 'vitest'
import { POST_LIMITS } from '../../../shared/domain/posts'
import { EMPTY_POST_DRAFT, commentInput, draftFromPost, draftToCreateInput, draftToEditInput } from './post-form'

const AUTHOR = 'ab'.repeat(32)
const POST_ID = 'cd'.repeat(16)

describe('draftToCreateInput', () => {
  it('turns the composer into the command’s input, tags normalised', () => {
    const checked = draftToCreateInput({ ...EMPTY_POST_DRAFT, kind: 'blog', title: ' Soil first ', body: 'Feed the *soil*. ', tags: '#Regenerative, food', relevance: 'town' })
    expect(checked.errors).toBeNull()
    expect(checked.input).toEqual({ kind: 'blog', title: 'Soil first', body: 'Feed the *soil*.', tags: ['regenerative', 'food'], relevance: 'town', mentions: [] })
  })
  it('asks a blog post for a title, and any post for something in it', () => {
    expect(draftToCreateInput({ ...EMPTY_POST_DRAFT, kind: 'blog', body: 'text' }).errors).toEqual({ title: 'A blog post needs a title' })
    expect(draftToCreateInput({ ...EMPTY_POST_DRAFT, body: '  ' }).errors).toEqual({ body: 'Write something first' })
    expect(draftToCreateInput({ ...EMPTY_POST_DRAFT, body: 'a short post' }).errors).toBeNull()
  })
  it('says which tags are not tags, and when there are too many', () => {
    expect(draftToCreateInput({ ...EMPTY_POST_DRAFT, body: 'x', tags: 'ok bad!' }).errors?.tags).toMatch(/“bad!” is not a tag/)
    const many = Array.from({ length: POST_LIMITS.tags + 1 }, (_, i) => `t${i}`).join(' ')
    expect(draftToCreateInput({ ...EMPTY_POST_DRAFT, body: 'x', tags: many }).errors?.tags).toBe(`Use at most ${POST_LIMITS.tags} tags`)
  })
  it('uses the contract’s limits', () => {
    expect(draftToCreateInput({ ...EMPTY_POST_DRAFT, title: 'x'.repeat(POST_LIMITS.title + 1), body: 'x' }).errors?.title).toBe(`Use at most ${POST_LIMITS.title} characters`)
  })
})

describe('draftToEditInput', () => {
  const post = { id: POST_ID, kind: 'blog' as const, title: 'Soil first', body: 'Body', tags: ['regenerative'], relevance: 'world' as const, mentions: [] }
  it('sends only what changed', () => {
    const same = draftToEditInput(post, draftFromPost(post))
    expect(same).toMatchObject({ changed: false, input: { id: POST_ID } })
    const edited = draftToEditInput(post, { ...draftFromPost(post), body: 'New body', tags: '#regenerative #soil' })
    expect(edited).toMatchObject({ changed: true, errors: null, input: { id: POST_ID, body: 'New body', tags: ['regenerative', 'soil'] } })
    expect(edited.input).not.toHaveProperty('title')
  })
  it('keeps the title of a blog post required', () => {
    expect(draftToEditInput(post, { ...draftFromPost(post), title: '' }).errors).toEqual({ title: 'A blog post needs a title' })
  })
  it('fills the form from the post', () => {
    expect(draftFromPost({ ...post, mentions: [{ id: AUTHOR, name: 'Ben' }] })).toEqual({
      kind: 'blog',
      title: 'Soil first',
      body: 'Body',
      tags: '#regenerative',
      relevance: 'world',
      mentions: [AUTHOR],
    })
  })
})

describe('commentInput', () => {
  it('comments on a post or replies to a comment', () => {
    expect(commentInput({ authorId: AUTHOR, id: POST_ID }, ' Nice ')).toEqual({ errors: null, input: { authorId: AUTHOR, postId: POST_ID, replyTo: null, body: 'Nice' } })
    expect(commentInput({ authorId: AUTHOR, id: POST_ID }, 'Thanks', 'ef'.repeat(16)).input?.replyTo).toBe('ef'.repeat(16))
  })
  it('refuses an empty comment with the contract’s words', () => {
    expect(commentInput({ authorId: AUTHOR, id: POST_ID }, '  ').errors).toEqual({ body: 'Write something first' })
  })
})
