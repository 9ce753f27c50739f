import { ROUTES } from '../../app/vault-routes'

/**
 * Where in Feeds the address points (`/feeds/*`), so the back button, a
 * reload and a locked-then-unlocked window land on the same view:
 *
 * | path                               | view                      |
 * | ---------------------------------- | ------------------------- |
 * | /feeds, /feeds/feed/<feed id>      | a ranked feed (Home first) |
 * | /feeds/following                   | people whose posts I hold  |
 * | /feeds/blog                        | my blog and its export     |
 * | /feeds/people/<author id>          | someone's blog             |
 * | /feeds/post/<author id>/<post id>  | a post and its comments    |
 * | /feeds/new, /feeds/feed/<id>/edit  | the feed builder           |
 *
 * Keep isAppPath (app/vault-routes.ts) in step with this list.
 */
export type FeedsLocation =
  | { view: 'feed'; feedId: string }
  | { view: 'following' }
  | { view: 'blog' }
  | { view: 'author'; authorId: string }
  | { view: 'post'; authorId: string; postId: string }
  | { view: 'newFeed' }
  | { view: 'editFeed'; feedId: string }
  | { view: 'notFound' }

/** The tabs of the Feeds page; the other views are pages of their own. */
export type FeedsTab = 'feed' | 'following' | 'blog'

export const HOME_FEED_ID = 'home'

const FEED_ID = /^[a-z0-9-]{1,64}$/
const AUTHOR_ID = /^[0-9a-f]{64}$/
const POST_ID = /^[0-9a-f]{32}$/

/** The rest of the address after /feeds/ → what to show. Unknown or malformed paths are `notFound`. */
export function parseFeedsLocation(rest: string): FeedsLocation {
  const parts = rest.split('/').filter((part) => part !== '')
  const [first, second, third] = parts
  if (parts.length === 0) return { view: 'feed', feedId: HOME_FEED_ID }
  if (parts.length === 1 && first === 'following') return { view: 'following' }
  if (parts.length === 1 && first === 'blog') return { view: 'blog' }
  if (parts.length === 1 && first === 'new') return { view: 'newFeed' }
  if (first === 'feed' && second !== undefined && FEED_ID.test(second)) {
    if (parts.length === 2) return { view: 'feed', feedId: second }
    if (parts.length === 3 && third === 'edit') return { view: 'editFeed', feedId: second }
  }
  if (parts.length === 2 && first === 'people' && second !== undefined && AUTHOR_ID.test(second)) return { view: 'author', authorId: second }
  if (parts.length === 3 && first === 'post' && second !== undefined && third !== undefined && AUTHOR_ID.test(second) && POST_ID.test(third)) {
    return { view: 'post', authorId: second, postId: third }
  }
  return { view: 'notFound' }
}

/** A ranked feed; Home is /feeds itself. */
export function feedPath(feedId: string = HOME_FEED_ID): string {
  return feedId === HOME_FEED_ID ? ROUTES.feeds : `${ROUTES.feeds}/feed/${feedId}`
}

export function editFeedPath(feedId: string): string {
  return `${ROUTES.feeds}/feed/${feedId}/edit`
}

export const NEW_FEED_PATH = `${ROUTES.feeds}/new`
export const FOLLOWING_PATH = `${ROUTES.feeds}/following`
export const MY_BLOG_PATH = `${ROUTES.feeds}/blog`

export function postPath(authorId: string, postId: string): string {
  return `${ROUTES.feeds}/post/${authorId}/${postId}`
}

export function authorBlogPath(authorId: string): string {
  return `${ROUTES.feeds}/people/${authorId}`
}

/** Which tab a tab view is on (the other views have no tab). */
export function feedsTab(location: FeedsLocation): FeedsTab | null {
  if (location.view === 'feed') return 'feed'
  if (location.view === 'following') return 'following'
  if (location.view === 'blog') return 'blog'
  return null
}

export function tabPath(tab: FeedsTab): string {
  if (tab === 'following') return FOLLOWING_PATH
  if (tab === 'blog') return MY_BLOG_PATH
  return feedPath()
}
