import { mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'

/** Where the e2e suite leaves screenshots of the main screens for a human to look at. */
export const SCREENSHOT_DIR = process.env.PLANET_SCREENSHOT_DIR ?? join(tmpdir(), 'planet-e2e-screens')

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true, animations: 'disabled' })
}
