import { describe, expect, it } from 'vitest'
import { isAppPath } from '../../app/vault-routes'
import { authorBlogPath, editFeedPath, feedPath, feedsTab, FOLLOWING_PATH, MY_BLOG_PATH, NEW_FEED_PATH, parseFeedsLocation, postPath, tabPath } from './feeds-location'

const AUTHOR = 'ab'.repeat(32)
const POST = 'cd'.repeat(16)
const rest = (path: string) => path.replace(/^\/feeds\/?/, '')

describe('parseFeedsLocation', () => {
  it('reads every view from the address its path builder makes', () => {
    expect(parseFeedsLocation(rest(feedPath()))).toEqual({ view: 'feed', feedId: 'home' })
    expect(parseFeedsLocation(rest(feedPath('my-feed-1')))).toEqual({ view: 'feed', feedId: 'my-feed-1' })
    expect(parseFeedsLocation(rest(editFeedPath('home')))).toEqual({ view: 'editFeed', feedId: 'home' })
    expect(parseFeedsLocation(rest(NEW_FEED_PATH))).toEqual({ view: 'newFeed' })
    expect(parseFeedsLocation(rest(FOLLOWING_PATH))).toEqual({ view: 'following' })
    expect(parseFeedsLocation(rest(MY_BLOG_PATH))).toEqual({ view: 'blog' })
    expect(parseFeedsLocation(rest(authorBlogPath(AUTHOR)))).toEqual({ view: 'author', authorId: AUTHOR })
    expect(parseFeedsLocation(rest(postPath(AUTHOR, POST)))).toEqual({ view: 'post', authorId: AUTHOR, postId: POST })
  })
  it('knows nothing of malformed paths', () => {
    for (const path of ['x', 'feed', 'feed/UPPER', 'feed/a/b', `post/${AUTHOR}`, `post/${POST}/${AUTHOR}`, `people/${POST}`, 'following/x']) {
      expect(parseFeedsLocation(path), path).toEqual({ view: 'notFound' })
    }
  })
  it('lets a locked-then-unlocked window come back to every view', () => {
    for (const path of [feedPath(), feedPath('f1'), editFeedPath('f1'), NEW_FEED_PATH, FOLLOWING_PATH, MY_BLOG_PATH, authorBlogPath(AUTHOR), postPath(AUTHOR, POST)]) {
      expect(isAppPath(path), path).toBe(true)
    }
    expect(isAppPath('/feeds/x')).toBe(false)
  })
  it('maps tabs to addresses and back', () => {
    for (const tab of ['feed', 'following', 'blog'] as const) expect(feedsTab(parseFeedsLocation(rest(tabPath(tab))))).toBe(tab)
    expect(feedsTab({ view: 'newFeed' })).toBeNull()
  })
})
