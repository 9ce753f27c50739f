import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { FeedDefinition } from '../../../../shared/domain/feed-builder'
import { DEFAULT_HOME_FEED } from '../../../../shared/domain/feed-builder'
import type { FeedItem, Scored } from './rank'
import { bestPossibleScore, compareRanked, recencyFactor, score, upvoteFactor } from './rank'
import { contextOf } from './test-kit'

const NOW = Date.UTC(2025, 5, 1, 12)
const HOUR = 3_600_000

const ADA = 'ada'
const BEN = 'ben'
const CLEO = 'cleo'
const DAN = 'dan'
const EVE = 'eve'
const ME = 'me'
const GARDEN = 'garden-club'
const CHOIR = 'choir'

/**
 * Ada is my contact (followed for everything), Ben a contact of my contacts
 * (followed for #regenerative only), Cleo is in a group with me (followed),
 * Dan is a stranger I follow, Eve a stranger I do not follow. I am in the
 * Garden club, not in the choir.
 */
const context = contextOf({
  me: ME,
  contacts: [ADA],
  contactsOfContacts: [BEN],
  groupMembers: [CLEO],
  follows: [
    [ADA, { allPosts: true, tags: [] }],
    [BEN, { allPosts: false, tags: ['regenerative', 'soil'] }],
    [CLEO, { allPosts: true, tags: [] }],
    [DAN, { allPosts: true, tags: [] }],
  ],
  groups: [GARDEN],
  names: { [ADA]: 'Ada', [BEN]: 'Ben', [CLEO]: 'Cleo', [DAN]: 'Dan', [EVE]: 'Eve', [GARDEN]: 'Garden club', [CHOIR]: 'Choir' },
})

let counter = 0
function item(fields: Partial<FeedItem> = {}): FeedItem {
  return {
    id: `item-${String(++counter).padStart(4, '0')}`,
    kind: 'post',
    author: ADA,
    tags: [],
    relevance: 'town',
    createdAt: NOW - HOUR,
    upvotes: 0,
    groupId: null,
    ...fields,
  }
}

function feed(fields: Partial<FeedDefinition> = {}): FeedDefinition {
  return { ...DEFAULT_HOME_FEED, ...fields }
}

function scoreOf(fields: Partial<FeedItem>, definition = feed()): number | null {
  return score(item(fields), definition, context, NOW)?.score ?? null
}

function labels(scored: Scored | null): string[] {
  return scored?.terms.map((term) => term.label) ?? []
}

describe('who gets in', () => {
  it('shows every item of an author followed for all posts, and my own items', () => {
    expect(scoreOf({ author: ADA })).not.toBeNull()
    expect(scoreOf({ author: ADA, kind: 'blog' })).not.toBeNull()
    expect(scoreOf({ author: DAN })).not.toBeNull()
    expect(scoreOf({ author: ME })).not.toBeNull()
  })

  it('leaves out authors I do not follow', () => {
    expect(scoreOf({ author: EVE })).toBeNull()
    expect(scoreOf({ author: EVE, kind: 'blog' })).toBeNull()
  })

  it('lets group news and announcements in through a group I am in, whoever wrote them', () => {
    expect(scoreOf({ author: EVE, kind: 'groupNews', groupId: GARDEN })).not.toBeNull()
    expect(scoreOf({ author: EVE, kind: 'announcement', groupId: GARDEN })).not.toBeNull()
    // …not from a group I am not in, and not a plain post that names a group.
    expect(scoreOf({ author: EVE, kind: 'groupNews', groupId: CHOIR })).toBeNull()
    expect(scoreOf({ author: EVE, kind: 'post', groupId: GARDEN })).toBeNull()
    expect(scoreOf({ author: EVE, kind: 'groupNews', groupId: null })).toBeNull()
  })

  it('follow by hashtag: only the posts carrying a chosen tag', () => {
    expect(scoreOf({ author: BEN, tags: [] })).toBeNull()
    expect(scoreOf({ author: BEN, tags: ['cooking'] })).toBeNull()
    expect(scoreOf({ author: BEN, tags: ['cooking', 'regenerative'] })).not.toBeNull()
    expect(scoreOf({ author: BEN, kind: 'blog', tags: ['soil'] })).not.toBeNull()
    // A hashtag follow never hides what a group I am in brings.
    expect(scoreOf({ author: BEN, kind: 'groupNews', groupId: GARDEN, tags: ['cooking'] })).not.toBeNull()
  })

  it('says which followed tags let the post in', () => {
    const scored = score(item({ author: BEN, tags: ['soil', 'cooking', 'regenerative'] }), feed(), context, NOW)
    expect(scored?.terms.find((term) => term.term === 'follow')?.label).toBe("Tagged #regenerative and #soil, which you follow in Ben's posts")
  })
})

