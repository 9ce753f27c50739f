import { randomBytes } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { expect, test } from '@playwright/test'
import type { PlanetServe } from './helpers/planet-serve'
import { startPlanetServe } from './helpers/planet-serve'
import { createIdentity, nav, skipBackup } from './helpers/people'
import { screenshot } from './helpers/screens'

/**
 * My docs through the real `planet serve` (offline: private files need no
 * network): make a folder, upload a text file with the file picker, see it
 * listed, preview it as plain text, rename it, move it into the folder,
 * download it (the bytes saved are the bytes uploaded), refuse a taken name,
 * then delete the folder with what it holds.
 */

let server: PlanetServe | null = null

// Playwright reads fixtures from a destructuring pattern; this hook needs none.
// eslint-disable-next-line no-empty-pattern
test.afterEach(async ({}, testInfo) => {
  if (server && testInfo.status !== testInfo.expectedStatus) await testInfo.attach('planet-serve.stderr', { body: server.stderr() })
  await server?.stop()
  server = null
})

test.use({ viewport: { width: 1280, height: 900 } })

/** Markup on purpose: a preview must show it as text, never render it. */
const TEXT = 'Shopping list\n<b>not bold</b> <img src=x onerror=alert(1)>\nÜnïcödé ✓\n'

test('upload with the picker, preview as text, rename, move, download the same bytes, delete', async ({ page }) => {
  server = await startPlanetServe()
  await page.goto(server.url)
  await page.getByRole('button', { name: 'Create my identity' }).click()
  await createIdentity(page, 'Ada', 'orbit velvet lantern 42')
  await skipBackup(page)

  await nav(page, 'Docs').click()
  await expect(page.getByRole('heading', { level: 1, name: 'My docs' })).toBeVisible()
  await expect(page.getByText('No files yet')).toBeVisible()

  // A folder.
  await page.getByRole('button', { name: 'New folder' }).click()
  const newFolder = page.getByRole('dialog', { name: 'New folder' })
  await newFolder.getByLabel('Folder name').fill('con')
  await newFolder.getByRole('button', { name: 'Create folder' }).click()
  await expect(newFolder.getByText(/Windows keeps for devices/)).toBeVisible()
  await newFolder.getByLabel('Folder name').fill('Home stuff')
  await newFolder.getByRole('button', { name: 'Create folder' }).click()
  await expect(newFolder).toBeHidden()
  await expect(page.getByRole('link', { name: 'Open folder Home stuff' })).toBeVisible()

  // Upload with the file picker.
  const chooser = page.waitForEvent('filechooser')
  await page.getByRole('button', { name: 'Upload files' }).click()
  await (await chooser).setFiles({ name: 'list.txt', mimeType: 'text/plain', buffer: Buffer.from(TEXT) })
  const table = page.getByRole('table', { name: 'Contents of My docs' })
  await expect(table.getByRole('button', { name: 'Preview list.txt' })).toBeVisible({ timeout: 20_000 })
  await expect(table.getByRole('row', { name: /list\.txt/ })).toContainText(`${Buffer.byteLength(TEXT)} B`)
  await screenshot(page, 'docs-list')

  // Preview: the markup is text.
  await table.getByRole('button', { name: 'Preview list.txt' }).click()
  const preview = page.getByRole('dialog', { name: 'list.txt' })
  await expect(preview.getByLabel('Contents of list.txt')).toHaveText(TEXT.trimEnd(), { useInnerText: true })
  await expect(preview.locator('b, img')).toHaveCount(0)
  await screenshot(page, 'docs-preview-text')
  await preview.getByRole('button', { name: 'Close' }).click()
  await expect(preview).toBeHidden()

  // Rename.
  await page.getByRole('button', { name: 'Actions for list.txt' }).click()
  await page.getByRole('menuitem', { name: 'Rename' }).click()
  const renameDialog = page.getByRole('dialog', { name: 'Rename “list.txt”' })
  await renameDialog.getByLabel('New name').fill('groceries.txt')
  await renameDialog.getByRole('button', { name: 'Rename' }).click()
  await expect(renameDialog).toBeHidden()
  await expect(table.getByRole('button', { name: 'Preview groceries.txt' })).toBeVisible()
  await expect(table.getByRole('button', { name: 'Preview list.txt' })).toHaveCount(0)

  // Move it into the folder, and open the folder.
  await page.getByRole('button', { name: 'Actions for groceries.txt' }).click()
  await page.getByRole('menuitem', { name: 'Move' }).click()
  const moveDialog = page.getByRole('dialog', { name: 'Move “groceries.txt”' })
  await moveDialog.getByLabel('Move to folder').click()
  await page.getByRole('option', { name: 'My docs / Home stuff' }).click()
  await moveDialog.getByRole('button', { name: 'Move here' }).click()
  await expect(moveDialog).toBeHidden()
  await expect(table.getByRole('button', { name: 'Preview groceries.txt' })).toHaveCount(0)
  await page.getByRole('link', { name: 'Open folder Home stuff' }).click()
  await expect(page.getByRole('navigation', { name: 'Folder path' })).toContainText('Home stuff')
  const inFolder = page.getByRole('table', { name: 'Contents of Home stuff' })
  await expect(inFolder.getByRole('button', { name: 'Preview groceries.txt' })).toBeVisible()

  // Download through the app: the bytes saved are the bytes uploaded.
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Actions for groceries.txt' }).click()
  await page.getByRole('menuitem', { name: 'Download' }).click()
  const download = await downloading
  expect(download.suggestedFilename()).toBe('groceries.txt')
  expect((await readFile((await download.path())!)).equals(Buffer.from(TEXT))).toBe(true)

  // A second upload with the same name is kept as a copy, never over the first.
  const again = page.waitForEvent('filechooser')
  await page.getByRole('button', { name: 'Upload files' }).click()
  await (await again).setFiles({ name: 'groceries.txt', mimeType: 'text/plain', buffer: Buffer.from('second') })
  await expect(inFolder.getByRole('button', { name: 'Preview groceries (2).txt' })).toBeVisible({ timeout: 20_000 })
  // Renaming onto a taken name is refused and says so.
  await page.getByRole('button', { name: 'Actions for groceries (2).txt' }).click()
  await page.getByRole('menuitem', { name: 'Rename' }).click()
  const clash = page.getByRole('dialog', { name: 'Rename “groceries (2).txt”' })
  await clash.getByLabel('New name').fill('Groceries.txt')
  await clash.getByRole('button', { name: 'Rename' }).click()
  await expect(clash.getByText('Name already taken')).toBeVisible()
  await clash.getByRole('button', { name: 'Cancel' }).click()

  // Back at the root, delete the folder with its files (after a confirmation).
  await page.getByRole('navigation', { name: 'Folder path' }).getByRole('link', { name: 'My docs' }).click()
  await page.getByRole('button', { name: 'Actions for Home stuff' }).click()
  await page.getByRole('menuitem', { name: 'Delete' }).click()
  const confirm = page.getByRole('dialog', { name: 'Delete “Home stuff”?' })
  await expect(confirm).toContainText('cannot be undone')
  await confirm.getByRole('button', { name: 'Delete folder and contents' }).click()
  await expect(confirm).toBeHidden()
  await expect(page.getByText('No files yet')).toBeVisible()
})

