import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  POST_LIMITS,
  importedItemRecord,
  normalizeTag,
  normalizeTags,
  parseTagInput,
  postRecord,
  reshare,
} from '../../../../shared/domain/posts'
import { canonicalJson } from './canonical-json'
import { T0, identity, postRecordOf } from './test-kit'

/** shared/domain/posts.ts: the record schemas and tag helpers (tested here, beside their signer). */

const alice = identity(1)

describe('tags', () => {
  it.each([
    ['#Berlin', 'berlin'],
    ['  ##Food ', 'food'],
    ['ÄRGER', 'ärger'],
    ['straße', 'straße'],
    ['cafe\u0301', 'café'],
    ['hello_world-2', 'hello_world-2'],
    ['हिन्दी', 'हिन्दी'],
    ['İstanbul', 'i̇stanbul'],
    ['東京', '東京'],
  ])('normalise %j to %j', (raw, tag) => {
    expect(normalizeTag(raw)).toBe(tag)
  })

  it.each(['', '#', 'two words', 'tag!', '🍓', 'a'.repeat(51), '\u0301accent', '<b>', 'a,b'])('refuse %j', (raw) => {
    expect(normalizeTag(raw)).toBeNull()
  })

  it('is idempotent, and a normal tag is what the schema accepts', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (raw) => {
        const tag = normalizeTag(raw)
        if (tag === null) return
        expect(normalizeTag(tag)).toBe(tag)
        expect(postRecord.safeParse(postRecordOf(alice, { tags: [tag] })).success).toBe(true)
      }),
    )
  })

  it('lists: valid tags, first occurrence kept, at most 20', () => {
    expect(normalizeTags(['#Food', 'food', 'bad tag', 'Market'])).toEqual(['food', 'market'])
    expect(normalizeTags(Array.from({ length: 30 }, (_, index) => `t${index}`))).toHaveLength(POST_LIMITS.tags)
    expect(parseTagInput('#food, #Berlin  markets,,#food')).toEqual(['food', 'berlin', 'markets'])
  })
})

describe('post records', () => {
  const valid = postRecordOf(alice)

  it('accept a well-formed post', () => {
    expect(postRecord.parse(valid)).toEqual(valid)
    expect(postRecord.safeParse(postRecordOf(alice, { kind: 'post', title: '' })).success).toBe(true)
  })

  it.each([
    ['an unknown field', { extra: true }],
    ['another version', { v: 2 }],
    ['a short id', { id: 'abc' }],
    ['an upper-case author', { author: alice.hex.toUpperCase() }],
    ['a blog post without title', { title: '   ' }],
    ['an empty short post', { kind: 'post', title: '', body: ' ' }],
    ['a title too long', { title: 'x'.repeat(POST_LIMITS.title + 1) }],
    ['a line break in the title', { title: 'two\nlines' }],
    ['a body too long', { body: 'x'.repeat(POST_LIMITS.body + 1) }],
    ['a control character in the body', { body: 'bell \u0007' }],
    ['a lone surrogate', { body: 'half \ud83d' }],
    ['an unnormalised tag', { tags: ['#food'] }],
    ['an upper-case tag', { tags: ['Food'] }],
    ['a repeated tag', { tags: ['food', 'food'] }],
    ['too many tags', { tags: Array.from({ length: 21 }, (_, index) => `t${index}`) }],
    ['an unknown relevance', { relevance: 'planet' }],
    ['a repeated mention', { mentions: [alice.hex, alice.hex] }],
    ['too many images', { images: Array.from({ length: 11 }, () => ({ name: 'a.png', mime: 'image/png', size: 1, sha256: '0'.repeat(64) })) }],
    ['a non-image attachment', { images: [{ name: 'a.html', mime: 'text/html', size: 1, sha256: '0'.repeat(64) }] }],
    ['a fractional time', { createdAt: 1.5 }],
    ['a time past year 9999', { createdAt: 253_402_300_800_000 }],
    ['an edit before creation', { editedAt: T0 - 1 }],
  ])('refuse %s', (_case, overrides) => {
    expect(postRecord.safeParse({ ...valid, ...overrides }).success).toBe(false)
  })

  it('keep tabs, line breaks and non-BMP characters in the body', () => {
    expect(postRecord.safeParse({ ...valid, body: 'a\tb\r\nc 🍓 \u2028' }).success).toBe(true)
  })

  it('survive canonical JSON: every valid record is canonical JSON', () => {
    expect(canonicalJson(valid)).not.toBeNull()
  })
})

describe('imported items and reshares', () => {
  const item = {
    v: 1,
    sourceUrl: 'https://example.org/rss',
    title: 'Item',
    link: 'https://example.org/item',
    summary: '',
    publishedAt: null,
    importer: alice.hex,
    importedAt: T0,
  }

  it('items need http(s) URLs', () => {
    expect(importedItemRecord.safeParse(item).success).toBe(true)
    for (const link of ['javascript:alert(1)', 'data:text/html,x', '//example.org', 'https://exa mple.org', 'https://example.org/"><script>']) {
      expect(importedItemRecord.safeParse({ ...item, link }).success).toBe(false)
    }
  })

  it('a reshare must wrap a post or a reshare', () => {
    const base = { v: 1, resharer: alice.hex, comment: '', at: T0, sig: '0'.repeat(128) }
    expect(reshare.safeParse({ ...base, original: { ...postRecordOf(alice), sig: '0'.repeat(128) } }).success).toBe(true)
    expect(reshare.safeParse({ ...base, original: item }).success).toBe(false)
    expect(reshare.safeParse({ ...base, original: { ...postRecordOf(alice) } }).success).toBe(false)
  })
})
