import { describe, expect, it } from 'vitest'
import { DEFAULT_HOME_FEED, FEED_LIMITS } from '../../../shared/domain/feed-builder'
import { canDeleteFeed, feedToForm, formToInput, newFeedForm } from './feed-form'

describe('feed form ↔ definition', () => {
  it('round-trips a definition through the form', () => {
    const feed = { ...DEFAULT_HOME_FEED, includeTags: ['food', 'berlin'], excludeTags: ['cars'], relevance: ['town' as const] }
    const { input, errors } = formToInput(feedToForm(feed), 'home')
    expect(errors).toBeNull()
    expect(input).toEqual({ ...feed, mix: { ...feed.mix }, trust: { ...feed.trust } })
  })
  it('starts a new feed from Home’s recipe, without an id', () => {
    const form = newFeedForm()
    expect(form.name).toBe('')
    expect(form.mix).toEqual(DEFAULT_HOME_FEED.mix)
    const { input, errors } = formToInput({ ...form, name: ' Garden ' }, null)
    expect(errors).toBeNull()
    expect(input).not.toHaveProperty('id')
    expect(input.name).toBe('Garden')
  })
  it('normalises typed tags and lists relevance levels nearest first', () => {
    const { input } = formToInput({ ...newFeedForm(), name: 'x', includeTags: '#Food, berlin', relevance: ['world', 'street'] }, null)
    expect(input.includeTags).toEqual(['food', 'berlin'])
    expect(input.relevance).toEqual(['street', 'world'])
  })
})

describe('feed form checks', () => {
  it('wants a name', () => {
    expect(formToInput(newFeedForm(), null).errors).toEqual({ name: 'Give the feed a name' })
  })
  it('says which weight is out of range, in words', () => {
    const form = newFeedForm()
    const { errors } = formToInput({ ...form, name: 'x', mix: { ...form.mix, blog: 1.5 }, trust: { ...form.trust, others: '' }, upvoteWeight: -1 }, null)
    expect(errors).toEqual({ 'mix.blog': 'Use a number from 0 to 1', 'trust.others': 'Use a number from 0 to 1', upvoteWeight: 'Use a number from 0 to 1' })
  })
  it('bounds the half-life and the page size', () => {
    const { errors } = formToInput({ ...newFeedForm(), name: 'x', recencyHalfLifeHours: FEED_LIMITS.maxHalfLifeHours + 1, limit: 2.5 }, null)
    expect(errors).toEqual({ recencyHalfLifeHours: 'Use 1 to 720 hours', limit: 'Use a whole number from 1 to 200' })
  })
  it('refuses a tag both included and excluded, and a tag that is not one', () => {
    expect(formToInput({ ...newFeedForm(), name: 'x', includeTags: 'food', excludeTags: '#food' }, null).errors).toEqual({
      excludeTags: 'A tag cannot be both included and excluded',
    })
    expect(formToInput({ ...newFeedForm(), name: 'x', includeTags: 'fo!od' }, null).errors?.includeTags).toMatch(/is not a tag/)
  })
  it('keeps Home', () => {
    expect(canDeleteFeed('home')).toBe(false)
    expect(canDeleteFeed('a1b2')).toBe(true)
  })
})
