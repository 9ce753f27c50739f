import { ed25519 } from '@noble/curves/ed25519.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reshare, signPost } from '../../main/core/feeds/posts/post-signing'
import type { TestCore } from '../helpers/core'
import { groupWith, idOf, sessionOf } from '../helpers/groups'
import { connect, createPerson, waitFor } from '../helpers/people'
import type { Testnet } from '../helpers/testnet'
import { startTestnet } from '../helpers/testnet'

/**
 * Feeds end to end through the real router: personal logs shared in the DM,
 * follows by hashtag, ranked Home with its "why", comments and the author's
 * replies, edits and deletions reaching the reader, and hostile log entries
 * dropped and counted.
 */
describe('feeds: personal logs, follows by hashtag, comments', () => {
  let testnet: Testnet
  let ada: TestCore
  let ben: TestCore
  let adaId: string
  let benId: string

  beforeAll(async () => {
    testnet = await startTestnet()
    ada = await createPerson(testnet, 'Ada')
    ben = await createPerson(testnet, 'Ben')
    await connect(ada.client, ben.client, 'Ben')
    adaId = await idOf(ada)
    benId = await idOf(ben)
    // Each holds the other's personal log once the feed.share ops have synced.
    await waitFor('Ben to hold Ada’s personal log', async () => (await ben.client.call('feeds.listAuthors', {})).find((author) => author.authorId === adaId))
    await waitFor('Ada to hold Ben’s personal log', async () => (await ada.client.call('feeds.listAuthors', {})).find((author) => author.authorId === benId))
  }, 120_000)

  afterAll(async () => {
    await ada?.cleanup()
    await ben?.cleanup()
    await testnet?.destroy()
  })

  const homeOf = async (person: TestCore) => (await person.client.call('feeds.getFeed', { feedId: 'home' })).entries

  it('a follow by hashtag brings only matching posts, each with why it is there', async () => {
    const soil = await ada.client.call('feeds.createPost', { kind: 'blog', title: 'Soil first', body: 'Cover crops *before* anything else.', tags: ['regenerative', 'soil'] })
    const cars = await ada.client.call('feeds.createPost', { title: 'New car', body: 'Vroom', tags: ['cars'], mentions: [benId] })
    expect(soil).toMatchObject({ authorId: adaId, kind: 'blog', signature: 'verified', isMine: true })
    // Ben has Ada's posts, but follows nobody yet: his Home is empty.
    await waitFor('Ada’s posts on Ben’s device', async () => (await ben.client.call('feeds.listPosts', { authorId: adaId })).length === 2)
    expect(await homeOf(ben)).toEqual([])
    // Mentioned in a post: an alert, even without following.
    const mentioned = await waitFor('the mention alert on Ben’s device', async () =>
      (await ben.client.call('alerts.list', { limit: 20 })).alerts.find((alert) => alert.kind === 'mention'),
    )
    expect(mentioned).toMatchObject({ title: 'Ada mentioned you in “New car”', route: `/feeds/post/${adaId}/${cars.id}` })

    await expect(ben.client.call('feeds.follow', { authorId: adaId, allPosts: false, tags: [] })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await ben.client.call('feeds.follow', { authorId: adaId, allPosts: false, tags: ['regenerative'] })
    const home = await homeOf(ben)
    expect(home.map((entry) => entry.post?.title)).toEqual(['Soil first'])
    expect(home[0]!.post).toMatchObject({ id: soil.id, authorName: 'Ada', signature: 'verified', tags: ['regenerative', 'soil'] })
    const why = home[0]!.why.map((term) => term.term)
    expect(why).toContain('follow')
    expect(why).toContain('kind')
    expect(home[0]!.why.find((term) => term.term === 'follow')!.label).toMatch(/regenerative/)
    expect(home.some((entry) => entry.post?.id === cars.id)).toBe(false)

    // All posts: both.
    await ben.client.call('feeds.follow', { authorId: adaId, allPosts: true })
    expect((await homeOf(ben)).map((entry) => entry.post?.title).sort()).toEqual(['New car', 'Soil first'])
    expect(await ben.client.call('feeds.listFollows', {})).toEqual([expect.objectContaining({ authorId: adaId, allPosts: true, name: 'Ada' })])
    await ben.client.call('feeds.follow', { authorId: adaId, allPosts: false, tags: ['regenerative'] })
  })

  it('comments and the author’s replies reach both sides, with an alert for the author', async () => {
    const [post] = await ada.client.call('feeds.listPosts', { authorId: adaId, kind: 'blog' })
    const question = await ben.client.call('feeds.comment', { authorId: adaId, postId: post!.id, body: 'Which cover crop?' })
    expect(question).toMatchObject({ authorName: 'Ben', byPostAuthor: false, signature: 'verified', replyTo: null })

    const seenByAda = await waitFor('Ben’s comment on Ada’s device', async () => {
      const thread = await ada.client.call('feeds.getPost', { authorId: adaId, id: post!.id })
      return thread.comments.find((comment) => comment.id === question.id)
    })
    expect(seenByAda).toMatchObject({ authorId: benId, body: 'Which cover crop?', signature: 'verified' })
    const alerts = await ada.client.call('alerts.list', { limit: 20 })
    expect(alerts.alerts.some((alert) => alert.kind === 'comment' && alert.title.includes('Ben commented on “Soil first”'))).toBe(true)

    const reply = await ada.client.call('feeds.comment', { authorId: adaId, postId: post!.id, replyTo: question.id, body: 'Crimson clover.' })
    const thread = await waitFor('Ada’s reply on Ben’s device', async () => {
      const seen = await ben.client.call('feeds.getPost', { authorId: adaId, id: post!.id })
      return seen.comments.length === 2 ? seen : undefined
    })
    expect(thread.comments.map((comment) => [comment.authorName, comment.replyTo, comment.byPostAuthor])).toEqual([
      ['Ben', null, false],
      ['Ada', question.id, true],
    ])
    expect(thread.comments[1]!.id).toBe(reply.id)
    expect(thread.post.commentCount).toBe(2)

    await expect(ben.client.call('feeds.comment', { authorId: adaId, postId: 'ab'.repeat(16), body: 'hello?' })).rejects.toMatchObject({ code: 'POST_NOT_FOUND' })
    await expect(ben.client.call('feeds.comment', { authorId: adaId, postId: post!.id, replyTo: 'cd'.repeat(16), body: 'hello?' })).rejects.toMatchObject({
      code: 'POST_NOT_FOUND',
    })
  })

  it('edits replace the post on the reader’s device; a deletion removes it; only the author may do either', async () => {
    const post = await ada.client.call('feeds.createPost', { title: 'Seed swap', body: 'Saturday at 10', tags: ['regenerative'] })
    await waitFor('the post on Ben’s Home', async () => (await homeOf(ben)).some((entry) => entry.post?.id === post.id))
    await expect(ben.client.call('feeds.editPost', { id: post.id, body: 'hacked' })).rejects.toMatchObject({ code: 'NOT_AUTHOR' })
    await expect(ben.client.call('feeds.deletePost', { id: post.id })).rejects.toMatchObject({ code: 'NOT_AUTHOR' })

    const edited = await ada.client.call('feeds.editPost', { id: post.id, body: 'Sunday at 11' })
    expect(edited.editedAt).not.toBeNull()
    await waitFor('the edit on Ben’s device', async () => (await ben.client.call('feeds.getPost', { authorId: adaId, id: post.id })).post.body === 'Sunday at 11')

    await ada.client.call('feeds.deletePost', { id: post.id })
    await waitFor('the deletion on Ben’s device', async () => !(await homeOf(ben)).some((entry) => entry.post?.id === post.id))
    await expect(ben.client.call('feeds.getPost', { authorId: adaId, id: post.id })).rejects.toMatchObject({ code: 'POST_NOT_FOUND' })
    await expect(ada.client.call('feeds.editPost', { id: post.id, body: 'back?' })).rejects.toMatchObject({ code: 'POST_NOT_FOUND' })
  })

  it('drops and counts malformed, unsigned, forged and oversized log entries; the log keeps flowing', async () => {
    // Forge entries straight into Ada's log core, as a modified app could.
    const session = sessionOf(ada)
    const logs = await ada.core.feeds.logsOf(session)
    const core = logs.myCore
    const mallory = ed25519.utils.randomSecretKey()
    const malloryHex = Buffer.from(ed25519.getPublicKey(mallory)).toString('hex')
    const record = {
      v: 1 as const,
      id: 'ee'.repeat(16),
      author: adaId,
      kind: 'post' as const,
      title: 'Forged',
      body: 'forged',
      tags: ['regenerative'],
      relevance: 'world' as const,
      mentions: [],
      images: [],
      createdAt: Date.now(),
      editedAt: null,
    }
    const bySomeoneElse = signPost({ ...record, author: malloryHex }, mallory)
    const goodSig = signPost(record, sessionOf(ada).identity.signing.secretKey)
    const hostile = [
      Buffer.from('not json {'),
      Buffer.from(JSON.stringify({ t: 'post', post: record })), // unsigned
      Buffer.from(JSON.stringify({ t: 'post', post: { ...goodSig, body: 'tampered' } })), // bad signature
      Buffer.from(JSON.stringify({ t: 'post', post: bySomeoneElse })), // not the log owner's
      Buffer.from(JSON.stringify({ t: 'post', post: goodSig, extra: 1 })), // unknown field
      Buffer.alloc(600 * 1024, 0x20), // oversized
      Buffer.from(JSON.stringify({ t: 'follow', author: adaId, on: true, at: 1 })), // follows herself
      // A reshare whose inner post was altered after its author signed it: custody broken.
      Buffer.from(JSON.stringify({ t: 'reshare', reshare: { ...reshare(bySomeoneElse, sessionOf(ada).identity.signing, 'look', Date.now()), original: { ...bySomeoneElse, body: 'altered' } } })),
    ]
    const before = (await ben.client.call('feeds.listAuthors', {})).find((author) => author.authorId === adaId)!.rejected
    await core.append(hostile)
    const after = await ada.client.call('feeds.createPost', { title: 'Still here', body: 'after the noise', tags: ['regenerative'] })

    await waitFor('the post after the hostile entries on Ben’s Home', async () => (await homeOf(ben)).some((entry) => entry.post?.id === after.id))
    const ada_ = (await ben.client.call('feeds.listAuthors', {})).find((author) => author.authorId === adaId)!
    expect(ada_.rejected - before).toBe(hostile.length)
    expect((await homeOf(ben)).some((entry) => entry.post?.title === 'Forged')).toBe(false)
    expect((await ada.client.call('feeds.listAuthors', {})).length).toBe(1)
  })

  it('brings group announcements and news of my groups into Home, and a feed builder recipe changes what shows', async () => {
    const { groupId } = await groupWith(ada, [ben], 'Garden club')
    await ada.client.call('chats.sendMessage', { conversationId: groupId, text: 'Working day on Saturday', channel: 'announcements' })
    await ada.client.call('groups.postNews', { groupId, title: 'Compost guide', link: 'https://example.org/compost', tags: ['soil'] })
    // A feed on the admin's own network is refused before it is added.
    await expect(ada.client.call('groups.addNewsFeed', { groupId, url: 'http://192.168.1.1/feed.xml' })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: expect.stringContaining('private or local network'),
    })
    expect(await ada.client.call('groups.listNewsFeeds', { groupId })).toEqual([])
    const home = await waitFor('the group items on Ben’s Home', async () => {
      const entries = await homeOf(ben)
      return entries.some((entry) => entry.kind === 'announcement') && entries.some((entry) => entry.kind === 'groupNews') ? entries : undefined
    })
    const announcement = home.find((entry) => entry.kind === 'announcement')!
    expect(announcement.group).toMatchObject({ groupId, groupName: 'Garden club', text: 'Working day on Saturday', authorName: 'Ada' })
    expect(announcement.why.map((term) => term.term)).toContain('kind')

    // A feed of posts only, soil tag only.
    const soilOnly = await ben.client.call('feeds.saveFeed', {
      v: 1,
      name: 'Soil posts',
      mix: { post: 1, blog: 1, groupNews: 0, announcement: 0 },
      trust: { contacts: 1, contactsOfContacts: 1, groupMembers: 1, others: 1 },
      recencyHalfLifeHours: 24,
      upvoteWeight: 0,
      includeTags: ['soil'],
      excludeTags: [],
      relevance: [],
      limit: 50,
    })
    const page = await ben.client.call('feeds.getFeed', { feedId: soilOnly.id })
    expect(page.entries.map((entry) => entry.post?.title)).toEqual(['Soil first'])
    expect((await ben.client.call('feeds.listFeeds', {})).map((feed) => feed.name)).toEqual(['Home', 'Soil posts'])
    await expect(ben.client.call('feeds.deleteFeed', { id: 'home' })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await ben.client.call('feeds.deleteFeed', { id: soilOnly.id })
    await expect(ben.client.call('feeds.getFeed', { feedId: soilOnly.id })).rejects.toMatchObject({ code: 'FEED_NOT_FOUND' })
  })

  it('a reshare carries the chain of custody back to the author, verified link by link', async () => {
    // Cy is Ben's contact, not Ada's: Ada sees Cy's post only through Ben's reshare.
    const cy = await createPerson(testnet, 'Cy')
    try {
      await connect(ben.client, cy.client, 'Cy')
      const cyId = await idOf(cy)
      const original = await cy.client.call('feeds.createPost', { title: 'Hedgerows', body: 'Plant them in November.', tags: ['regenerative'] })
      await waitFor('Cy’s post on Ben’s device', async () => (await ben.client.call('feeds.listPosts', { authorId: cyId })).length === 1)
      const byBen = await ben.client.call('feeds.reshare', { key: `p:${cyId}:${original.id}`, comment: 'Good advice' })
      expect(byBen).toMatchObject({ resharerName: 'Ben', comment: 'Good advice', verified: true })
      expect(byBen.chain.map((link) => [link.role, link.name, link.ok])).toEqual([
        ['author', 'Cy', true],
        ['resharer', 'Ben', true],
      ])

      await ada.client.call('feeds.follow', { authorId: benId, allPosts: true })
      const entry = await waitFor('Ben’s reshare on Ada’s Home', async () => (await homeOf(ada)).find((item) => item.reshare?.id === byBen.id))
      expect(entry.post).toMatchObject({ id: original.id, authorId: cyId, title: 'Hedgerows', signature: 'verified' })
      expect(entry.reshare!.chain.map((link) => [link.did, link.ok])).toEqual([
        [original.authorDid, true],
        [byBen.chain[1]!.did, true],
      ])

      // Ada passes Ben's reshare on: three links, and Ben (following #regenerative) sees it.
      const byAda = await ada.client.call('feeds.reshare', { key: entry.key, comment: '' })
      expect(byAda.chain.map((link) => link.role)).toEqual(['author', 'resharer', 'resharer'])
      const onBens = await waitFor('Ada’s reshare on Ben’s Home', async () => (await homeOf(ben)).find((item) => item.reshare?.id === byAda.id))
      expect(onBens.reshare).toMatchObject({ verified: true, resharerName: 'Ada' })
      await expect(ada.client.call('feeds.reshare', { key: `p:${cyId}:${'00'.repeat(16)}` })).rejects.toMatchObject({ code: 'POST_NOT_FOUND' })
    } finally {
      await ada.client.call('feeds.unfollow', { authorId: benId })
      await cy.cleanup()
    }
  })

  it('someone who is not a contact follows Ada with her feed link, over the feeds swarm', async () => {
    const dee = await createPerson(testnet, 'Dee')
    try {
      const { link } = await ada.client.call('feeds.getFeedLink', {})
      expect(link).toMatch(/^planet:\/\/feed\/[A-Za-z0-9_-]+$/)
      const tampered = link.slice(0, -2) + (link.endsWith('A') ? 'B' : 'A') + link.slice(-1)
      await expect(dee.client.call('feeds.addFeedLink', { link: tampered })).rejects.toMatchObject({ code: 'FEED_LINK_INVALID' })
      await expect(ada.client.call('feeds.addFeedLink', { link })).rejects.toMatchObject({ code: 'INVALID_INPUT' })

      expect(await dee.client.call('feeds.addFeedLink', { link })).toEqual({ authorId: adaId, name: 'Ada' })
      const author = await waitFor('Ada’s log on Dee’s device', async () =>
        (await dee.client.call('feeds.listAuthors', {})).find((entry) => entry.authorId === adaId && entry.postCount + entry.blogCount > 0),
      )
      expect(author).toMatchObject({ name: 'Ada', isContact: false })
      expect(await dee.client.call('contacts.list', {})).toEqual([])
      await dee.client.call('feeds.follow', { authorId: adaId, allPosts: false, tags: ['regenerative'] })
      const home = await homeOf(dee)
      expect(home.map((entry) => entry.post?.title)).toContain('Soil first')
      // Ada's posts, and what Ada reshared.
      expect(home.every((entry) => entry.post?.authorId === adaId || entry.reshare?.resharerId === adaId)).toBe(true)

      // Live: a new post reaches Dee too.
      const fresh = await ada.client.call('feeds.createPost', { title: 'Mulch day', body: 'Bring a fork', tags: ['regenerative'] })
      await waitFor('Ada’s new post on Dee’s Home', async () => (await homeOf(dee)).some((entry) => entry.post?.id === fresh.id))
    } finally {
      await dee.cleanup()
    }
  })

  it('exports Ada’s blog as HTML and Atom with her signatures', async () => {
    const result = await ada.client.call('feeds.exportBlog', {})
    expect(result.posts).toBe(1)
    expect(result.files).toContain('atom.xml')
    expect(result.files).toContain('index.html')
    expect(result.files.some((file) => file.startsWith('posts/') && file.endsWith('.html'))).toBe(true)
  })
})
