import { z } from 'zod'
import { command, event, query } from './define'
import { contactId, shortId } from '../domain/people'
import { TAG_CLASH, feedDefinition, feedDefinitionFields, feedItemKind, feedTerm, tagsDoNotClash } from '../domain/feed-builder'
import { POST_LIMITS, postKind, postRelevance, postTag } from '../domain/posts'

/**
 * Feeds and the blog (First Person Pages). Every person publishes on a
 * personal log that only the people they share it with can read (their
 * contacts, automatically); posts and comments there are signed with their
 * DID. Follows and feed definitions are private settings in the vault;
 * ranking runs on this device (main/core/feeds).
 */

const postTitle = z.string().trim().max(POST_LIMITS.title, `use at most ${POST_LIMITS.title} characters`)
const postBody = z.string().max(POST_LIMITS.body, `use at most ${POST_LIMITS.body} characters`)
const tagList = z.array(postTag).max(POST_LIMITS.tags, `use at most ${POST_LIMITS.tags} tags`)

/** How a record's DID signature checked out on this device. */
export const signatureStatus = z.enum(['verified', 'invalid'])

export const postView = z.object({
  id: shortId,
  authorId: contactId,
  authorName: z.string(),
  /** did:key of the author: the key that signed. */
  authorDid: z.string(),
  kind: postKind,
  title: z.string(),
  /** Markdown, to be rendered without raw HTML or remote loads. */
  body: z.string(),
  tags: z.array(z.string()),
  relevance: postRelevance,
  /** People mentioned (identity ids), with their names where known. */
  mentions: z.array(z.object({ id: contactId, name: z.string() })),
  createdAt: z.number().int(),
  editedAt: z.number().int().nullable(),
  isMine: z.boolean(),
  signature: signatureStatus,
  commentCount: z.number().int().min(0),
})
export type PostView = z.infer<typeof postView>

export const commentView = z.object({
  id: shortId,
  postId: shortId,
  postAuthorId: contactId,
  authorId: contactId,
  authorName: z.string(),
  authorDid: z.string(),
  /** The comment this one answers, or null for a comment on the post itself. */
  replyTo: shortId.nullable(),
  body: z.string(),
  createdAt: z.number().int(),
  isMine: z.boolean(),
  /** True when written by the post's author (their replies). */
  byPostAuthor: z.boolean(),
  signature: signatureStatus,
})
export type CommentView = z.infer<typeof commentView>

/** A post with its comment thread, oldest first. */
export const postThread = z.object({ post: postView, comments: z.array(commentView) })

/** One signer in a reshare's chain of custody, innermost (the author) first. */
export const custodyLink = z.object({
  position: z.number().int().min(0),
  role: z.enum(['author', 'resharer']),
  identityId: contactId.nullable(),
  did: z.string().nullable(),
  name: z.string(),
  /** This link's signature holds over exactly what it wrapped. */
  ok: z.boolean(),
})

/** A reshare: who passed the post on, with what comment, and the verified chain back to the author. */
export const reshareView = z.object({
  id: shortId,
  resharerId: contactId,
  resharerName: z.string(),
  comment: z.string(),
  at: z.number().int(),
  /** Every link verifies. */
  verified: z.boolean(),
  chain: z.array(custodyLink),
})
export type ReshareView = z.infer<typeof reshareView>

/** One item of a ranked feed and why it is there. */
export const feedEntry = z.object({
  /** Stable within the feed (kind + author + id). */
  key: z.string(),
  kind: feedItemKind,
  score: z.number(),
  why: z.array(feedTerm),
  /** Posts and blog posts (reshared or not): the post. */
  post: postView.nullable(),
  /** When the item is a reshare: who passed it on, and the chain of custody. */
  reshare: reshareView.nullable().default(null),
  /** Group news and announcements: where and what. */
  group: z
    .object({
      groupId: z.string(),
      groupName: z.string(),
      itemId: z.string(),
      authorName: z.string(),
      title: z.string(),
      text: z.string(),
      link: z.string().nullable(),
      upvotes: z.number().int().min(0),
      createdAt: z.number().int(),
    })
    .nullable(),
})
export type FeedEntry = z.infer<typeof feedEntry>

export const feedPage = z.object({
  feedId: z.string(),
  entries: z.array(feedEntry),
  nextCursor: z.string().nullable(),
})

export const followView = z.object({
  authorId: contactId,
  name: z.string(),
  /** All of their posts, or only those with one of `tags`. */
  allPosts: z.boolean(),
  tags: z.array(z.string()),
  since: z.number().int(),
})

/** Someone whose personal log this device holds, and whether I follow them. */
export const authorView = z.object({
  authorId: contactId,
  name: z.string(),
  did: z.string(),
  isContact: z.boolean(),
  follow: followView.nullable(),
  postCount: z.number().int().min(0),
  blogCount: z.number().int().min(0),
  /** Entries of their log this device has read, out of those it knows of. */
  readLength: z.number().int().min(0),
  knownLength: z.number().int().min(0),
  /** Entries dropped from their log: malformed, unsigned or badly signed. */
  rejected: z.number().int().min(0),
})