describe('the feed filters', () => {
  it('drops items with an excluded tag, whatever brought them', () => {
    const noPolitics = feed({ excludeTags: ['politics'] })
    expect(scoreOf({ tags: ['garden', 'politics'] }, noPolitics)).toBeNull()
    expect(scoreOf({ author: ME, tags: ['politics'] }, noPolitics)).toBeNull()
    expect(scoreOf({ author: EVE, kind: 'announcement', groupId: GARDEN, tags: ['politics'] }, noPolitics)).toBeNull()
    expect(scoreOf({ tags: ['garden'] }, noPolitics)).not.toBeNull()
  })

  it('keeps only items with an included tag when the feed names some', () => {
    const gardening = feed({ includeTags: ['garden', 'compost'] })
    expect(scoreOf({ tags: [] }, gardening)).toBeNull()
    expect(scoreOf({ tags: ['food'] }, gardening)).toBeNull()
    expect(scoreOf({ tags: ['food', 'compost'] }, gardening)).not.toBeNull()
    const scored = score(item({ tags: ['garden', 'compost'] }), gardening, context, NOW)
    expect(scored?.terms.find((term) => term.term === 'tag')).toEqual({ term: 'tag', label: 'Tagged #garden and #compost, which this feed includes', weight: 1 })
  })

  it('matches whole tags only', () => {
    expect(scoreOf({ tags: ['gardening'] }, feed({ includeTags: ['garden'] }))).toBeNull()
    expect(scoreOf({ tags: ['a_b'] }, feed({ excludeTags: ['axb'] }))).not.toBeNull()
  })

  it('keeps only the chosen relevance levels; none chosen means all', () => {
    const local = feed({ relevance: ['street', 'neighbourhood'] })
    expect(scoreOf({ relevance: 'street' }, local)).not.toBeNull()
    expect(scoreOf({ relevance: 'neighbourhood' }, local)).not.toBeNull()
    expect(scoreOf({ relevance: 'town' }, local)).toBeNull()
    expect(scoreOf({ relevance: 'world' }, local)).toBeNull()
    for (const relevance of ['street', 'country', 'world'] as const) expect(scoreOf({ relevance })).not.toBeNull()
    expect(labels(score(item({ relevance: 'street' }), local, context, NOW))).toContain('About your street')
    expect(score(item(), feed(), context, NOW)?.terms.some((term) => term.term === 'relevance')).toBe(false)
  })

  it('leaves out a kind or a circle whose weight is 0', () => {
    const noBlogs = feed({ mix: { ...DEFAULT_HOME_FEED.mix, blog: 0 } })
    expect(scoreOf({ kind: 'blog' }, noBlogs)).toBeNull()
    expect(scoreOf({ kind: 'post' }, noBlogs)).not.toBeNull()
    const contactsOnly = feed({ trust: { contacts: 1, contactsOfContacts: 0, groupMembers: 0, others: 0 } })
    expect(scoreOf({ author: ADA }, contactsOnly)).not.toBeNull()
    expect(scoreOf({ author: DAN }, contactsOnly)).toBeNull()
    expect(scoreOf({ author: CLEO }, contactsOnly)).toBeNull()
    expect(scoreOf({ author: EVE, kind: 'groupNews', groupId: GARDEN }, contactsOnly)).toBeNull()
    // My own items always weigh 1.
    expect(score(item({ author: ME }), contactsOnly, context, NOW)?.terms.find((term) => term.term === 'trust')?.weight).toBe(1)
  })
})

