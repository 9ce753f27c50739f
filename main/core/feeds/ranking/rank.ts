import type { FeedDefinition, FeedItemKind, FeedRelevance, FeedTerm } from '../../../../shared/domain/feed-builder'

/**
 * The feed builder's scoring: one pure function from an item, a feed
 * definition, what the reader knows (contacts, follows, groups) and the time
 * to a score and the terms that make it — or null when the feed leaves the
 * item out. No I/O, no clock: the same inputs always give the same number, so
 * pages fit together and the SQL query (feed-query.ts) can be checked against
 * scoring every row.
 *
 * Who gets in (the eligibility rule):
 *   - the reader's own items;
 *   - items by an author the reader follows — every item for a follow of all
 *     posts, and only items carrying one of the chosen hashtags for a follow
 *     by hashtag;
 *   - group news and announcements (kinds 'groupNews' and 'announcement')
 *     whose group the reader is in, whoever wrote them. A follow by hashtag
 *     narrows what the follow brings; it never hides what a group brings.
 *   Everything else — an author the reader does not follow, outside a group
 *   they are in — is left out, even if the trust profile would weigh it: the
 *   trust profile ranks what came in, it does not widen who gets in.
 *
 * Then the feed's filters, each leaving an item out:
 *   - its kind has weight 0 in the mix, or its author's circle has weight 0
 *     in the trust profile (the reader's own items always weigh 1);
 *   - it carries an excluded tag; the feed includes tags and it carries none
 *     of them; the feed chose relevance levels and its level is not one.
 *
 * Score = kind weight × trust weight × recency × upvote boost, where
 *   recency = 2^(−age / half-life) (age 0 for an item from the future),
 *   upvote boost = 1 + upvoteWeight × min(1, log10(1 + upvotes) / 3):
 *   logarithmic, full at 999 upvotes, so upvotes at most double a score (at
 *   upvoteWeight 1) — popularity reorders, it cannot bury the rest.
 * Ties: newer first (createdAt desc), then id (code-unit order).
 *
 * Checklist: `bestPossibleScore` must stay an upper bound of `score` for every
 * item created at or before a given time (same factors, same order of
 * multiplication, each at its maximum). feed-query.ts stops reading rows on it.
 */

export type TrustDistance = 'me' | 'contact' | 'contact-of-contact' | 'group-member' | 'other'

/** One candidate as the vault holds it (main/core/feeds/ranking/README.md: the feed_items table). */
export interface FeedItem {
  id: string
  kind: FeedItemKind
  /** Identity id (hex) of the author. */
  author: string
  /** Hashtags in lower case, without '#'. */
  tags: readonly string[]
  relevance: FeedRelevance
  /** Milliseconds since the epoch. */
  createdAt: number
  upvotes: number
  /** The group it was shared in, if any. */
  groupId: string | null
}

/** A follow of one author: all their posts, or only those with one of `tags`. */
export interface Follow {
  allPosts: boolean
  tags: readonly string[]
}

/**
 * What the reader knows, loaded from the vault before ranking. Plain
 * in-memory lookups: rankedFeed calls them while a query is reading rows.
 */
export interface FeedContext {
  /** The reader's identity id. */
  me: string
  trustDistance(author: string): TrustDistance
  follows: ReadonlyMap<string, Follow>
  /** Groups the reader is in. */
  groups: ReadonlySet<string>
  /** Display names for the "why" lines; unknown names read as "someone" / "a group". */
  nameOf?(author: string): string | undefined
  groupNameOf?(groupId: string): string | undefined
}

export interface Scored {
  score: number
  terms: FeedTerm[]
}

/** Kinds that come through a group the reader is in, whoever wrote them. */
export const GROUP_KINDS: ReadonlySet<FeedItemKind> = new Set<FeedItemKind>(['groupNews', 'announcement'])

const HOUR_MS = 3_600_000
/** log10(1 + upvotes) / UPVOTE_DECADES reaches 1 at 999 upvotes. */
const UPVOTE_DECADES = 3

