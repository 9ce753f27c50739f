import { expect, test } from '@playwright/test'
import { createIdentity, skipBackup, usePeopleOnTestnet } from './helpers/people'
import { screenshot } from './helpers/screens'

/**
 * Two people, two `planet serve` processes, one loopback testnet, two
 * browser pages: Ada invites Ben, Ben accepts during onboarding and lands in
 * a chat with Ada, and they talk.
 */

const { serve } = usePeopleOnTestnet()

test.use({ viewport: { width: 1200, height: 860 } })

test('Ada invites Ben, Ben accepts during onboarding, lands in a chat with Ada, and they exchange messages and a reaction', async ({ browser }) => {
  test.setTimeout(180_000)
  const [adaServer, benServer] = await Promise.all([serve(), serve()])
  const adaContext = await browser.newContext()
  const benContext = await browser.newContext()
  const ada = await adaContext.newPage()
  const ben = await benContext.newPage()

  // Ada sets up and creates an invite for Ben.
  await ada.goto(adaServer.url)
  await ada.getByRole('button', { name: 'Create my identity' }).click()
  await createIdentity(ada, 'Ada', 'orbit velvet lantern 42')
  await skipBackup(ada)
  await ada.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Invites' }).click()
  await ada.getByLabel('Name (optional)').fill('Ben')
  await ada.getByRole('button', { name: 'Create invite' }).click()
  const codeBox = ada.getByRole('textbox', { name: 'Invite code', exact: true })
  await expect(codeBox).toBeVisible()
  const code = ((await codeBox.inputValue().catch(() => '')) || (await codeBox.textContent()) || '').trim()
  expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{1,5})+$/)
  await expect(ada.getByRole('textbox', { name: 'Invite link' })).toContainText('planet://invite/')
  await screenshot(ada, 'people-01-invite-created')

  // Ben starts from "I have an invite".
  await ben.goto(benServer.url)
  await ben.getByRole('button', { name: 'I have an invite' }).click()
  await ben.getByLabel('Invite code or link').fill(code)
  await createIdentity(ben, 'Ben', 'copper meadow signal 7')
  await skipBackup(ben)

  // Ben lands in the conversation with Ada.
  await expect(ben).toHaveURL(/#\/chats\/[0-9a-f]{64}/, { timeout: 60_000 })
  const benComposer = ben.getByRole('textbox', { name: 'Message', exact: true })
  await expect(benComposer).toBeEnabled({ timeout: 60_000 })
  await screenshot(ben, 'people-02-ben-lands-in-chat')

  // Ada sees Ben connected.
  await ada.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Contacts' }).click()
  const contacts = ada.getByRole('list', { name: 'Your contacts' })
  await expect(contacts.getByText('Ben')).toBeVisible({ timeout: 30_000 })
  await expect(contacts.getByText('connected', { exact: false })).toBeVisible({ timeout: 30_000 })

  // Ben writes; Ada reads and answers with a reaction and a reply.
  await benComposer.fill('Hi Ada, **thanks** for the invite!')
  await ben.getByRole('button', { name: 'Send' }).click()
  await ada.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Chats/ }).click()
  await ada.getByRole('list', { name: 'Conversations' }).getByText('Ben').first().click()
  const benMessage = ada.getByRole('log', { name: 'Messages' }).getByRole('article', { name: 'Message from Ben' }).last()
  await expect(benMessage).toContainText('thanks for the invite', { timeout: 30_000 })
  await expect(benMessage.locator('strong')).toHaveText('thanks')
  await benMessage.getByRole('button', { name: 'Add reaction' }).click()
  await ada.getByRole('button', { name: 'React with 👍' }).click()
  await ada.getByRole('textbox', { name: 'Message', exact: true }).fill('Welcome, Ben!')
  await ada.getByRole('button', { name: 'Send' }).click()
  await screenshot(ada, 'people-03-ada-chat')

  // Ben sees Ada's reaction and answer.
  const benLog = ben.getByRole('log', { name: 'Messages' })
  await expect(benLog.getByRole('article', { name: 'Message from Ada' }).last()).toContainText('Welcome, Ben!', { timeout: 30_000 })
  await expect(benLog.getByRole('article', { name: 'Message from Ben' }).last().getByRole('button', { name: /👍 1/ })).toBeVisible({ timeout: 30_000 })
  await screenshot(ben, 'people-04-ben-sees-reply')

  await adaContext.close()
  await benContext.close()
})
