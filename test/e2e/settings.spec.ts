import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import type { PlanetServe } from './helpers/planet-serve'
import { startPlanetServe } from './helpers/planet-serve'
import { screenshot } from './helpers/screens'

/**
 * Settings through the real `planet serve`: the backup reminder after
 * "Skip for now", revealing the phrase behind the passphrase, the profile,
 * auto-lock and changing the passphrase.
 */

const PASSPHRASE = 'first passphrase 123'
const NEW_PASSPHRASE = 'second passphrase 456'

let server: PlanetServe | null = null

// Playwright reads fixtures from a destructuring pattern; this hook needs none.
// eslint-disable-next-line no-empty-pattern
test.afterEach(async ({}, testInfo) => {
  if (server && testInfo.status !== testInfo.expectedStatus) await testInfo.attach('planet-serve.stderr', { body: server.stderr() })
  await server?.stop()
  server = null
})

test.use({ viewport: { width: 1200, height: 860 } })

async function createSkippingTheCheck(page: Page, name: string) {
  await page.getByRole('button', { name: 'Create my identity' }).click()
  await page.getByLabel('Your name', { exact: true }).fill(name)
  await page.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
  await page.getByLabel('Confirm passphrase', { exact: true }).fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Create identity' }).click()
  await page.getByLabel('I have written down my recovery phrase').check({ timeout: 20_000 })
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByRole('button', { name: 'Skip for now' }).click()
}

async function wordPositions(scope: ReturnType<Page['getByRole']>): Promise<number[]> {
  const positions: number[] = []
  for (let position = 1; position <= 24; position++) {
    if ((await scope.getByLabel(`Word ${position}`, { exact: true }).count()) > 0) positions.push(position)
  }
  return positions
}

test('settings: backup reminder, reveal the phrase, profile, auto-lock and a new passphrase', async ({ page }) => {
  test.setTimeout(120_000)
  server = await startPlanetServe()
  await page.goto(server.url)
  await createSkippingTheCheck(page, 'Grace Hopper')

  // Home nudges towards the backup.
  await expect(page.getByRole('heading', { name: 'Welcome, Grace Hopper' })).toBeVisible()
  await expect(page.getByRole('alert').filter({ hasText: 'Back up your recovery phrase' })).toBeVisible()
  await page.getByRole('link', { name: 'Back up now' }).click()
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
  await expect(page.getByRole('alert').filter({ hasText: 'Your backup is not checked yet' })).toBeVisible()
  await screenshot(page, '20-settings-reminder')

  // Reveal: passphrase first; a wrong one is refused.
  await page.getByRole('button', { name: 'Reveal recovery phrase' }).click()
  const reveal = page.getByRole('dialog', { name: 'Reveal recovery phrase' })
  await reveal.getByLabel('Passphrase', { exact: true }).fill('wrong passphrase')
  await reveal.getByRole('button', { name: 'Reveal' }).click()
  await expect(reveal.getByRole('alert').filter({ hasText: 'Wrong passphrase' })).toBeVisible({ timeout: 20_000 })
  await reveal.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE)
  await reveal.getByRole('button', { name: 'Reveal' }).click()
  await expect(reveal.getByLabel('Word 24', { exact: true })).toBeVisible({ timeout: 20_000 })
  const words: string[] = []
  for (let position = 1; position <= 24; position++) words.push(await reveal.getByLabel(`Word ${position}`, { exact: true }).inputValue())
  await screenshot(page, '21-reveal')
  await reveal.getByRole('button', { name: 'Done' }).click()
  await expect(reveal).toBeHidden()

  // The check from Settings, with fresh positions.
  await page.getByRole('button', { name: 'Check my backup' }).click()
  const check = page.getByRole('dialog', { name: 'Check your backup' })
  await expect(check.getByRole('button', { name: 'Confirm backup' })).toBeVisible()
  const positions = await wordPositions(check)
  expect(positions).toHaveLength(3)
  for (const position of positions) await check.getByLabel(`Word ${position}`, { exact: true }).fill(words[position - 1]!)
  await screenshot(page, '22-check-backup')
  await check.getByRole('button', { name: 'Confirm backup' }).click()
  await expect(check).toBeHidden()
  await expect(page.getByText('Backed up', { exact: true })).toBeVisible()

  // Profile.
  await page.getByLabel('Display name').fill('Grace B. Hopper')
  await page.getByLabel('Bio').fill('Wrote the first compiler.')
  await page.getByRole('button', { name: 'Save profile' }).click()
  await expect(page.getByText('Profile saved')).toBeVisible()
  await expect(page.getByRole('banner').getByText('Grace B. Hopper')).toBeVisible()

  // Auto-lock.
  await page.getByLabel('Auto-lock after (minutes)').fill('5')
  await page.getByRole('button', { name: 'Save auto-lock' }).click()
  await expect(page.getByText('PLANET locks itself after 5 idle minutes.')).toBeVisible()

  // Change the passphrase: the wrong current one is refused, then the new one unlocks.
  await page.getByLabel('Current passphrase', { exact: true }).fill('not it at all')
  await page.getByLabel('New passphrase', { exact: true }).fill(NEW_PASSPHRASE)
  await page.getByLabel('Confirm new passphrase', { exact: true }).fill(NEW_PASSPHRASE)
  await page.getByRole('button', { name: 'Change passphrase' }).click()
  await expect(page.getByRole('alert').filter({ hasText: 'Wrong passphrase' })).toBeVisible({ timeout: 20_000 })
  await page.getByLabel('Current passphrase', { exact: true }).fill(PASSPHRASE)
  await page.getByRole('button', { name: 'Change passphrase' }).click()
  await expect(page.getByText('Passphrase changed')).toBeVisible({ timeout: 20_000 })
  await screenshot(page, '23-settings-after')

  // Wherever the core leaves the vault after a re-key, the new passphrase must open it.
  if (await page.getByRole('button', { name: 'Lock now' }).isVisible()) await page.getByRole('button', { name: 'Lock now' }).click()
  await expect(page.getByRole('heading', { name: 'PLANET is locked' })).toBeVisible()
  await page.getByLabel('Passphrase', { exact: true }).fill(NEW_PASSPHRASE)
  await page.getByRole('button', { name: 'Unlock' }).click()
  // Back where the user was when the vault locked.
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible({ timeout: 20_000 })
  await expect(page.getByLabel('Display name')).toHaveValue('Grace B. Hopper')
})

test('a narrow window collapses the navigation behind a menu button', async ({ page }) => {
  server = await startPlanetServe()
  await page.setViewportSize({ width: 420, height: 860 })
  await page.goto(server.url)
  await createSkippingTheCheck(page, 'Narrow')
  await expect(page.getByRole('heading', { name: 'Welcome, Narrow' })).toBeVisible()
  await page.getByRole('button', { name: 'Open navigation' }).click()
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click()
  await expect(page.getByRole('heading', { name: 'Settings', level: 1 })).toBeVisible()
  await screenshot(page, '24-narrow-settings')
})
