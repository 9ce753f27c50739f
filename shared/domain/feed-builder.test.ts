import { describe, expect, it } from 'vitest'
import type { FeedDefinition } from './feed-builder'
import { DEFAULT_HOME_FEED, FEED_RELEVANCES, feedDefinition } from './feed-builder'
import { POST_RELEVANCE, normalizeTag } from './posts'

function withFields(fields: Record<string, unknown>): unknown {
  return { ...DEFAULT_HOME_FEED, ...fields }
}

function firstMessage(value: unknown): string | undefined {
  const result = feedDefinition.safeParse(value)
  return result.success ? undefined : result.error.issues[0]?.message
}

describe('feedDefinition', () => {
  it('accepts the default Home feed, which cannot be edited in place', () => {
    expect(feedDefinition.parse(DEFAULT_HOME_FEED)).toEqual(DEFAULT_HOME_FEED)
    expect(DEFAULT_HOME_FEED).toMatchObject({ v: 1, id: 'home', name: 'Home', limit: 50, includeTags: [], excludeTags: [], relevance: [] })
    expect(Object.isFrozen(DEFAULT_HOME_FEED)).toBe(true)
    expect(Object.isFrozen(DEFAULT_HOME_FEED.mix)).toBe(true)
    expect(Object.isFrozen(DEFAULT_HOME_FEED.includeTags)).toBe(true)
  })

  it('accepts a composed feed', () => {
    const local: FeedDefinition = {
      v: 1,
      id: '0123456789abcdef0123456789abcdef',
      name: 'My street, gardening',
      mix: { post: 1, blog: 0, groupNews: 0.5, announcement: 1 },
      trust: { contacts: 1, contactsOfContacts: 0, groupMembers: 1, others: 0 },
      recencyHalfLifeHours: 720,
      upvoteWeight: 0,
      includeTags: ['garden', 'compost', 'régénératif', '園芸'],
      excludeTags: ['politics'],
      relevance: ['street', 'neighbourhood'],
      limit: 200,
    }
    expect(feedDefinition.parse(local)).toEqual(local)
    expect(feedDefinition.parse(withFields({ relevance: [...FEED_RELEVANCES] })).relevance).toHaveLength(6)
  })

  it('trims the name and refuses an empty or long one', () => {
    expect(feedDefinition.parse(withFields({ name: '  Local  ' })).name).toBe('Local')
    expect(firstMessage(withFields({ name: '   ' }))).toBe('give the feed a name')
    expect(feedDefinition.safeParse(withFields({ name: 'x'.repeat(60) })).success).toBe(true)
    expect(firstMessage(withFields({ name: 'x'.repeat(61) }))).toBe('use at most 60 characters')
  })

  it.each([
    ['a mix weight above 1', { mix: { ...DEFAULT_HOME_FEED.mix, blog: 1.5 } }],
    ['a negative trust weight', { trust: { ...DEFAULT_HOME_FEED.trust, others: -0.1 } }],
    ['a missing mix kind', { mix: { post: 1, blog: 1, groupNews: 1 } }],
    ['a half-life under an hour', { recencyHalfLifeHours: 0.5 }],
    ['a half-life over 30 days', { recencyHalfLifeHours: 721 }],
    ['an upvote weight above 1', { upvoteWeight: 2 }],
    ['31 included tags', { includeTags: Array.from({ length: 31 }, (_, i) => `tag${i}`) }],
    ['31 excluded tags', { excludeTags: Array.from({ length: 31 }, (_, i) => `tag${i}`) }],
    ['a tag with a capital', { includeTags: ['Garden'] }],
    ['a tag with its #', { includeTags: ['#garden'] }],
    ['a tag with a space', { excludeTags: ['two words'] }],
    ['a tag listed twice', { includeTags: ['garden', 'garden'] }],
    ['a tag both included and excluded', { includeTags: ['garden'], excludeTags: ['garden'] }],
    ['an unknown relevance level', { relevance: ['planet'] }],
    ['a relevance level listed twice', { relevance: ['town', 'town'] }],
    ['a page of 0', { limit: 0 }],
    ['a page of 201', { limit: 201 }],
    ['a fractional page size', { limit: 2.5 }],
    ['another version', { v: 2 }],
    ['an id with capitals', { id: 'Home' }],
  ])('refuses %s', (_, fields) => {
    expect(feedDefinition.safeParse(withFields(fields)).success).toBe(false)
  })

  it('accepts 30 tags and weights at both ends', () => {
    const tags = Array.from({ length: 30 }, (_, i) => `tag${i}`)
    const edge = withFields({ includeTags: tags, mix: { post: 0, blog: 1, groupNews: 0, announcement: 1 }, recencyHalfLifeHours: 1, upvoteWeight: 1 })
    expect(feedDefinition.safeParse(edge).success).toBe(true)
  })

  it('says in words why a definition is refused', () => {
    expect(firstMessage(withFields({ includeTags: ['garden'], excludeTags: ['garden'] }))).toBe('a tag cannot be both included and excluded')
    expect(firstMessage(withFields({ upvoteWeight: 3 }))).toBe('a weight is between 0 and 1')
  })
})

describe('tags and relevance', () => {
  it('are the ones posts carry, so a feed filters on the post’s own fields', () => {
    expect(FEED_RELEVANCES).toEqual(POST_RELEVANCE)
    const typed = ['#Garden', 'SOIL', ' #no-dig ', '#food_forest', '#園芸', '#2025', '#Régénératif']
    const tags = typed.map((tag) => normalizeTag(tag)!)
    expect(feedDefinition.safeParse(withFields({ includeTags: tags })).success).toBe(true)
    for (const raw of typed.filter((tag) => normalizeTag(tag) !== tag)) {
      expect(feedDefinition.safeParse(withFields({ excludeTags: [raw] })).success).toBe(false)
    }
  })
})