const TRUST_FIELD = {
  contact: 'contacts',
  'contact-of-contact': 'contactsOfContacts',
  'group-member': 'groupMembers',
  other: 'others',
} as const satisfies Record<Exclude<TrustDistance, 'me'>, keyof FeedDefinition['trust']>

/** 2^(−age/half-life); an item dated in the future counts as new. Never increases as createdAt decreases. */
export function recencyFactor(createdAt: number, now: number, halfLifeHours: number): number {
  const ageHours = Math.max(0, now - createdAt) / HOUR_MS
  return 2 ** (-ageHours / halfLifeHours)
}

/** 1 … 1 + upvoteWeight. */
export function upvoteFactor(upvotes: number, upvoteWeight: number): number {
  const share = Math.min(1, Math.log10(1 + Math.max(0, upvotes)) / UPVOTE_DECADES)
  return 1 + upvoteWeight * share
}

/** What `evaluate` found, before any words are made. */
interface Evaluation {
  score: number
  kindWeight: number
  distance: TrustDistance
  trustWeight: number
  recency: number
  upvoteBoost: number
  /** In through a group the reader is in. */
  viaGroup: boolean
  /** The follow that let it in: all posts, or the followed hashtags it carries; null if none. */
  followed: 'all' | string[] | null
  /** The feed's included tags it carries. */
  included: string[]
}

function evaluate(item: FeedItem, feed: FeedDefinition, context: FeedContext, now: number): Evaluation | null {
  const kindWeight = feed.mix[item.kind]
  if (!(kindWeight > 0)) return null
  if (feed.relevance.length > 0 && !feed.relevance.includes(item.relevance)) return null
  if (feed.excludeTags.some((tag) => item.tags.includes(tag))) return null
  const included = feed.includeTags.filter((tag) => item.tags.includes(tag))
  if (feed.includeTags.length > 0 && included.length === 0) return null

  const mine = item.author === context.me
  const viaGroup = item.groupId !== null && GROUP_KINDS.has(item.kind) && context.groups.has(item.groupId)
  const follow = context.follows.get(item.author)
  const followed = follow === undefined ? null : follow.allPosts ? 'all' : follow.tags.filter((tag) => item.tags.includes(tag))
  const byFollow = followed === 'all' || (followed !== null && followed.length > 0)
  if (!mine && !viaGroup && !byFollow) return null

  const distance: TrustDistance = mine ? 'me' : context.trustDistance(item.author)
  const trustWeight = distance === 'me' ? 1 : feed.trust[TRUST_FIELD[distance]]
  if (!(trustWeight > 0)) return null

  const recency = recencyFactor(item.createdAt, now, feed.recencyHalfLifeHours)
  const upvoteBoost = upvoteFactor(item.upvotes, feed.upvoteWeight)
  // The order of these multiplications is the one bestPossibleScore uses.
  const score = kindWeight * trustWeight * recency * upvoteBoost
  return {
    score,
    kindWeight,
    distance,
    trustWeight,
    recency,
    upvoteBoost,
    viaGroup,
    followed: byFollow ? followed : null,
    included,
  }
}

/** The score alone (null = left out); what the query runs on every candidate. */
export function scoreOnly(item: FeedItem, feed: FeedDefinition, context: FeedContext, now: number): number | null {
  return evaluate(item, feed, context, now)?.score ?? null
}

/** The score and the "why am I seeing this" terms; null when the feed leaves the item out. */
export function score(item: FeedItem, feed: FeedDefinition, context: FeedContext, now: number): Scored | null {
  const found = evaluate(item, feed, context, now)
  return found === null ? null : { score: found.score, terms: explain(item, feed, context, now, found) }
}

/**
 * No item created at or before `createdAt` can score above this: every
 * factor at its maximum for this feed (the reader's own items weigh 1 in
 * trust; the largest upvote boost), multiplied in `evaluate`'s order.
 */
export function bestPossibleScore(feed: FeedDefinition, createdAt: number, now: number): number {
  const maxKind = Math.max(feed.mix.post, feed.mix.blog, feed.mix.groupNews, feed.mix.announcement)
  const maxTrust = 1
  return maxKind * maxTrust * recencyFactor(createdAt, now, feed.recencyHalfLifeHours) * (1 + feed.upvoteWeight)
}

