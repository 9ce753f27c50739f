import { z } from 'zod'
import type { PostRelevance } from './posts'
import { postRelevance, postTag } from './posts'

/**
 * The feed builder's stored format: a named feed the user composes (content
 * mix, trust profile, recency, upvotes, tags, local relevance). Ranking runs
 * on the device (main/core/feeds/ranking); this file is what the UI edits and
 * the vault stores.
 *
 * Versioning: `v` stays 1 and fields are only ever added, each new one
 * optional with a default, so every stored v1 definition keeps parsing. Never
 * rename, retype or remove a field; a change of meaning needs a new `v`.
 */

/** What a feed item is; each kind has a weight in a feed's mix. */
export const feedItemKind = z.enum(['post', 'blog', 'groupNews', 'announcement'])
export type FeedItemKind = z.infer<typeof feedItemKind>
export const FEED_ITEM_KINDS = feedItemKind.options

/**
 * How far from the reader's place an item matters, from nearest to widest:
 * the same levels a post carries (posts.ts), so a feed filters on the
 * post's own field.
 */
export const feedRelevance = postRelevance
export type FeedRelevance = PostRelevance
export const FEED_RELEVANCES = feedRelevance.options

export const FEED_LIMITS = {
  name: 60,
  /** Tags in a feed's include list, and in its exclude list. */
  tags: 30,
  /** Items in one page of a feed. */
  pageSize: 200,
  minHalfLifeHours: 1,
  maxHalfLifeHours: 720,
} as const

const weight = z.number().min(0, 'a weight is between 0 and 1').max(1, 'a weight is between 0 and 1')

function unique<T>(values: readonly T[]): boolean {
  return new Set(values).size === values.length
}

/**
 * Tags in their normal form, exactly as posts store them (posts.ts
 * `normalizeTag`: lower case, NFC, no '#'), so matching is a plain equality
 * in JS and in SQL; the UI runs what a person typed through normalizeTag.
 */
const tagList = z
  .array(postTag)
  .max(FEED_LIMITS.tags, `use at most ${FEED_LIMITS.tags} tags`)
  .refine(unique, 'a tag is listed twice')

/**
 * A weight of 0 leaves that kind (or that circle of people) out of the feed
 * altogether; 1 is full weight. Weights multiply into an item's score.
 */
export const feedMix = z.object({ post: weight, blog: weight, groupNews: weight, announcement: weight })
export type FeedMix = z.infer<typeof feedMix>

/** Weight by trust distance. The reader's own items always weigh 1. */
export const feedTrust = z.object({ contacts: weight, contactsOfContacts: weight, groupMembers: weight, others: weight })
export type FeedTrust = z.infer<typeof feedTrust>

/** The fields of a feed definition, before the cross-field rule (feedDefinition). */
export const feedDefinitionFields = z.object({
  v: z.literal(1),
  /** 'home' for the default Home feed; a random id (e.g. 32 hex digits) for feeds the user makes. */
  id: z.string().regex(/^[a-z0-9-]{1,64}$/, 'not a feed id'),
  name: z
    .string()
    .trim()
    .min(1, 'give the feed a name')
    .max(FEED_LIMITS.name, `use at most ${FEED_LIMITS.name} characters`),
  mix: feedMix,
  trust: feedTrust,
  /** An item loses half its score every this many hours. */
  recencyHalfLifeHours: z.number().min(FEED_LIMITS.minHalfLifeHours).max(FEED_LIMITS.maxHalfLifeHours),
  /** 0: upvotes do not count; 1: the most upvoted items weigh up to twice as much (see rank.ts). */
  upvoteWeight: weight,
  /** When not empty, only items with at least one of these tags. */
  includeTags: tagList,
  /** Items with any of these tags are left out. */
  excludeTags: tagList,
  /** Only items relevant at these levels; empty = every level. */
  relevance: z.array(feedRelevance).max(FEED_RELEVANCES.length).refine(unique, 'a level is listed twice'),
  /** Items in one page. */
  limit: z.number().int().min(1).max(FEED_LIMITS.pageSize),
})

/** No tag may be both included and excluded. */
export function tagsDoNotClash(feed: { includeTags: readonly string[]; excludeTags: readonly string[] }): boolean {
  return !feed.includeTags.some((tag) => feed.excludeTags.includes(tag))
}
export const TAG_CLASH = { message: 'a tag cannot be both included and excluded', path: ['excludeTags'] }

export const feedDefinition = feedDefinitionFields.refine(tagsDoNotClash, TAG_CLASH)
export type FeedDefinition = z.infer<typeof feedDefinition>

/**
 * The feed every person has from the start: everything their follows and
 * groups bring, nearest people first, a day's half-life, upvotes counting a
 * little.
 */
export const DEFAULT_HOME_FEED: FeedDefinition = deepFreeze({
  v: 1,
  id: 'home',
  name: 'Home',
  mix: { post: 1, blog: 0.8, groupNews: 0.8, announcement: 1 },
  trust: { contacts: 1, contactsOfContacts: 0.6, groupMembers: 0.7, others: 0.4 },
  recencyHalfLifeHours: 24,
  upvoteWeight: 0.5,
  includeTags: [],
  excludeTags: [],
  relevance: [],
  limit: 50,
})

/** Shared constants must not be edited in place by whoever copies from them. */
function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}

/** Which part of a feed's recipe a "why am I seeing this" line comes from. */
export const feedTermKind = z.enum(['kind', 'trust', 'recency', 'upvotes', 'tag', 'follow', 'relevance'])
export type FeedTermKind = z.infer<typeof feedTermKind>

/**
 * One line of "why am I seeing this": human words and the factor it
 * contributed. An item's score is the product of its terms' weights (terms
 * that only let an item in, such as a tag or a follow, weigh 1).
 */
export const feedTerm = z.object({ term: feedTermKind, label: z.string(), weight: z.number() })
export type FeedTerm = z.infer<typeof feedTerm>
