import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import type { PlanetServe } from './helpers/planet-serve'
import { startPlanetServe } from './helpers/planet-serve'
import { screenshot } from './helpers/screens'

/**
 * Onboarding through the real `planet serve` and the built renderer, as a
 * person does it: by role and label, with production key stretching.
 */

const NAME = 'Ada Lovelace'
const PASSPHRASE = 'orbit velvet lantern 42'
const DID = /^did:key:z6Mk[1-9A-HJ-NP-Za-km-z]+$/

let servers: PlanetServe[] = []

async function serve(): Promise<PlanetServe> {
  const server = await startPlanetServe()
  servers.push(server)
  return server
}

// Playwright reads fixtures from a destructuring pattern; this hook needs none.
// eslint-disable-next-line no-empty-pattern
test.afterEach(async ({}, testInfo) => {
  if (testInfo.status !== testInfo.expectedStatus) {
    for (const [index, server] of servers.entries()) await testInfo.attach(`planet-serve-${index + 1}.stderr`, { body: server.stderr() })
  }
  await Promise.all(servers.map((server) => server.stop()))
  servers = []
})

test.use({ viewport: { width: 1200, height: 860 } })

async function readDid(page: Page): Promise<string> {
  const did = (await page.getByText(DID).first().textContent())?.trim() ?? ''
  expect(did).toMatch(DID)
  return did
}

async function fillNewPassphrase(page: Page, passphrase: string) {
  await page.getByLabel('Passphrase', { exact: true }).fill(passphrase)
  await page.getByLabel('Confirm passphrase', { exact: true }).fill(passphrase)
}

