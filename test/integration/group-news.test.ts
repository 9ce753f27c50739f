import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyImport } from '../../main/core/feeds/posts/post-signing'
import { parseFeed } from '../../main/core/feeds/rss/feed-parser'
import type { FeedServer } from '../../main/core/feeds/rss/fixtures/feed-server'
import { startFeedServer } from '../../main/core/feeds/rss/fixtures/feed-server'
import type { TestCore } from '../helpers/core'
import { groupWith, idOf, sessionOf } from '../helpers/groups'
import { createPerson, waitFor } from '../helpers/people'
import type { Testnet } from '../helpers/testnet'
import { startTestnet } from '../helpers/testnet'

const fixture = (name: string) => readFileSync(new URL(`../../main/core/feeds/rss/fixtures/${name}`, import.meta.url))

describe('group news: posts, votes and RSS imports', () => {
  let testnet: Testnet
  let feeds: FeedServer
  let ada: TestCore
  let ben: TestCore
  let cy: TestCore
  let everyone: TestCore[]
  let groupId: string

  beforeAll(async () => {
    testnet = await startTestnet()
    feeds = await startFeedServer()
    // The feed server is on 127.0.0.1: Ada's device (the admin who fetches) may use it.
    ada = await createPerson(testnet, 'Ada', { core: { allowPrivateFeedAddresses: true } })
    ben = await createPerson(testnet, 'Ben')
    cy = await createPerson(testnet, 'Cy')
    everyone = [ada, ben, cy]
    ;({ groupId } = await groupWith(ada, [ben, cy], 'Newsroom'))
  }, 120_000)

  afterAll(async () => {
    await ada?.cleanup()
    await ben?.cleanup()
    await cy?.cleanup()
    await feeds?.close()
    await testnet?.destroy()
  })

  /** The news ids every member lists, once all of them list the same `count` items in the same order with the same votes. */
  async function sameEverywhere(what: string, check: (ids: string[], votes: number[]) => boolean): Promise<string[]> {
    return waitFor(what, async () => {
      const lists = await Promise.all(everyone.map((person) => person.client.call('groups.listNews', { groupId })))
      const views = lists.map((list) => JSON.stringify(list.map((item) => [item.id, item.votes, item.title])))
      if (new Set(views).size !== 1) return false
      const ids = lists[0]!.map((item) => item.id)
      return check(ids, lists[0]!.map((item) => item.votes)) ? ids : false
    })
  }

  it('upvotes reorder the news identically on every member; one vote per member', async () => {
    // Each poster has seen the previous post, so the log order is causal: First, Second, Third.
    const seenBy = (person: TestCore, id: string) =>
      waitFor('the previous post to arrive', async () => (await person.client.call('groups.listNews', { groupId })).some((item) => item.id === id))
    const first = await ada.client.call('groups.postNews', { groupId, title: 'First', link: 'https://example.org/a', text: 'read this', tags: ['news'] })
    await seenBy(ben, first.id)
    const second = await ben.client.call('groups.postNews', { groupId, title: 'Second' })
    await seenBy(cy, second.id)
    const third = await cy.client.call('groups.postNews', { groupId, title: 'Third', text: '*markdown*' })
    expect(first).toMatchObject({ kind: 'post', link: 'https://example.org/a', tags: ['news'], votes: 0, readable: true })

    expect(await sameEverywhere('all three posts everywhere', (ids) => ids.length === 3)).toEqual([first.id, second.id, third.id])

    // Third gets two votes, Second one: Third, Second, First.
    await ben.client.call('groups.voteNews', { groupId, itemId: third.id, on: true })
    await sameEverywhere('Ben’s vote everywhere', (_ids, votes) => votes.includes(1))
    await cy.client.call('groups.voteNews', { groupId, itemId: third.id, on: true })
    await ada.client.call('groups.voteNews', { groupId, itemId: second.id, on: true })
    // A second upvote from the same member counts once.
    const again = await ada.client.call('groups.voteNews', { groupId, itemId: second.id, on: true })
    expect(again.find((item) => item.id === second.id)).toMatchObject({ votes: 1, myVote: true })
    expect(await sameEverywhere('the votes reorder the news', (_ids, votes) => votes.join() === '2,1,0')).toEqual([third.id, second.id, first.id])

    // Cy takes the vote back: a tie at one keeps log order (Second before Third).
    await cy.client.call('groups.voteNews', { groupId, itemId: third.id, on: false })
    expect(await sameEverywhere('the retraction everywhere', (_ids, votes) => votes.join() === '1,1,0')).toEqual([second.id, third.id, first.id])

    await expect(ben.client.call('groups.voteNews', { groupId, itemId: '0'.repeat(32), on: true })).rejects.toMatchObject({ code: 'NEWS_NOT_FOUND' })
  }, 60_000)

  it('admins add feeds; items are imported with source URL and a verifying signature; malformed feeds import nothing', async () => {
    const samples = [
      { path: '/rss2.xml', file: 'rss2-blog.xml' },
      { path: '/atom.xml', file: 'atom-xml-base.xml' },
      { path: '/rss1.rdf', file: 'rss1-rdf.xml' },
    ]
    const adaId = await idOf(ada)

    // A member who is not an admin cannot add a feed.
    await expect(ben.client.call('groups.addNewsFeed', { groupId, url: `${feeds.origin}/rss2.xml` })).rejects.toMatchObject({ code: 'GROUP_FORBIDDEN' })

    const before = (await ada.client.call('groups.listNews', { groupId })).length
    let expected = 0
    for (const sample of samples) {
      const url = `${feeds.origin}${sample.path}`
      const feed = await ada.client.call('groups.addNewsFeed', { groupId, url })
      expect(feed).toMatchObject({ url, addedBy: adaId })
      const started = Date.now()
      const refreshed = await ada.client.call('groups.refreshNewsFeed', { groupId, feedId: feed.id })
      const items = Math.min(20, parseFeed(fixture(sample.file), url).items.length)
      expect(items).toBeGreaterThan(0)
      expect(refreshed).toMatchObject({ lastError: null, itemCount: items })
      console.info(`refresh of ${sample.path}: ${items} items in ${Date.now() - started} ms`)
      expected += items
      // Fetching again imports nothing new.
      expect(await ada.client.call('groups.refreshNewsFeed', { groupId, feedId: feed.id })).toMatchObject({ itemCount: items })
    }

    for (const malformed of ['/invalid.xml', '/page.html', '/404']) {
      const feed = await ada.client.call('groups.addNewsFeed', { groupId, url: `${feeds.origin}${malformed}` })
      const refreshed = await ada.client.call('groups.refreshNewsFeed', { groupId, feedId: feed.id })
      expect(refreshed.lastError, malformed).not.toBeNull()
      expect(refreshed.itemCount, malformed).toBe(0)
      const listed = (await ada.client.call('groups.listNewsFeeds', { groupId })).find((item) => item.id === feed.id)
      expect(listed?.lastError?.code, malformed).toMatch(/^FEED_/)
    }

    await sameEverywhere('every import on every member', (ids) => ids.length === before + expected)
    for (const person of everyone) {
      const imports = (await person.client.call('groups.listNews', { groupId })).filter((item) => item.kind === 'import')
      expect(imports).toHaveLength(expected)
      for (const item of imports) {
        expect(item.authorId).toBe(adaId)
        expect(item.signatureValid).toBe(true)
        expect(samples.map((sample) => `${feeds.origin}${sample.path}`)).toContain(item.sourceUrl)
      }
      // The signed record itself, as stored on this member's device.
      const rows = sessionOf(person).db.prepare("SELECT signed_item FROM group_news WHERE space = ? AND kind = 'import'").all(groupId) as Array<{ signed_item: string }>
      for (const row of rows) {
        const verdict = verifyImport(JSON.parse(row.signed_item))
        expect(verdict.ok).toBe(true)
        if (verdict.ok) expect(verdict.record.importer).toBe(adaId)
      }
    }

    // A removed feed is no longer listed, and its imports stay.
    const [firstFeed] = await ada.client.call('groups.listNewsFeeds', { groupId })
    await ada.client.call('groups.removeNewsFeed', { groupId, feedId: firstFeed!.id })
    expect((await ada.client.call('groups.listNewsFeeds', { groupId })).map((feed) => feed.id)).not.toContain(firstFeed!.id)
    await expect(ada.client.call('groups.refreshNewsFeed', { groupId, feedId: firstFeed!.id })).rejects.toMatchObject({ code: 'NEWS_FEED_NOT_FOUND' })
  }, 90_000)
})
