import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from '@playwright/test'
import { expect, test } from '@playwright/test'
import type { RpcClient } from '../../shared/rpc'
import type { WsRpc } from '../helpers/ws-client'
import { connectRpc } from '../helpers/ws-client'
import { nav, usePeopleOnTestnet } from './helpers/people'
import { screenshot } from './helpers/screens'

/**
 * A group's shared folder through two browsers and two `planet serve`
 * processes on one loopback testnet. The setup (identities, contacts, a
 * working group with both in it) goes through each server's API, as the
 * renderer would call it: groups.spec.ts already drives those screens, and
 * this keeps the test about folders. Then, all through the UI: Ada makes the
 * folder "Plans" and uploads garden.txt; Ben sees it with Ada as author and
 * downloads the same bytes; Ada uploads a new version, Ben downloads it; Ben
 * restores the first version from History, and Ada downloads that. Last, Ben
 * keeps the folder in a directory on his disk (a bad path is refused with the
 * core's reason) and the restored file is written there; a file he puts in a
 * subfolder there reaches Ada, who opens the subfolder and drops a file into
 * it, which lands on Ben's disk. She deletes it (it leaves Ben's disk) and
 * restores it from "Deleted files" (it comes back there).
 */

const { serve } = usePeopleOnTestnet()

test.use({ viewport: { width: 1280, height: 900 } })

const V1 = 'Plans for the garden\nv1: tomatoes by the south wall\n'
const V2 = 'Plans for the garden\nv2: tomatoes by the south wall, beans on the fence, and a new compost bay\n'
const NORTH = 'North bed: garlic and onions\n'
const SOUTH = 'South bed: tomatoes\n'
const SETUP_TIMEOUT = 60_000

/** The page's DataTransfer (this file is type-checked without the DOM library). */
declare const DataTransfer: new () => { items: { add(file: File): unknown } }

/** Poll an API read until it gives a value (not undefined/false/null), failing with what was awaited. */
async function until<T>(what: string, read: () => Promise<T | undefined | false | null>, timeout = SETUP_TIMEOUT): Promise<T> {
  let found: T | undefined
  await expect
    .poll(
      async () => {
        const value = await read().catch(() => undefined)
        if (value === undefined || value === false || value === null) return false
        found = value
        return true
      },
      { message: `waiting for ${what}`, timeout, intervals: [100, 250, 500] },
    )
    .toBe(true)
  return found as T
}

/** Ada and Ben with identities, as contacts, both members of a working group; returns the group's id. */
async function setUpGroup(ada: RpcClient, ben: RpcClient): Promise<string> {
  const [, benIdentity] = await Promise.all([
    ada.call('identity.create', { passphrase: 'orbit velvet lantern 42', displayName: 'Ada' }),
    ben.call('identity.create', { passphrase: 'copper meadow signal 7', displayName: 'Ben' }),
  ])
  const invite = await ada.call('invites.create', { label: 'Ben' })
  await ben.call('invites.accept', { code: invite.code })
  const benId = benIdentity.identity.publicKey
  await until('Ada to see Ben connected', async () => (await ada.call('contacts.list', {})).some((contact) => contact.id === benId && contact.status === 'connected'))
  const group = await ada.call('groups.create', { name: 'Garden club', purpose: 'Plots, tools and plans', mode: 'working', visibility: 'private' })
  await ada.call('groups.inviteContact', { groupId: group.id, contactId: benId })
  const invitation = await until('Ben to receive the group invitation', async () => (await ben.call('groups.listInvitations', {})).find((item) => item.groupId === group.id))
  await ben.call('groups.acceptInvitation', { id: invitation.id })
  await until('Ben to be a member who can write in the group', async () => (await ben.call('groups.get', { groupId: group.id })).ready)
  return group.id
}

function tab(page: Page, name: string) {
  return page.getByRole('tablist', { name: 'Group sections' }).getByRole('tab', { name })
}

async function openFolders(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await nav(page, 'Groups').click()
  await page.getByRole('list', { name: 'Your groups' }).getByRole('link', { name: /Garden club/ }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Garden club' })).toBeVisible({ timeout: 30_000 })
  await tab(page, 'Folders').click()
}

async function upload(page: Page, name: string, text: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser')
  await page.getByRole('button', { name: 'Upload files' }).click()
  await (await chooser).setFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) })
}

/** Download a file of the open folder through its menu; returns the bytes the browser saved. */
async function download(page: Page, name: string): Promise<Buffer> {
  const downloading = page.waitForEvent('download')
  await page.getByRole('button', { name: `Actions for ${name}` }).click()
  await page.getByRole('menuitem', { name: 'Download' }).click()
  const saved = await downloading
  expect(saved.suggestedFilename()).toBe(name)
  return readFile((await saved.path())!)
}