test('create an identity, confirm the phrase, lock and unlock, then restore it on a fresh data dir', async ({ page }) => {
  test.setTimeout(120_000)
  const first = await serve()
  await page.goto(first.url)

  // The token leaves the address bar at once.
  await expect(page.getByRole('heading', { name: 'Welcome to PLANET' })).toBeVisible()
  expect(page.url()).not.toContain('token=')
  await screenshot(page, '01-welcome')

  await page.getByRole('button', { name: 'Create my identity' }).click()
  await page.getByLabel('Your name', { exact: true }).fill(NAME)
  await fillNewPassphrase(page, PASSPHRASE)
  await screenshot(page, '02-create')
  await page.getByRole('button', { name: 'Create identity' }).click()

  // (b) The phrase, once, as 24 labelled words.
  await expect(page.getByRole('heading', { name: 'Your recovery phrase' })).toBeVisible({ timeout: 20_000 })
  const words: string[] = []
  for (let position = 1; position <= 24; position++) words.push(await page.getByLabel(`Word ${position}`, { exact: true }).inputValue())
  expect(words.every((word) => /^[a-z]{3,8}$/.test(word))).toBe(true)
  await screenshot(page, '03-phrase')

  const next = page.getByRole('button', { name: 'Continue' })
  await expect(next).toBeDisabled()
  await page.getByLabel('I have written down my recovery phrase').check()
  await next.click()

  // (c) Three words at the positions the core chose; a wrong one first.
  await expect(page.getByRole('heading', { name: 'Check your backup' })).toBeVisible()
  const positions: number[] = []
  for (let position = 1; position <= 24; position++) {
    if ((await page.getByLabel(`Word ${position}`, { exact: true }).count()) > 0) positions.push(position)
  }
  expect(positions).toHaveLength(3)
  for (const position of positions) {
    const wrong = words[position - 1] === 'zoo' ? 'abandon' : 'zoo'
    await page.getByLabel(`Word ${position}`, { exact: true }).fill(wrong)
  }
  await page.getByRole('button', { name: 'Confirm backup' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Those words do not match' })).toBeVisible()
  await screenshot(page, '04-confirm-wrong')
  for (const position of positions) await page.getByLabel(`Word ${position}`, { exact: true }).fill(words[position - 1]!)
  await page.getByRole('button', { name: 'Confirm backup' }).click()

  // The app shell, with the new DID.
  await expect(page.getByRole('heading', { name: `Welcome, ${NAME}` })).toBeVisible()
  const did = await readDid(page)
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link')).toHaveText(['Home', 'Chats', 'Groups', 'Feeds', 'Docs', 'Contacts', 'Invites', 'Settings'])
  await screenshot(page, '05-home')

  // Lock from the header; a wrong passphrase is refused with a clear alert.
  await page.getByRole('button', { name: 'Lock PLANET' }).click()
  await expect(page.getByRole('heading', { name: 'PLANET is locked' })).toBeVisible()
  await page.getByLabel('Passphrase', { exact: true }).fill('not my passphrase')
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong passphrase' })).toBeVisible({ timeout: 20_000 })
  await screenshot(page, '06-unlock-wrong')

  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Unlock' }).click()
  await expect(page.getByRole('heading', { name: `Welcome, ${NAME}` })).toBeVisible({ timeout: 20_000 })

  // Settings shows the same identity, with the backup confirmed.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
  expect(await readDid(page)).toBe(did)
  await expect(page.getByText('Backed up', { exact: true })).toBeVisible()
  await expect(page.getByLabel('Display name')).toHaveValue(NAME)
  await screenshot(page, '07-settings')

  // A second device: a fresh data dir and its own serve process.
  const second = await serve()
  await page.goto(second.url)
  await expect(page.getByRole('heading', { name: 'Welcome to PLANET' })).toBeVisible()
  await page.getByRole('button', { name: 'Restore from recovery phrase' }).click()
  await page.getByLabel('Recovery phrase').fill(words.join(' '))
  await expect(page.getByText('24 of 24 words — the phrase checks out')).toBeVisible()
  await page.getByLabel('Your name', { exact: true }).fill(NAME)
  await fillNewPassphrase(page, 'another device passphrase')
  await screenshot(page, '08-restore')
  await page.getByRole('button', { name: 'Restore identity' }).click()

  await expect(page.getByRole('heading', { name: `Welcome, ${NAME}` })).toBeVisible({ timeout: 20_000 })
  expect(await readDid(page)).toBe(did)
})

test('restore points at the word that is not in the list', async ({ page }) => {
  const server = await serve()
  await page.goto(server.url)
  await page.getByRole('button', { name: 'Restore from recovery phrase' }).click()

  // "abandon" ×23 + "art" is a valid phrase; break word 7.
  const words = [...Array.from({ length: 23 }, () => 'abandon'), 'art']
  words[6] = 'planetx'
  const field = page.getByLabel('Recovery phrase')
  await field.fill(words.join(' '))
  await expect(page.getByText(/Word 7, "planetx", is not in the recovery word list/)).toBeVisible()
  await expect(field).toHaveAttribute('aria-invalid', 'true')
  await screenshot(page, '09-restore-unknown-word')

  // Fixing it clears the error.
  words[6] = 'abandon'
  await field.fill(words.join(' '))
  await expect(page.getByText('24 of 24 words — the phrase checks out')).toBeVisible()
  await expect(field).not.toHaveAttribute('aria-invalid', 'true')
})

test('without the token the page says how to get in; a dropped server shows a retry', async ({ page }) => {
  const server = await serve()
  await page.goto(server.origin)
  await expect(page.getByRole('heading', { name: 'Open PLANET from its link' })).toBeVisible()
  await screenshot(page, '10-no-token')

  await page.goto(server.url)
  await expect(page.getByRole('heading', { name: 'Welcome to PLANET' })).toBeVisible()
  // A reload keeps working: the token moved from the URL to this tab's sessionStorage.
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Welcome to PLANET' })).toBeVisible()

  await server.stop()
  await expect(page.getByRole('heading', { name: 'Disconnected from PLANET' })).toBeVisible()
  await expect(page.getByRole('button', { name: 'Retry' })).toBeVisible()
  await screenshot(page, '11-disconnected')
})
