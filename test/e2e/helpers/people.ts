import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import { formatBootstrapList } from '../../../main/core/net/bootstrap'
import type { Testnet } from '../../helpers/testnet'
import { startTestnet } from '../../helpers/testnet'
import type { PlanetServe } from './planet-serve'
import { startPlanetServe } from './planet-serve'

/**
 * For specs with several people: one loopback testnet for the file, a
 * `planet serve` per person (stopped after each test, their stderr attached
 * when it fails), and the onboarding steps every person goes through.
 * Call at the top level of a spec; use the returned `serve()` in tests.
 */
export function usePeopleOnTestnet(): { serve: () => Promise<PlanetServe> } {
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

  return {
    serve: async () => {
      const server = await startPlanetServe({ bootstrap: formatBootstrapList(testnet.bootstrap) })
      servers.push(server)
      return server
    },
  }
}

export async function createIdentity(page: Page, name: string, passphrase: string): Promise<void> {
  await page.getByLabel('Your name', { exact: true }).fill(name)
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase)
  await page.getByLabel('Confirm passphrase', { exact: true }).fill(passphrase)
  await page.getByRole('button', { name: 'Create identity' }).click()
}

/** The phrase screen: skip the backup check for now (Settings reminds them later). */
export async function skipBackup(page: Page): Promise<void> {
  await expect(page.getByRole('heading', { name: 'Your recovery phrase' })).toBeVisible({ timeout: 30_000 })
  await page.getByLabel('I have written down my recovery phrase').check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByText('Skip for now').click()
}

/** A link of the main navigation. */
export function nav(page: Page, name: string | RegExp) {
  return page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name })
}

/**
 * Ada and Ben become contacts the way people do: Ada creates her identity
 * and an invite, Ben onboards with it and lands in their chat.
 */
export async function becomeContacts(ada: Page, adaUrl: string, ben: Page, benUrl: string): Promise<void> {
  await ada.goto(adaUrl)
  await ada.getByRole('button', { name: 'Create my identity' }).click()
  await createIdentity(ada, 'Ada', 'orbit velvet lantern 42')
  await skipBackup(ada)
  await nav(ada, 'Invites').click()
  await ada.getByLabel('Name (optional)').fill('Ben')
  await ada.getByRole('button', { name: 'Create invite' }).click()
  const inviteBox = ada.getByRole('textbox', { name: 'Invite code', exact: true })
  await expect(inviteBox).toBeVisible()
  const inviteCode = ((await inviteBox.inputValue().catch(() => '')) || (await inviteBox.textContent()) || '').trim()
  await ben.goto(benUrl)
  await ben.getByRole('button', { name: 'I have an invite' }).click()
  await ben.getByLabel('Invite code or link').fill(inviteCode)
  await createIdentity(ben, 'Ben', 'copper meadow signal 7')
  await skipBackup(ben)
  await expect(ben).toHaveURL(/#\/chats\/[0-9a-f]{64}/, { timeout: 60_000 })
}