const followInput = z
  .object({
    authorId: contactId,
    allPosts: z.boolean(),
    tags: tagList.default([]),
  })
  .refine((input) => input.allPosts || input.tags.length > 0, { message: 'choose at least one hashtag, or follow all posts', path: ['tags'] })

export const feedMethods = {
  /** Write a post or a blog post on my personal log (signed with my DID). */
  'feeds.createPost': command(
    z.object({
      kind: postKind.default('post'),
      title: postTitle.default(''),
      body: postBody,
      tags: tagList.default([]),
      relevance: postRelevance.default('world'),
      mentions: z.array(contactId).max(POST_LIMITS.mentions).default([]),
    }),
    postView,
  ),
  /** Edit one of my posts: a new signed version replaces it everywhere. Errors: POST_NOT_FOUND, NOT_AUTHOR. */
  'feeds.editPost': command(
    z.object({
      id: shortId,
      title: postTitle.optional(),
      body: postBody.optional(),
      tags: tagList.optional(),
      relevance: postRelevance.optional(),
    }),
    postView,
  ),
  /** Withdraw one of my posts; readers drop it. Errors: POST_NOT_FOUND, NOT_AUTHOR. */
  'feeds.deletePost': command(z.object({ id: shortId }), z.object({})),
  /** A post with its comments. Errors: POST_NOT_FOUND. */
  'feeds.getPost': query(z.object({ authorId: contactId, id: shortId }), postThread),
  /** Someone's posts (or mine, with my id), newest first; `kind` 'blog' for their blog. */
  'feeds.listPosts': query(z.object({ authorId: contactId, kind: postKind.nullable().default(null) }), z.array(postView)),
  /** Comment on a post, or reply to a comment (`replyTo`); written on my own log. Errors: POST_NOT_FOUND. */
  'feeds.comment': command(
    z.object({
      authorId: contactId,
      postId: shortId,
      replyTo: shortId.nullable().default(null),
      body: z.string().trim().min(1, 'write something first').max(POST_LIMITS.comment, `use at most ${POST_LIMITS.comment} characters`),
    }),
    commentView,
  ),

  /**
   * Reshare a feed item (a post, or someone's reshare: `key` of a feed
   * entry) with a comment: the original goes along whole with its
   * signatures, and mine is added around it. Errors: POST_NOT_FOUND.
   */
  'feeds.reshare': command(
    z.object({
      key: z.string().max(200),
      comment: z.string().max(POST_LIMITS.comment, `use at most ${POST_LIMITS.comment} characters`).default(''),
    }),
    reshareView,
  ),

  /** My feed link: lets someone who is not my contact read and follow my posts (planet://feed/…). */
  'feeds.getFeedLink': query(z.object({}), z.object({ link: z.string() })),
  /**
   * Add someone's personal log from their feed link, to follow them. Errors:
   * FEED_LINK_INVALID (malformed, or not signed by its owner), INVALID_INPUT (my own link).
   */
  'feeds.addFeedLink': command(z.object({ link: z.string().max(1000) }), z.object({ authorId: contactId, name: z.string() })),

  /** People whose personal log I hold (my contacts share theirs with me; feed links add others), with what I follow of them. */
  'feeds.listAuthors': query(z.object({}), z.array(authorView)),
  /** Follow someone for all their posts or only for chosen hashtags (replaces an earlier follow). Errors: FEED_AUTHOR_UNKNOWN. */
  'feeds.follow': command(followInput, followView),
  'feeds.unfollow': command(z.object({ authorId: contactId }), z.object({})),
  'feeds.listFollows': query(z.object({}), z.array(followView)),

  /** My feeds: Home first, then the ones I made. */
  'feeds.listFeeds': query(z.object({}), z.array(feedDefinition)),
  /** Create (id absent) or change a feed. Home can be changed but not deleted. */
  'feeds.saveFeed': command(feedDefinitionFields.extend({ id: feedDefinitionFields.shape.id.optional() }).refine(tagsDoNotClash, TAG_CLASH), feedDefinition),
  'feeds.deleteFeed': command(z.object({ id: z.string().max(64) }), z.object({})),
  /** A ranked page of a feed. Errors: FEED_NOT_FOUND, INVALID_INPUT (an out-of-date cursor). */
  'feeds.getFeed': query(z.object({ feedId: z.string().max(64), cursor: z.string().max(2000).nullable().default(null) }), feedPage),

  /**
   * Export my blog as static HTML plus an Atom feed whose entries carry my
   * DID signatures, into a new folder under the data directory.
   */
  'feeds.exportBlog': command(
    z.object({ baseUrl: z.string().max(2048).nullable().default(null) }),
    z.object({ dir: z.string(), files: z.array(z.string()), posts: z.number().int().min(0) }),
  ),
} as const

export const feedEvents = {
  /** Posts, comments, follows or feeds changed (mine or a peer's log grew). */
  'feeds.onFeedsChanged': event(z.object({})),
} as const