describe('the score', () => {
  it('weighs by trust distance: contact > contact of contact > group member > stranger', () => {
    const flat = feed({ mix: { post: 1, blog: 1, groupNews: 1, announcement: 1 } })
    const at = { kind: 'groupNews' as const, groupId: GARDEN, tags: ['soil'] }
    const scores = [ADA, BEN, CLEO, EVE].map((author) => scoreOf({ ...at, author }, flat)!)
    expect(scores).toEqual([1, 0.6, 0.7, 0.4].map((trust) => trust * recencyFactor(NOW - HOUR, NOW, 24)))
    const custom = feed({ trust: { contacts: 0.2, contactsOfContacts: 0.4, groupMembers: 0.6, others: 0.8 } })
    const ranked = [ADA, BEN, CLEO, EVE].sort((a, b) => scoreOf({ ...at, author: b }, custom)! - scoreOf({ ...at, author: a }, custom)!)
    expect(ranked).toEqual([EVE, CLEO, BEN, ADA])
  })

  it('weighs by kind as the mix says', () => {
    const mix = feed({ mix: { post: 0.25, blog: 1, groupNews: 0.5, announcement: 0.75 } })
    expect(scoreOf({ kind: 'blog' }, mix)! / scoreOf({ kind: 'post' }, mix)!).toBeCloseTo(4, 12)
  })

  it('halves the score every half-life; a future date counts as new', () => {
    const definition = feed({ recencyHalfLifeHours: 6, upvoteWeight: 0 })
    const fresh = scoreOf({ createdAt: NOW }, definition)!
    expect(fresh).toBe(1)
    expect(scoreOf({ createdAt: NOW - 6 * HOUR }, definition)).toBe(0.5)
    expect(scoreOf({ createdAt: NOW - 18 * HOUR }, definition)).toBe(0.125)
    expect(scoreOf({ createdAt: NOW + 5 * HOUR }, definition)).toBe(1)
    const slower = feed({ recencyHalfLifeHours: 48, upvoteWeight: 0 })
    expect(scoreOf({ createdAt: NOW - 6 * HOUR }, slower)).toBeGreaterThan(0.9)
  })

  it('lets upvotes reorder items of the same age, with diminishing returns and a cap', () => {
    const plain = item({ id: 'a-plain' })
    const popular = item({ id: 'b-popular', upvotes: 12 })
    const ranked = [plain, popular]
      .map((candidate) => ({ item: candidate, score: score(candidate, feed(), context, NOW)!.score }))
      .sort(compareRanked)
    expect(ranked.map((entry) => entry.item.id)).toEqual(['b-popular', 'a-plain'])
    // Newer beats a few upvotes, not many: one half-life is worth a full boost at weight 1.
    expect(upvoteFactor(0, 1)).toBe(1)
    expect(upvoteFactor(9, 1)).toBeCloseTo(1 + 1 / 3, 12)
    expect(upvoteFactor(999, 1)).toBe(2)
    expect(upvoteFactor(1_000_000, 1)).toBe(2)
    expect(upvoteFactor(1_000_000, 0.5)).toBe(1.5)
    expect(upvoteFactor(-5, 1)).toBe(1)
    // Weight 0: upvotes change nothing and are not mentioned.
    const none = feed({ upvoteWeight: 0 })
    expect(scoreOf({ upvotes: 500 }, none)).toBe(scoreOf({ upvotes: 0 }, none))
    expect(score(item({ upvotes: 500 }), none, context, NOW)?.terms.some((term) => term.term === 'upvotes')).toBe(false)
  })

  it('is the product of its terms', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(ADA, BEN, CLEO, DAN, ME),
        fc.constantFrom('post', 'blog', 'groupNews', 'announcement' as const),
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: -HOUR, max: 90 * 24 * HOUR }),
        fc.double({ min: 1, max: 720, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (author, kind, upvotes, age, halfLife, upvoteWeight) => {
          const definition = feed({ recencyHalfLifeHours: halfLife, upvoteWeight })
          const scored = score(item({ author, kind, upvotes, createdAt: NOW - age, groupId: GARDEN, tags: ['soil'] }), definition, context, NOW)
          expect(scored).not.toBeNull()
          const product = scored!.terms.reduce((total, term) => total * term.weight, 1)
          expect(product).toBeCloseTo(scored!.score, 12)
        },
      ),
    )
  })

  it('never beats bestPossibleScore for an item that is as old or older', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(ADA, BEN, CLEO, DAN, ME, EVE),
        fc.constantFrom('post', 'blog', 'groupNews', 'announcement' as const),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.integer({ min: -HOUR, max: 400 * 24 * HOUR }),
        fc.integer({ min: 0, max: 10 * HOUR }),
        fc.record({ post: fc.double({ min: 0, max: 1, noNaN: true }), blog: fc.double({ min: 0, max: 1, noNaN: true }), groupNews: fc.double({ min: 0, max: 1, noNaN: true }), announcement: fc.double({ min: 0, max: 1, noNaN: true }) }),
        fc.double({ min: 1, max: 720, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (author, kind, upvotes, age, older, mix, halfLife, upvoteWeight) => {
          const definition = feed({ mix, recencyHalfLifeHours: halfLife, upvoteWeight })
          const boundAt = NOW - age
          const value = score(item({ author, kind, upvotes, createdAt: boundAt - older, groupId: GARDEN, tags: ['soil'] }), definition, context, NOW)?.score
          if (value !== undefined) expect(value).toBeLessThanOrEqual(bestPossibleScore(definition, boundAt, NOW))
        },
      ),
    )
  })
})

