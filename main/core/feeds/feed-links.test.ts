import { describe, expect, it } from 'vitest'
import { identity } from './posts/test-kit'
import { FEED_LINK_PREFIX, createFeedLink, readFeedLink } from './feed-links'

const ada = identity(1)
const link = { owner: ada.hex, log: '11'.repeat(32), encryptionKey: '22'.repeat(32), name: 'Ada Lovelace' }

describe('feed links', () => {
  it('round-trip, signed by the owner, with or without the planet://feed/ prefix', () => {
    const text = createFeedLink(link, ada.secretKey)
    expect(text.startsWith(FEED_LINK_PREFIX)).toBe(true)
    expect(readFeedLink(text)).toEqual(link)
    expect(readFeedLink(`  ${text.slice(FEED_LINK_PREFIX.length)}\n`)).toEqual(link)
  })

  it('refuse a link changed after signing: another log, another key, another name', () => {
    const bytes = Buffer.from(createFeedLink(link, ada.secretKey).slice(FEED_LINK_PREFIX.length), 'base64url')
    for (const offset of [1, 40, 70, 100, bytes.length - 1]) {
      const changed = Buffer.from(bytes)
      changed[offset] = (changed[offset] ?? 0) ^ 1
      expect(() => readFeedLink(FEED_LINK_PREFIX + changed.toString('base64url'))).toThrow(expect.objectContaining({ code: 'FEED_LINK_INVALID' }))
    }
  })

  it('refuse someone else signing for the owner, and say what is wrong with garbage', () => {
    const forged = createFeedLink(link, identity(2).secretKey)
    expect(() => readFeedLink(forged)).toThrow(/changed after its owner made it/)
    expect(() => readFeedLink('')).toThrow(/Paste a feed link/)
    expect(() => readFeedLink('planet://feed/not base64!')).toThrow(/not a feed link/)
    expect(() => readFeedLink('planet://feed/AAAA')).toThrow(/cut short/)
  })

  it('keep long names within the limit, whole characters only', () => {
    const long = createFeedLink({ ...link, name: 'é'.repeat(200) }, ada.secretKey)
    const read = readFeedLink(long)
    expect(read.name).toMatch(/^é+$/)
    expect(read.name.length).toBeLessThanOrEqual(80)
  })
})
