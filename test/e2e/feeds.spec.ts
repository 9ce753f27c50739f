import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { becomeContacts, nav, usePeopleOnTestnet } from './helpers/people'
import { screenshot } from './helpers/screens'

/**
 * Feeds and the blog through two browsers and two `planet serve` processes on
 * one loopback testnet: Ada writes two blog posts (#regenerative and #cars)
 * and exports her blog; her contact Ben follows her for #regenerative only,
 * sees that post (and not the other) in his Home feed with why, builds and
 * deletes a feed of his own, opens the post (signature verified) and
 * comments; Ada edits the post, sees the comment and replies; Ben sees her
 * reply marked as the author's and the edit; Ada deletes the other post.
 */

const { serve } = usePeopleOnTestnet()

test.use({ viewport: { width: 1280, height: 900 } })

/** Peers find each other and replicate in seconds; these waits only bound a failure. */
const SYNC = 60_000

function tab(page: Page, name: string) {
  return page.getByRole('tablist', { name: 'Feeds sections' }).getByRole('tab', { name })
}

async function writeBlogPost(page: Page, title: string, text: string, tags: string): Promise<void> {
  const form = page.getByRole('form', { name: 'Write a blog post' })
  await form.getByLabel('Title').fill(title)
  await form.getByLabel('Text', { exact: true }).fill(text)
  await form.getByLabel('Tags').fill(tags)
  await form.getByRole('button', { name: 'Publish' }).click()
  await expect(page.getByRole('list', { name: 'Your blog posts' }).getByRole('article', { name: title })).toBeVisible({ timeout: 30_000 })
  await expect(form.getByLabel('Title')).toHaveValue('')
}

