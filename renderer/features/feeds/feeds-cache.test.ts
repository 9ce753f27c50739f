import { describe, expect, it } from 'vitest'
import { isFeedsQuery } from './feeds-cache'

describe('isFeedsQuery', () => {
  it('matches every feeds read, paged or not, and nothing else', () => {
    expect(isFeedsQuery({ queryKey: ['feeds.getFeed', { feedId: 'home', cursor: null }, 'pages'] })).toBe(true)
    expect(isFeedsQuery({ queryKey: ['feeds.listAuthors', {}] })).toBe(true)
    expect(isFeedsQuery({ queryKey: ['groups.listNews', { groupId: 'x' }] })).toBe(false)
    expect(isFeedsQuery({ queryKey: [] })).toBe(false)
  })
})
