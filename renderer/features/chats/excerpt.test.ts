import { describe, expect, it } from 'vitest'
import { conversationPreview, excerpt } from './excerpt'

describe('excerpt', () => {
  it('drops Markdown markup and folds whitespace', () => {
    expect(excerpt('# Hello\n\n**bold** and _it_ and `code`\n> quote')).toBe('Hello bold and it and code quote')
    expect(excerpt('see [the site](https://example.org) now')).toBe('see the site now')
    expect(excerpt('- one\n- two')).toBe('one two')
  })
  it('replaces code blocks with a marker', () => {
    expect(excerpt('look:\n```\nconst x = 1\n```')).toBe('look: [code]')
  })
  it('cuts long text at a word, with an ellipsis', () => {
    const text = 'the quick brown fox jumps over the lazy dog and keeps on running'
    const short = excerpt(text, 30)
    expect(short.length).toBeLessThanOrEqual(30)
    expect(short).toBe('the quick brown fox jumps…')
  })
  it('cuts a long word in the middle', () => {
    expect(excerpt('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`)
  })
})

describe('conversationPreview', () => {
  it('prefixes my own messages', () => {
    expect(conversationPreview({ authorName: 'Ada', mine: true, excerpt: 'hi' })).toBe('You: hi')
    expect(conversationPreview({ authorName: 'Ben', mine: false, excerpt: 'hello' })).toBe('hello')
  })
  it('has words for an empty conversation and a file-only message', () => {
    expect(conversationPreview(null)).toBe('No messages yet')
    expect(conversationPreview({ authorName: 'Ben', mine: false, excerpt: '' })).toBe('Sent a file')
  })
})