/** Where an item stands in a ranking: all the order looks at. */
export interface RankPosition {
  score: number
  item: Pick<FeedItem, 'createdAt' | 'id'>
}

/** Ranking order: higher score, then newer, then id. Negative when `a` comes first. */
export function compareRanked(a: RankPosition, b: RankPosition): number {
  if (a.score !== b.score) return b.score - a.score
  if (a.item.createdAt !== b.item.createdAt) return b.item.createdAt - a.item.createdAt
  return a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0
}

// ---------------------------------------------------------------- the words

const KIND_NOUN: Record<FeedItemKind, string> = { post: 'A post', blog: 'A blog post', groupNews: 'Group news', announcement: 'An announcement' }

const RELEVANCE_WORDS: Record<FeedRelevance, string> = {
  street: 'About your street',
  neighbourhood: 'About your neighbourhood',
  town: 'About your town',
  district: 'About your district',
  country: 'About your country',
  world: 'Of interest worldwide',
}

function explain(item: FeedItem, feed: FeedDefinition, context: FeedContext, now: number, found: Evaluation): FeedTerm[] {
  const author = context.nameOf?.(item.author) ?? 'someone'
  const group = item.groupId === null ? null : (context.groupNameOf?.(item.groupId) ?? 'a group')
  const terms: FeedTerm[] = []

  const where = group === null ? '' : found.viaGroup ? ` in ${group}, a group you're in` : ` in ${group}`
  terms.push({ term: 'kind', label: `${KIND_NOUN[item.kind]}${where}`, weight: found.kindWeight })
  terms.push({ term: 'trust', label: trustWords(found.distance, author), weight: found.trustWeight })

  if (found.followed === 'all') {
    terms.push({ term: 'follow', label: `You follow ${author}`, weight: 1 })
  } else if (found.followed !== null) {
    terms.push({ term: 'follow', label: `Tagged ${hashtags(found.followed)}, which you follow in ${author}'s posts`, weight: 1 })
  }
  if (found.included.length > 0) {
    terms.push({ term: 'tag', label: `Tagged ${hashtags(found.included)}, which this feed includes`, weight: 1 })
  }
  if (feed.relevance.length > 0) terms.push({ term: 'relevance', label: RELEVANCE_WORDS[item.relevance], weight: 1 })

  terms.push({ term: 'recency', label: `Posted ${ago(now - item.createdAt)}`, weight: found.recency })
  if (feed.upvoteWeight > 0 && item.upvotes > 0) {
    const count = `${item.upvotes} ${item.upvotes === 1 ? 'upvote' : 'upvotes'}`
    terms.push({ term: 'upvotes', label: group === null ? count : `${count} in ${group}`, weight: found.upvoteBoost })
  }
  return terms
}

function trustWords(distance: TrustDistance, author: string): string {
  switch (distance) {
    case 'me':
      return 'Your own post'
    case 'contact':
      return `From ${author}, your contact`
    case 'contact-of-contact':
      return `From ${author}, a contact of your contacts`
    case 'group-member':
      return `From ${author}, who is in a group with you`
    case 'other':
      return `From ${author}, outside your contacts and groups`
  }
}

/** ['a', 'b', 'c'] → '#a, #b and #c' */
function hashtags(tags: readonly string[]): string {
  const marked = tags.map((tag) => `#${tag}`)
  return marked.length <= 1 ? marked.join('') : `${marked.slice(0, -1).join(', ')} and ${marked.at(-1)}`
}

function ago(ms: number): string {
  const minutes = Math.floor(ms / 60_000)
  if (minutes < 1) return 'just now'
  if (minutes < 60) return plural(minutes, 'minute')
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return plural(hours, 'hour')
  const days = Math.floor(hours / 24)
  if (days < 365) return plural(days, 'day')
  return plural(Math.floor(days / 365), 'year')
}

function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'} ago`
}