test('a shared folder: upload, see and download on another member, a new version, restore the first', async ({ browser }) => {
  test.setTimeout(180_000)
  const [adaServer, benServer] = await Promise.all([serve(), serve()])
  const rpcs: WsRpc[] = await Promise.all([connectRpc(adaServer.url), connectRpc(benServer.url)])
  try {
    await setUpGroup(rpcs[0]!.client, rpcs[1]!.client)
  } finally {
    await Promise.all(rpcs.map((rpc) => rpc.close()))
  }

  const ada = await (await browser.newContext({ acceptDownloads: true })).newPage()
  const ben = await (await browser.newContext({ acceptDownloads: true })).newPage()

  // Ada makes the folder "Plans" (the name is checked before it is sent).
  await openFolders(ada, adaServer.url)
  await expect(ada.getByText('No shared folders yet')).toBeVisible()
  await ada.getByRole('button', { name: 'New folder' }).click()
  const newFolder = ada.getByRole('dialog', { name: 'New shared folder' })
  await newFolder.getByRole('button', { name: 'Create folder' }).click()
  await expect(newFolder.getByText('Give the folder a name')).toBeVisible()
  await newFolder.getByLabel('Folder name').fill('Plans')
  await newFolder.getByRole('button', { name: 'Create folder' }).click()
  await expect(newFolder).toBeHidden({ timeout: 30_000 })
  const adaCard = ada.getByRole('listitem', { name: 'Shared folder Plans' })
  await expect(adaCard.getByRole('status', { name: 'Status of Plans' })).toHaveText(/Up to date|Syncing/, { timeout: 30_000 })
  await expect(adaCard).toContainText('Not kept on this device’s disk')

  // She opens it and uploads garden.txt.
  await adaCard.getByRole('link', { name: 'Open folder Plans' }).click()
  await expect(ada.getByText('No files yet')).toBeVisible()
  await upload(ada, 'garden.txt', V1)
  const adaRow = ada.getByRole('table', { name: 'Contents of Plans' }).getByRole('row', { name: 'garden.txt' })
  await expect(adaRow).toContainText('You', { timeout: 30_000 })
  await expect(adaRow).toContainText(`${Buffer.byteLength(V1)} B`)
  await screenshot(ada, 'folders-01-uploaded')

  // Ben opens the group's Folders tab: the folder is there, and garden.txt with Ada as its author.
  await openFolders(ben, benServer.url)
  const benCard = ben.getByRole('listitem', { name: 'Shared folder Plans' })
  await expect(benCard).toContainText('Created by Ada', { timeout: 60_000 })
  await benCard.getByRole('link', { name: 'Open folder Plans' }).click()
  const benRow = ben.getByRole('table', { name: 'Contents of Plans' }).getByRole('row', { name: 'garden.txt' })
  await expect(benRow).toContainText('Ada', { timeout: 60_000 })
  expect((await download(ben, 'garden.txt')).toString('utf8')).toBe(V1)
  await screenshot(ben, 'folders-02-ben-sees-it')

  // Ada uploads a new garden.txt: the app says it replaces the current one, which stays in History.
  await upload(ada, 'garden.txt', V2)
  const replace = ada.getByRole('dialog', { name: 'Replace “garden.txt”?' })
  await expect(replace).toContainText('the old version stays in History')
  await replace.getByRole('button', { name: 'Replace' }).click()
  await expect(adaRow).toContainText(`${Buffer.byteLength(V2)} B`, { timeout: 30_000 })

  // Ben sees the new version arrive and downloads it.
  await expect(benRow).toContainText(`${Buffer.byteLength(V2)} B`, { timeout: 60_000 })
  expect((await download(ben, 'garden.txt')).toString('utf8')).toBe(V2)

  // Ben restores the first version from History.
  await ben.getByRole('button', { name: 'Actions for garden.txt' }).click()
  await ben.getByRole('menuitem', { name: 'History' }).click()
  const history = ben.getByRole('dialog', { name: 'History of garden.txt' })
  const versions = history.getByRole('table', { name: 'Versions of garden.txt' }).getByRole('row', { name: /^Version of .* by Ada$/ })
  await expect(versions).toHaveCount(2, { timeout: 30_000 })
  await expect(versions.first()).toContainText('Current')
  await expect(versions.last()).toContainText(`${Buffer.byteLength(V1)} B`)
  await screenshot(ben, 'folders-03-history')
  await versions.last().getByRole('button', { name: /^Restore / }).click()
  await history.getByRole('button', { name: 'Restore this version' }).click()
  await expect(history.getByText('Version restored')).toBeVisible({ timeout: 30_000 })
  await history.getByRole('button', { name: 'Close' }).click()
  await expect(benRow).toContainText('You', { timeout: 30_000 })
  await expect(benRow).toContainText(`${Buffer.byteLength(V1)} B`)

  // Ada gets the restored first version, made current by Ben.
  await expect(adaRow).toContainText('Ben', { timeout: 60_000 })
  await expect(adaRow).toContainText(`${Buffer.byteLength(V1)} B`)
  expect((await download(ada, 'garden.txt')).toString('utf8')).toBe(V1)
  await screenshot(ada, 'folders-04-restored')

  // Ben keeps the folder on his disk: a relative path and a file are refused, each saying why; a new directory gets the files.
  const benDisk = await mkdtemp(join(tmpdir(), 'planet-e2e-folder-'))
  try {
    await writeFile(join(benDisk, 'a-file'), 'not a directory')
    await ben.getByRole('link', { name: '← All shared folders' }).click()
    await benCard.getByRole('button', { name: 'Actions for folder Plans' }).click()
    await ben.getByRole('menuitem', { name: 'Keep on this device…' }).click()
    const bind = ben.getByRole('dialog', { name: 'Keep “Plans” on this device' })
    const dirField = bind.getByRole('textbox', { name: 'Directory on this computer' })
    await dirField.fill('Plans')
    await bind.getByRole('button', { name: 'Keep it here' }).click()
    await expect(bind.getByText(/^Type a full path/)).toBeVisible()
    await dirField.fill(join(benDisk, 'a-file'))
    await bind.getByRole('button', { name: 'Keep it here' }).click()
    await expect(bind.getByText('That path is a file, not a directory.')).toBeVisible({ timeout: 30_000 })
    await dirField.fill(join(benDisk, 'Plans'))
    await bind.getByRole('button', { name: 'Keep it here' }).click()
    await expect(bind).toBeHidden({ timeout: 30_000 })
    await expect(benCard).toContainText(`Kept on this device in ${await realpath(join(benDisk, 'Plans'))}`)
    await expect.poll(() => readFile(join(benDisk, 'Plans', 'garden.txt'), 'utf8').catch(() => null), { timeout: 30_000 }).toBe(V1)
    await expect(benCard.getByRole('status', { name: 'Status of Plans' })).toHaveText('Up to date', { timeout: 30_000 })
    await screenshot(ben, 'folders-05-kept-on-disk')

    await mkdir(join(benDisk, 'Plans', 'beds'))
    await writeFile(join(benDisk, 'Plans', 'beds', 'north.txt'), NORTH)
    await ada.getByRole('link', { name: 'Open folder beds' }).click({ timeout: 30_000 })
    await expect(ada.getByRole('navigation', { name: 'Folder path' })).toContainText('Plans/beds')
    const beds = ada.getByRole('table', { name: 'Contents of beds' })
    await expect(beds.getByRole('row', { name: 'north.txt' })).toContainText('Ben')
    const dropped = await ada.evaluateHandle((text) => {
      const transfer = new DataTransfer()
      transfer.items.add(new File([text], 'south.txt', { type: 'text/plain' }))
      return transfer
    }, SOUTH)
    await ada.getByRole('region', { name: 'Drop files to upload' }).dispatchEvent('drop', { dataTransfer: dropped })
    await expect(beds.getByRole('row', { name: 'south.txt' })).toContainText('You', { timeout: 30_000 })
    await expect.poll(() => readFile(join(benDisk, 'Plans', 'beds', 'south.txt'), 'utf8').catch(() => null), { timeout: 30_000 }).toBe(SOUTH)
    await screenshot(ada, 'folders-06-subfolder')

    // Ada deletes south.txt: it leaves Ben's disk. Later, from "Deleted files", she restores it and it comes back there.
    await beds.getByRole('button', { name: 'Actions for south.txt' }).click()
    await ada.getByRole('menuitem', { name: 'Delete' }).click()
    await ada.getByRole('dialog', { name: 'Delete “south.txt”?' }).getByRole('button', { name: 'Delete for everyone' }).click()
    await expect(beds.getByRole('row', { name: 'south.txt' })).toBeHidden({ timeout: 30_000 })
    await expect.poll(() => readFile(join(benDisk, 'Plans', 'beds', 'south.txt'), 'utf8').catch(() => null), { timeout: 30_000 }).toBe(null)
    await ada.getByRole('button', { name: 'Deleted files' }).click()
    const deletedList = ada.getByRole('dialog', { name: 'Deleted files in beds' })
    await expect(deletedList.getByLabel('Deleted beds/south.txt')).toContainText('Deleted by You')
    await deletedList.getByRole('button', { name: 'History of beds/south.txt' }).click()
    const southHistory = ada.getByRole('dialog', { name: 'History of south.txt' })
    await southHistory.getByRole('button', { name: /^Restore Version of .* by You$/ }).click()
    await southHistory.getByRole('button', { name: 'Restore this version' }).click()
    await expect(southHistory.getByText('Version restored')).toBeVisible({ timeout: 30_000 })
    await southHistory.getByRole('button', { name: 'Close' }).click()
    await expect(beds.getByRole('row', { name: 'south.txt' })).toBeVisible({ timeout: 30_000 })
    await expect.poll(() => readFile(join(benDisk, 'Plans', 'beds', 'south.txt'), 'utf8').catch(() => null), { timeout: 30_000 }).toBe(SOUTH)
  } finally {
    await rm(benDisk, { recursive: true, force: true })
  }
})
