import { describe, expect, it } from 'vitest'
import { countText, followSummary, postExcerpt, postHeading, rejectedText, relevanceText, signatureText } from './feed-labels'

describe('followSummary', () => {
  it('says what I follow of someone', () => {
    expect(followSummary(null)).toBe('Not followed')
    expect(followSummary({ allPosts: true, tags: [] })).toBe('All posts')
    expect(followSummary({ allPosts: false, tags: ['regenerative', 'food'] })).toBe('#regenerative #food')
  })
})

describe('signatureText', () => {
  it('names the key and whether it verifies', () => {
    expect(signatureText('did:key:z6Mk', 'verified')).toBe('Signed by did:key:z6Mk — verified')
    expect(signatureText('did:key:z6Mk', 'invalid')).toBe('Signed by did:key:z6Mk — signature does not verify')
  })
})

describe('rejectedText', () => {
  it('speaks only when something was dropped', () => {
    expect(rejectedText(0)).toBeNull()
    expect(rejectedText(1)).toBe('1 entry from this person was dropped: malformed or badly signed')
    expect(rejectedText(3)).toBe('3 entries from this person were dropped: malformed or badly signed')
  })
})

describe('post text', () => {
  it('heads a post with its title, else its first words', () => {
    expect(postHeading({ title: ' Soil first ', body: 'x' })).toBe('Soil first')
    expect(postHeading({ title: '', body: '**Compost** day at the garden' })).toBe('Compost day at the garden')
    expect(postHeading({ title: '', body: '' })).toBe('Untitled post')
  })
  it('does not repeat a short untitled post under its heading', () => {
    expect(postExcerpt({ title: '', body: 'short' })).toBe('')
    expect(postExcerpt({ title: 'T', body: 'Some *text*' })).toBe('Some text')
  })
  it('words relevance and counts', () => {
    expect(relevanceText('street')).toBe('Relevant to my street')
    expect(relevanceText('world')).toBe('Relevant to the world')
    expect(countText(1, 'comment')).toBe('1 comment')
    expect(countText(2, 'comment')).toBe('2 comments')
  })
})
