import type { FeedItemKind, FeedMix, FeedTrust } from '../../../shared/domain/feed-builder'
import type { PostKind, PostRelevance } from '../../../shared/domain/posts'
import { POST_RELEVANCE } from '../../../shared/domain/posts'
import { excerpt } from '../chats/excerpt'
import { hashtags } from './tag-input'

/** Words for what the contract names with codes. */

export const RELEVANCE_LABEL: Record<PostRelevance, string> = {
  street: 'My street',
  neighbourhood: 'My neighbourhood',
  town: 'My town',
  district: 'My district',
  country: 'My country',
  world: 'The world',
}

/** Nearest first, as the select lists them. */
export const RELEVANCE_OPTIONS = POST_RELEVANCE.map((value) => ({ value, label: RELEVANCE_LABEL[value] }))

export function relevanceText(relevance: PostRelevance): string {
  return `Relevant to ${RELEVANCE_LABEL[relevance].replace(/^My /, 'my ').replace(/^The /, 'the ')}`
}

export const POST_KIND_LABEL: Record<PostKind, string> = { post: 'Post', blog: 'Blog post' }

export const ITEM_KIND_LABEL: Record<FeedItemKind, string> = {
  post: 'Posts',
  blog: 'Blog posts',
  groupNews: 'Group news',
  announcement: 'Announcements',
}

export const MIX_FIELDS: ReadonlyArray<{ key: keyof FeedMix; label: string }> = [
  { key: 'post', label: 'Posts' },
  { key: 'blog', label: 'Blog posts' },
  { key: 'groupNews', label: 'Group news' },
  { key: 'announcement', label: 'Announcements' },
]

export const TRUST_FIELDS: ReadonlyArray<{ key: keyof FeedTrust; label: string }> = [
  { key: 'contacts', label: 'My contacts' },
  { key: 'contactsOfContacts', label: 'Their contacts' },
  { key: 'groupMembers', label: 'Group members' },
  { key: 'others', label: 'Others' },
]

/** What I follow of someone: "All posts", "#regenerative #food", or "Not followed". */
export function followSummary(follow: { allPosts: boolean; tags: readonly string[] } | null): string {
  if (follow === null) return 'Not followed'
  if (follow.allPosts) return 'All posts'
  return hashtags(follow.tags)
}

/** The provenance line under a post or comment. */
export function signatureText(did: string, signature: 'verified' | 'invalid'): string {
  return signature === 'verified' ? `Signed by ${did} — verified` : `Signed by ${did} — signature does not verify`
}

export function rejectedText(rejected: number): string | null {
  if (rejected <= 0) return null
  return rejected === 1
    ? '1 entry from this person was dropped: malformed or badly signed'
    : `${rejected.toLocaleString('en')} entries from this person were dropped: malformed or badly signed`
}

export function countText(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`
}

/** A post's heading: its title, else the start of its text (short posts need no title). */
export function postHeading(post: { title: string; body: string }): string {
  const title = post.title.trim()
  if (title !== '') return title
  return excerpt(post.body, 80) || 'Untitled post'
}

/** A few lines of the body for a card; the post page shows it whole. */
export function postExcerpt(post: { title: string; body: string }, max = 280): string {
  if (post.title.trim() === '') return post.body.length > 80 ? excerpt(post.body, max) : ''
  return excerpt(post.body, max)
}
