import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { becomeContacts, nav, usePeopleOnTestnet } from './helpers/people'
import { screenshot } from './helpers/screens'

/**
 * A group from start to end, through two browsers and two `planet serve`
 * processes on one loopback testnet: Ada creates a restricted working group,
 * her contact Ben asks to join with a link, Ada approves, they chat, Ada
 * posts an announcement Ben sees, then removes Ben, whose page says so.
 */

const { serve } = usePeopleOnTestnet()

test.use({ viewport: { width: 1280, height: 900 } })

function tab(page: Page, name: string) {
  return page.getByRole('tablist', { name: 'Group sections' }).getByRole('tab', { name })
}

test('a restricted working group: request, approval, chat, announcement, removal', async ({ browser }) => {
  test.setTimeout(240_000)
  const [adaServer, benServer] = await Promise.all([serve(), serve()])
  const ada = await (await browser.newContext()).newPage()
  const ben = await (await browser.newContext()).newPage()

  // Ada and Ben become contacts (Ben onboards with Ada's invite).
  await becomeContacts(ada, adaServer.url, ben, benServer.url)

  // Ada creates a restricted working group.
  await nav(ada, 'Groups').click()
  await ada.getByRole('link', { name: 'New group' }).click()
  await ada.getByLabel('Group name').fill('Garden club')
  await ada.getByLabel('Purpose').fill('Plots, tools and the watering rota')
  await ada.getByRole('radio', { name: 'Working' }).check()
  await ada.getByRole('radio', { name: 'Restricted' }).check()
  await ada.getByRole('button', { name: 'Create group' }).click()
  await expect(ada.getByRole('heading', { level: 1, name: 'Garden club' })).toBeVisible({ timeout: 30_000 })
  await expect(ada.getByText('Working group')).toBeVisible()
  await expect(tab(ada, 'Folders')).toBeVisible()
  await expect(ada.getByText('Add a second admin')).toBeVisible()
  await screenshot(ada, 'groups-01-created')

  // Ada makes a link; Ben uses it and his request waits for her.
  await tab(ada, 'Members').click()
  await ada.getByRole('button', { name: 'Create link' }).click()
  const linkBox = ada.getByRole('textbox', { name: 'Group link code' })
  await expect(linkBox).toBeVisible({ timeout: 30_000 })
  const linkCode = ((await linkBox.inputValue().catch(() => '')) || (await linkBox.textContent()) || '').trim()
  expect(linkCode).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{1,5})+$/)

  await nav(ben, 'Groups').click()
  await ben.getByLabel('Group link or code').fill(linkCode)
  await ben.getByLabel('Note to the admins').fill('Hi, I garden on plot 7')
  await ben.getByRole('button', { name: 'Join group' }).click()
  await expect(ben.getByText('Request sent — an admin must approve it')).toBeVisible({ timeout: 60_000 })
  await screenshot(ben, 'groups-02-request-sent')

  const approve = ada.getByRole('button', { name: 'Approve Ben' })
  await expect(approve).toBeVisible({ timeout: 30_000 })
  await expect(ada.getByText('“Hi, I garden on plot 7”')).toBeVisible()
  await approve.click()

  // Ben's app asks again (every 10 s) and joins.
  const benGroup = ben.getByRole('list', { name: 'Your groups' }).getByRole('link', { name: /Garden club/ })
  await expect(benGroup).toBeVisible({ timeout: 60_000 })
  await benGroup.click()
  await expect(ben.getByRole('heading', { level: 1, name: 'Garden club' })).toBeVisible()
  const benComposer = ben.getByRole('textbox', { name: 'Message', exact: true })
  await expect(benComposer).toBeEnabled({ timeout: 60_000 })

  // They chat.
  await benComposer.fill('Hello garden club!')
  await ben.getByRole('button', { name: 'Send' }).click()
  await tab(ada, 'Chat').click()
  const adaLog = ada.getByRole('log', { name: 'Messages' })
  await expect(adaLog.getByRole('article', { name: 'Message from Ben' }).last()).toContainText('Hello garden club!', { timeout: 30_000 })
  await ada.getByRole('textbox', { name: 'Message', exact: true }).fill('Welcome, Ben!')
  await ada.getByRole('button', { name: 'Send' }).click()
  await expect(ben.getByRole('log', { name: 'Messages' }).getByRole('article', { name: 'Message from Ada' }).last()).toContainText('Welcome, Ben!', { timeout: 30_000 })
  await screenshot(ben, 'groups-03-chat')

  // Ada announces; Ben sees it.
  await tab(ada, 'Announcements').click()
  await ada.getByRole('textbox', { name: 'Announcement' }).fill('Work day on Saturday at 10:00')
  await ada.getByRole('button', { name: 'Post announcement' }).click()
  await tab(ben, 'Announcements').click()
  await expect(ben.getByRole('log', { name: 'Announcements' })).toContainText('Work day on Saturday at 10:00', { timeout: 30_000 })
  await expect(ben.getByRole('button', { name: 'Post announcement' })).toHaveCount(0)
  await screenshot(ben, 'groups-04-announcement')

  // Ada removes Ben; Ben's page says so.
  await tab(ada, 'Members').click()
  await ada.getByRole('button', { name: 'Actions for Ben' }).click()
  await ada.getByRole('menuitem', { name: 'Remove from group' }).click()
  await ada.getByRole('dialog').getByRole('button', { name: 'Remove from group' }).click()
  await expect(ada.getByRole('list', { name: 'Group members' }).getByText('Ben')).toHaveCount(0, { timeout: 30_000 })
  await expect(ben.getByText('You were removed from this group')).toBeVisible({ timeout: 60_000 })
  await expect(ben.getByRole('textbox', { name: 'Message', exact: true })).toHaveCount(0)
  await screenshot(ben, 'groups-05-removed')
})