/** The page's DataTransfer (this file is type-checked without the DOM library). */
declare const DataTransfer: new () => { items: { add(file: File): unknown } }

/** A 1×1 PNG. */
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='
const SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

test('drag and drop several files; a picture previews from its bytes, a PDF and an SVG offer Download instead; 3 MB round-trips', async ({ page }) => {
  server = await startPlanetServe()
  await page.goto(server.url)
  await page.getByRole('button', { name: 'Create my identity' }).click()
  await createIdentity(page, 'Ada', 'orbit velvet lantern 42')
  await skipBackup(page)
  await nav(page, 'Docs').click()

  // Drop three files at once on the drop zone.
  const dataTransfer = await page.evaluateHandle(
    ({ png, svg }) => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([Uint8Array.from(atob(png), (c) => c.charCodeAt(0))], 'dot.png', { type: 'image/png' }))
      transfer.items.add(new File(['%PDF-1.4\n%…\n'], 'paper.pdf', { type: 'application/pdf' }))
      transfer.items.add(new File([svg], 'logo.svg', { type: 'image/svg+xml' }))
      return transfer
    },
    { png: PNG, svg: SVG },
  )
  await page.getByRole('region', { name: 'Drop files to upload' }).dispatchEvent('drop', { dataTransfer })
  const table = page.getByRole('table', { name: 'Contents of My docs' })
  for (const name of ['dot.png', 'paper.pdf', 'logo.svg']) await expect(table.getByRole('button', { name: `Preview ${name}` })).toBeVisible({ timeout: 20_000 })

  // The picture: an <img> from a blob: URL, decoded.
  await table.getByRole('button', { name: 'Preview dot.png' }).click()
  const picture = page.getByRole('dialog', { name: 'dot.png' }).getByRole('img', { name: 'dot.png' })
  await expect(picture).toHaveAttribute('src', /^blob:/)
  await expect
    .poll(() =>
      picture.evaluate((img) => {
        const image = img as unknown as { complete: boolean; naturalWidth: number }
        return image.complete && image.naturalWidth
      }),
    )
    .toBe(1)
  await page.getByRole('dialog', { name: 'dot.png' }).getByRole('button', { name: 'Close' }).click()

  // A PDF: said plainly, with Download.
  await table.getByRole('button', { name: 'Preview paper.pdf' }).click()
  const pdf = page.getByRole('dialog', { name: 'paper.pdf' })
  await expect(pdf.getByText('PDFs open in your PDF reader')).toBeVisible()
  await expect(pdf.locator('iframe, object, embed')).toHaveCount(0)
  await screenshot(page, 'docs-preview-pdf')
  await pdf.getByRole('button', { name: 'Close' }).click()

  // A file of several chunks each way (3 MB: six uploadChunk calls, three readFile calls) arrives whole.
  const big = randomBytes(3 * 1024 * 1024 + 11)
  const chooser = page.waitForEvent('filechooser')
  await page.getByRole('button', { name: 'Upload files' }).click()
  await (await chooser).setFiles({ name: 'big.bin', mimeType: 'application/octet-stream', buffer: big })
  await expect(table.getByRole('button', { name: 'Preview big.bin' })).toBeVisible({ timeout: 30_000 })
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: 'Actions for big.bin' }).click()
  await page.getByRole('menuitem', { name: 'Download' }).click()
  const download = await downloading
  expect((await readFile((await download.path())!)).equals(big)).toBe(true)

  // An SVG is never rendered.
  await table.getByRole('button', { name: 'Preview logo.svg' }).click()
  const svg = page.getByRole('dialog', { name: 'logo.svg' })
  await expect(svg.getByText('No preview for this kind of file')).toBeVisible()
  await expect(svg.locator('img, svg script')).toHaveCount(0)
})
