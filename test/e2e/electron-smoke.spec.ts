import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { ElectronApplication, Page } from '@playwright/test'
import { _electron as electron, expect, test } from '@playwright/test'
import type { PlanetBridge } from '../../shared/rpc/bridge'
import { electronAvailability } from '../../scripts/electron-available.js'
import { formatBootstrapList } from '../../main/core/net/bootstrap'
import type { Testnet } from '../helpers/testnet'
import { startTestnet } from '../helpers/testnet'

/**
 * The desktop shell, end to end: the built app (out/main/index.js) in a real
 * Electron with a throw-away PLANET_HOME. Electron's binary is never
 * downloaded by this project, so where it is missing (or there is no display)
 * the whole file is skipped, with the reason in the report.
 */
const availability = electronAvailability()
// The line reporter CI uses does not print skip reasons, so say it on stdout too.
if (!availability.ok) console.log(`Electron smoke test skipped: ${availability.reason}`)
test.skip(!availability.ok, availability.ok ? '' : `Electron smoke test skipped: ${availability.reason}`)

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

type PlanetWindow = typeof globalThis & { planet: PlanetBridge }

let app: ElectronApplication
let page: Page
let home: string
let testnet: Testnet | undefined

test.beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), 'planet-electron-'))
  // The desktop app joins the public DHT unless PLANET_BOOTSTRAP says otherwise: give it a
  // loopback testnet, and PLANET_TEST=1 so the core refuses anything but loopback.
  testnet = await startTestnet(1)
  // ELECTRON_RUN_AS_NODE (set inside some editors' terminals) would make Electron a plain Node.
  const env: Record<string, string> = { PLANET_HOME: home, PLANET_TEST: '1', PLANET_BOOTSTRAP: formatBootstrapList(testnet.bootstrap) }
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined && key !== 'ELECTRON_RUN_AS_NODE' && !(key in env)) env[key] = value
  // The app directory, so Electron reads package.json (name, version) and runs its main: out/main/index.js.
  // No executablePath: Playwright asks electron's index.js, which — as checked above — finds the binary on disk.
  app = await electron.launch({ args: [root], env, cwd: root })
  page = await app.firstWindow()
  await page.waitForLoadState('domcontentloaded')
})

test.afterAll(async () => {
  await app?.close()
  await testnet?.destroy()
  if (home) await rm(home, { recursive: true, force: true })
})

test('opens one window showing the app from app://planet', async () => {
  expect(app.windows()).toHaveLength(1)
  expect(page.url()).toMatch(/^app:\/\/planet\//)
  await expect(page).toHaveTitle(/PLANET/)
})

test('the preload exposes exactly call and subscribe on window.planet', async () => {
  const keys = await page.evaluate(() => Object.keys((globalThis as PlanetWindow).planet).sort())
  expect(keys).toEqual(['call', 'subscribe'])
})

test('app.getInfo through the bridge reports the desktop host and the temp data dir', async () => {
  const result = await page.evaluate(() => (globalThis as PlanetWindow).planet.call('app.getInfo', {}))
  expect(result).toMatchObject({ ok: true, value: { name: 'PLANET', host: 'desktop', dataDir: home } })
})

test('the page cannot reach Node or Electron', async () => {
  const reachable = await page.evaluate(() => {
    const g = globalThis as Record<string, unknown>
    return { require: typeof g.require, process: typeof g.process, module: typeof g.module, Buffer: typeof g.Buffer, ipcRenderer: typeof g.ipcRenderer }
  })
  expect(reachable).toEqual({ require: 'undefined', process: 'undefined', module: 'undefined', Buffer: 'undefined', ipcRenderer: 'undefined' })
})

test('the CSP forbids eval and new windows are denied', async () => {
  const evalBlocked = await page.evaluate(() => {
    try {
      new Function('return 1')()
      return false
    } catch {
      return true
    }
  })
  expect(evalBlocked).toBe(true)
  // Even a window of the app itself is refused (an https URL would open the user's browser instead).
  const denied = await page.evaluate(() => (globalThis as unknown as { open(url: string): unknown }).open('app://planet/index.html') === null)
  expect(denied).toBe(true)
  expect(app.windows()).toHaveLength(1)
})