describe('ties', () => {
  it('breaks equal scores by newer first, then by id, whatever the input order', () => {
    const definition = feed({ upvoteWeight: 0 })
    const items = [
      item({ id: 'c', createdAt: NOW - HOUR }),
      item({ id: 'a', createdAt: NOW - HOUR }),
      item({ id: 'b', createdAt: NOW - HOUR }),
      item({ id: 'z', createdAt: NOW - 2 * HOUR, author: ME }),
    ]
    // Same score for 'z' (mine, older) as for 'y' (a contact's, older): the id decides.
    items.push(item({ id: 'y', createdAt: NOW - 2 * HOUR, author: ADA }))
    const expected = ['a', 'b', 'c', 'y', 'z']
    fc.assert(
      fc.property(fc.shuffledSubarray(items, { minLength: items.length }), (shuffled) => {
        const ranked = shuffled.map((candidate) => ({ item: candidate, score: score(candidate, definition, context, NOW)!.score })).sort(compareRanked)
        expect(ranked.map((entry) => entry.item.id)).toEqual(expected)
      }),
    )
  })
})

describe('why am I seeing this', () => {
  it('reads as sentences about people, groups, tags and time', () => {
    const definition = feed({ relevance: ['neighbourhood', 'town'] })
    expect(labels(score(item({ author: ADA, createdAt: NOW - 3 * HOUR }), definition, context, NOW))).toEqual([
      'A post',
      'From Ada, your contact',
      'You follow Ada',
      'About your town',
      'Posted 3 hours ago',
    ])
    expect(labels(score(item({ author: BEN, kind: 'blog', tags: ['regenerative'], createdAt: NOW - 2 * 24 * HOUR }), feed(), context, NOW))).toEqual([
      'A blog post',
      'From Ben, a contact of your contacts',
      "Tagged #regenerative, which you follow in Ben's posts",
      'Posted 2 days ago',
    ])
    expect(labels(score(item({ author: EVE, kind: 'groupNews', groupId: GARDEN, upvotes: 12, createdAt: NOW - 20 * 60_000 }), feed(), context, NOW))).toEqual([
      "Group news in Garden club, a group you're in",
      'From Eve, outside your contacts and groups',
      'Posted 20 minutes ago',
      '12 upvotes in Garden club',
    ])
    expect(labels(score(item({ author: CLEO, kind: 'announcement', groupId: GARDEN, upvotes: 1, createdAt: NOW }), feed(), context, NOW))).toEqual([
      "An announcement in Garden club, a group you're in",
      'From Cleo, who is in a group with you',
      'You follow Cleo',
      'Posted just now',
      '1 upvote in Garden club',
    ])
    expect(labels(score(item({ author: ME, createdAt: NOW - 400 * 24 * HOUR }), feed(), context, NOW))).toEqual(['A post', 'Your own post', 'Posted 1 year ago'])
  })

  it('says "someone" when a name is unknown', () => {
    const anonymous = { ...context, nameOf: undefined, groupNameOf: undefined }
    expect(labels(score(item({ author: EVE, kind: 'groupNews', groupId: GARDEN }), feed(), anonymous, NOW)).slice(0, 2)).toEqual([
      "Group news in a group, a group you're in",
      'From someone, outside your contacts and groups',
    ])
  })

  it('gives each term the factor it contributed', () => {
    const scored = score(item({ author: BEN, kind: 'blog', tags: ['soil'], upvotes: 99, createdAt: NOW - 24 * HOUR }), feed(), context, NOW)!
    const weights = Object.fromEntries(scored.terms.map((term) => [term.term, term.weight]))
    expect(weights).toEqual({ kind: 0.8, trust: 0.6, follow: 1, recency: 0.5, upvotes: 1 + 0.5 * (2 / 3) })
  })
})
