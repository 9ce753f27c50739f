import { describe, expect, it } from 'vitest'
import { externalHref, feedHost } from './news-format'

describe('externalHref', () => {
  it('keeps http and https links', () => {
    expect(externalHref('https://example.org/a?b=1')).toBe('https://example.org/a?b=1')
    expect(externalHref(' http://example.org ')).toBe('http://example.org')
  })
  it('refuses everything else', () => {
    expect(externalHref(null)).toBeNull()
    expect(externalHref('javascript:alert(1)')).toBeNull()
    expect(externalHref('file:///etc/passwd')).toBeNull()
    expect(externalHref('data:text/html,hi')).toBeNull()
    expect(externalHref('https://')).toBeNull()
  })
})

describe('feedHost', () => {
  it('names the host of a feed', () => {
    expect(feedHost('https://news.example.org/feed.xml')).toBe('news.example.org')
    expect(feedHost('not a url')).toBe('not a url')
  })
})
