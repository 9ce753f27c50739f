import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { formatBootstrapList } from '../../main/core/net/bootstrap'
import type { Testnet } from '../helpers/testnet'
import { startTestnet } from '../helpers/testnet'
import type { PlanetServe } from './helpers/planet-serve'
import { startPlanetServe } from './helpers/planet-serve'
import { screenshot } from './helpers/screens'

/**
 * Two people, two `planet serve` processes, one loopback testnet, two
 * browser pages: Ada invites Ben, Ben accepts during onboarding and lands in
 * a chat with Ada, and they talk.
 */

let testnet: Testnet
let servers: PlanetServe[] = []

test.beforeAll(async () => {
  testnet = await startTestnet()
})

test.afterAll(async () => {
  await testnet?.destroy()
})

// eslint-disable-next-line no-empty-pattern
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    for (const [index, server] of servers.entries()) await testInfo.attach(`planet-serve-${index + 1}.stderr`, { body: server.stderr() })
  }
  await Promise.all(servers.map((server) => server.stop()))
  servers = []
})

test.use({ viewport: { width: 1200, height: 860 } })

async function serve(): Promise<PlanetServe> {
  const server = await startPlanetServe({ bootstrap: formatBootstrapList(testnet.bootstrap) })
  servers.push(server)
  return server
}

async function createIdentity(page: Page, name: string, passphrase: string): Promise<void> {
  await page.getByLabel('Your name', { exact: true }).fill(name)
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase)
  await page.getByLabel('Confirm passphrase', { exact: true }).fill(passphrase)
  await page.getByRole('button', { name: 'Create identity' }).click()
}

/** The phrase screen: skip the backup check for now (Settings reminds them later). */
async function skipBackup(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Your recovery phrase' })).toBeVisible({ timeout: 30_000 })
  await page.getByLabel('I have written down my recovery phrase').check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByText('Skip for now').click()
}

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