test('blog posts, a hashtag follow, the Home feed with why, signed comments and the author’s reply', async ({ browser }) => {
  test.setTimeout(300_000)
  const [adaServer, benServer] = await Promise.all([serve(), serve()])
  const ada = await (await browser.newContext()).newPage()
  const ben = await (await browser.newContext()).newPage()

  // Ada and Ben become contacts (Ben onboards with Ada's invite).
  await becomeContacts(ada, adaServer.url, ben, benServer.url)

  // Ada writes two blog posts on her blog.
  await nav(ada, 'Feeds').click()
  await expect(ada.getByRole('heading', { level: 1, name: 'Feeds' })).toBeVisible()
  await tab(ada, 'My blog').click()
  await writeBlogPost(ada, 'Soil first', 'Feed the **soil**, not the plant: compost, mulch and cover crops.', '#Regenerative, compost')
  await writeBlogPost(ada, 'Fast cars', 'A post about engines.', '#cars')
  await screenshot(ada, 'feeds-01-my-blog')

  // Ada exports her blog: static pages and a signed Atom feed in a new folder.
  await ada.getByRole('button', { name: 'Export blog' }).click()
  const exported = ada.getByRole('status', { name: 'Blog export' })
  await expect(exported).toContainText('Exported 2 blog posts', { timeout: 30_000 })
  await expect(exported.getByRole('textbox', { name: 'Export folder' })).toContainText('blog-')
  await expect(exported.getByRole('list', { name: 'Exported files' })).toContainText('atom.xml')

  // Ben follows Ada for #regenerative only.
  await nav(ben, 'Feeds').click()
  await tab(ben, 'Following').click()
  const adaCard = ben.getByRole('list', { name: 'People' }).getByRole('article', { name: 'Ada' })
  await expect(adaCard).toBeVisible({ timeout: SYNC })
  await expect(adaCard.getByText(/^did:key:z/)).toBeVisible()
  await adaCard.getByRole('radio', { name: 'Follow hashtags' }).check()
  await adaCard.getByRole('textbox', { name: 'Hashtags to follow' }).fill('regenerative')
  await adaCard.getByRole('button', { name: 'Follow', exact: true }).click()
  await expect(adaCard.getByText('#regenerative', { exact: true })).toBeVisible({ timeout: 30_000 })
  await expect(adaCard.getByRole('button', { name: 'Unfollow' })).toBeVisible()
  await screenshot(ben, 'feeds-02-following')

  // Ben's Home feed has "Soil first", not "Fast cars", and says why.
  await tab(ben, 'Feed').click()
  const home = ben.getByRole('list', { name: 'Home feed' })
  const soil = home.getByRole('article', { name: 'Soil first' })
  await expect(soil).toBeVisible({ timeout: SYNC })
  await expect(soil.getByRole('list', { name: 'Tags' })).toContainText('#regenerative')
  await expect(home.getByRole('article', { name: 'Fast cars' })).toHaveCount(0)
  await soil.getByRole('button', { name: 'Why am I seeing this?' }).click()
  const why = soil.getByRole('list', { name: 'Why you see this' })
  await expect(why).toContainText('#regenerative')
  await expect(why).toContainText('which you follow')
  await expect(why).toContainText('×')
  await screenshot(ben, 'feeds-03-home-why')

  // Ben builds a feed of his own that keeps only #compost.
  await ben.getByRole('link', { name: 'New feed' }).click()
  await expect(ben.getByRole('heading', { level: 1, name: 'New feed' })).toBeVisible()
  await ben.getByLabel('Name').fill('Compost corner')
  await ben.getByLabel('Include tags').fill('#compost')
  await ben.getByLabel('Recency half-life (hours)').fill('72')
  await screenshot(ben, 'feeds-04-new-feed')
  await ben.getByRole('button', { name: 'Save feed' }).click()
  const compost = ben.getByRole('list', { name: 'Compost corner feed' })
  await expect(compost.getByRole('article', { name: 'Soil first' })).toBeVisible({ timeout: 30_000 })
  await expect(ben.getByRole('group', { name: 'Your feeds' }).getByRole('link', { name: 'Compost corner' })).toHaveAttribute('aria-current', 'page')
  await compost.getByRole('button', { name: 'Why am I seeing this?' }).click()
  await expect(compost.getByRole('list', { name: 'Why you see this' })).toContainText('which this feed includes')
  // …and deletes it again: Home stays.
  await ben.getByRole('link', { name: 'Edit feed' }).click()
  await expect(ben.getByRole('heading', { level: 1, name: 'Edit Compost corner' })).toBeVisible()
  await ben.getByRole('button', { name: 'Delete feed' }).click()
  await ben.getByRole('dialog').getByRole('button', { name: 'Delete feed' }).click()
  await expect(soil).toBeVisible({ timeout: 30_000 })
  await expect(ben.getByRole('group', { name: 'Your feeds' }).getByRole('link')).toHaveText(['Home'])

  // Ben opens the post: signed by Ada's DID, verified; he comments.
  await soil.getByRole('link', { name: 'Soil first' }).click()
  await expect(ben.getByRole('heading', { level: 1, name: 'Soil first' })).toBeVisible()
  await expect(ben.getByText(/^Signed by did:key:z\S+ — verified$/)).toBeVisible()
  await expect(ben.getByText('soil', { exact: true })).toBeVisible()
  await ben.getByLabel('Your comment').fill('Cover crops worked wonders on our plot.')
  await ben.getByRole('button', { name: 'Post comment' }).click()
  await expect(ben.getByRole('article', { name: 'Comment from Ben' })).toContainText('Cover crops worked wonders on our plot.', { timeout: 30_000 })

  // Ada sees Ben's comment on her post and replies.
  await ada.getByRole('list', { name: 'Your blog posts' }).getByRole('link', { name: 'Soil first' }).click()
  await expect(ada.getByRole('heading', { level: 1, name: 'Soil first' })).toBeVisible()

  // She fixes a word of her post; the new version is signed too.
  await ada.getByRole('button', { name: 'Edit' }).click()
  const edit = ada.getByRole('form', { name: 'Edit post' })
  await edit.getByLabel('Text', { exact: true }).fill('Feed the **soil**, not the plant: compost, mulch and green manure.')
  await edit.getByRole('button', { name: 'Save changes' }).click()
  await expect(ada.getByText('green manure', { exact: false })).toBeVisible({ timeout: 30_000 })
  await expect(ada.getByText(/· edited /)).toBeVisible()
  await expect(ada.getByText(/^Signed by did:key:z\S+ — verified$/)).toBeVisible()
  const bensComment = ada.getByRole('article', { name: 'Comment from Ben' })
  await expect(bensComment).toContainText('Cover crops worked wonders on our plot.', { timeout: SYNC })
  await bensComment.getByRole('button', { name: 'Reply to Ben' }).click()
  await ada.getByLabel('Your reply').fill('Glad to hear it, Ben!')
  await ada.getByRole('button', { name: 'Send reply' }).click()
  await expect(ada.getByRole('article', { name: 'Reply from Ada (author)' })).toContainText('Glad to hear it, Ben!', { timeout: 30_000 })
  await screenshot(ada, 'feeds-05-reply')

  // Ben sees Ada's reply under his comment, marked as the author's.
  const reply = ben.getByRole('list', { name: 'Replies to Ben' }).getByRole('article', { name: 'Reply from Ada (author)' })
  await expect(reply).toContainText('Glad to hear it, Ben!', { timeout: SYNC })
  await expect(reply.getByText('Author', { exact: true })).toBeVisible()
  await expect(ben.getByText('green manure', { exact: false })).toBeVisible({ timeout: SYNC })

  // Ada withdraws "Fast cars": gone from her blog, and from what Ben's device holds.
  await nav(ada, 'Feeds').click()
  await tab(ada, 'My blog').click()
  await ada.getByRole('list', { name: 'Your blog posts' }).getByRole('link', { name: 'Fast cars' }).click()
  await ada.getByRole('button', { name: 'Delete post' }).click()
  await ada.getByRole('dialog').getByRole('button', { name: 'Delete post' }).click()
  const adaBlog = ada.getByRole('list', { name: 'Your blog posts' })
  await expect(adaBlog.getByRole('article', { name: 'Soil first' })).toBeVisible({ timeout: 30_000 })
  await expect(adaBlog.getByRole('article', { name: 'Fast cars' })).toHaveCount(0)
  await nav(ben, 'Feeds').click()
  await tab(ben, 'Following').click()
  const adaAgain = ben.getByRole('list', { name: 'People' }).getByRole('article', { name: 'Ada' })
  await expect(adaAgain).toContainText('1 blog post', { timeout: SYNC })
  await adaAgain.getByRole('link', { name: 'Read Ada’s blog' }).click()
  await expect(ben.getByRole('heading', { level: 1, name: 'Ada’s blog' })).toBeVisible()
  await expect(ben.getByRole('list', { name: 'Blog posts' }).getByRole('article')).toHaveCount(1)
  await expect(ben.getByRole('list', { name: 'Blog posts' }).getByRole('article', { name: 'Soil first' })).toBeVisible()
  await screenshot(ben, 'feeds-07-adas-blog')
  await screenshot(ben, 'feeds-06-thread')

  // Ben reshares "Soil first" from his Home with a comment; Ada, following Ben, sees the reshare
  // with its chain of custody: her own signature, then Ben's, both verified.
  await nav(ben, 'Feeds').click()
  await tab(ben, 'Feed').click()
  const soilAgain = ben.getByRole('list', { name: 'Home feed' }).getByRole('article', { name: 'Soil first' })
  await soilAgain.getByRole('button', { name: 'Reshare' }).click()
  await ben.getByLabel('Your comment (optional)').fill('Worth reading twice.')
  await ben.getByRole('button', { name: 'Reshare to my followers' }).click()
  await expect(ben.getByRole('button', { name: 'Reshare to my followers' })).toHaveCount(0, { timeout: 30_000 })

  await nav(ada, 'Feeds').click()
  await tab(ada, 'Following').click()
  const benCard = ada.getByRole('list', { name: 'People' }).getByRole('article', { name: 'Ben' })
  await expect(benCard).toBeVisible({ timeout: SYNC })
  await benCard.getByRole('button', { name: 'Follow', exact: true }).click()
  await expect(benCard.getByRole('button', { name: 'Unfollow' })).toBeVisible({ timeout: 30_000 })
  await tab(ada, 'Feed').click()
  const reshared = ada.getByRole('list', { name: 'Home feed' }).locator('article', { hasText: 'Ben reshared this' })
  await expect(reshared).toBeVisible({ timeout: SYNC })
  await expect(reshared).toContainText('Worth reading twice.')
  await expect(reshared).toContainText('Chain verified')
  await reshared.getByRole('button', { name: 'Chain of custody' }).click()
  const chain = reshared.getByRole('list', { name: 'Chain of custody' })
  await expect(chain.getByRole('listitem')).toHaveText([/^1\. Written by Ada .*signature verified$/, /^2\. Reshared by Ben .*signature verified$/])
  await screenshot(ada, 'feeds-08-reshare')
})
