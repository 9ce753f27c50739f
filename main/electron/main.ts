import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Event } from 'electron'
import { BrowserWindow, Menu, app, dialog, ipcMain, powerMonitor, protocol, session } from 'electron'
import { Core } from '../core/core'
import { DATA_DIR_ENV, prepareDataDir, resolveDataDir } from '../core/data-dir'
import { attachElectronIpc } from '../transport/electron-ipc'
import type { ElectronIpcTransport } from '../transport/electron-ipc'
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppSchemeHandler } from './app-scheme'
import { hardenApp, hardenSession } from './harden'
import { installApplicationMenu } from './menu'
import { PLANET_SCHEME, PendingLink, findPlanetLink, parsePlanetLink } from './protocol'
import { createWindowOptions } from './window'

/**
 * The desktop host: Electron's main process. It owns one Core, serves the
 * renderer from app://planet, and bridges the window to the core over IPC.
 * Everything that is not Electron glue lives in pure modules beside this one.
 */

const PRODUCT_NAME = 'PLANET'
/** If the core does not close within this time on quit, exit anyway rather than hang. */
const CLOSE_TIMEOUT_MS = 10_000

/** out/, whether running from the checkout or from app.asar: this file is out/main/index.js. */
const outDir = join(dirname(fileURLToPath(import.meta.url)), '..')

// ---- before ready -----------------------------------------------------------

app.setName(PRODUCT_NAME)
app.enableSandbox()
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES])
// The data dir is Electron's per-user folder for PLANET (the same for a checkout and the
// packaged app, whatever name Electron guessed), or $PLANET_HOME, read as `planet serve` reads it.
// Chromium's own files (cookies, caches, local storage) go to a subfolder, away from the vault.
const dataDir = process.env[DATA_DIR_ENV]?.trim()
  ? resolveDataDir({ env: process.env, homedir: homedir() })
  : join(app.getPath('appData'), PRODUCT_NAME)
app.setPath('userData', dataDir)
app.setPath('sessionData', join(dataDir, 'session'))
hardenApp(app, APP_ORIGIN)

let core: Core | null = null
let ipc: ElectronIpcTransport | null = null
let mainWindow: BrowserWindow | null = null
let shutdown: 'running' | 'closing' | 'closed' = 'running'
/** An invite link the OS opened; the invites UI will take it from here (for now it is only validated and kept). */
const pendingLink = new PendingLink()

// The lock is per userData dir, so two PLANET_HOMEs (two test users) can run side by side.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  pendingLink.offer(findPlanetLink(process.argv))
  app.on('second-instance', (_event, argv) => {
    pendingLink.offer(findPlanetLink(argv))
    showMainWindow()
  })
  // macOS delivers links here, possibly before ready.
  app.on('open-url', (event, url) => {
    event.preventDefault()
    pendingLink.offer(parsePlanetLink(url))
    showMainWindow()
  })
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })
  app.on('activate', () => {
    if (core && shutdown === 'running' && BrowserWindow.getAllWindows().length === 0) createMainWindow()
  })
  app.on('will-quit', onWillQuit)
  process.on('SIGINT', () => app.quit())
  process.on('SIGTERM', () => app.quit())
  app.whenReady().then(start).catch(failStartup)
}

// ---- ready ------------------------------------------------------------------

async function start(): Promise<void> {
  hardenSession(session.defaultSession, APP_ORIGIN)
  protocol.handle(APP_SCHEME, createAppSchemeHandler(join(outDir, 'renderer')))

  const prepared = await prepareDataDir(dataDir)
  if (prepared.looseMode) console.warn(`[shell] the data dir ${dataDir} is readable by other users; consider chmod 700`)
  core = new Core({ host: 'desktop', dataDir, version: app.getVersion() })
  await core.ready()
  ipc = attachElectronIpc({ ipcMain, router: core.router, appOrigin: APP_ORIGIN })
  // Walking away from the computer is the clearest "idle" there is: lock with the screen and on sleep.
  powerMonitor.on('lock-screen', () => core?.lock('system'))
  powerMonitor.on('suspend', () => core?.lock('system'))

  installApplicationMenu(Menu, process.platform, PRODUCT_NAME)
  // Only the installed app registers itself: a checkout must not take over planet:// links on the developer's machine.
  if (app.isPackaged) app.setAsDefaultProtocolClient(PLANET_SCHEME)
  createMainWindow()
}

function createMainWindow(): void {
  const window = new BrowserWindow(createWindowOptions({ preloadPath: join(outDir, 'preload', 'index.cjs'), devTools: !app.isPackaged }))
  mainWindow = window
  window.once('ready-to-show', () => window.show())
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null
  })
  window.webContents.on('render-process-gone', (_event, details) => console.error(`[shell] renderer gone: ${details.reason}`))
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => console.error('[shell] could not load the app', error))
}

function showMainWindow(): void {
  const window = mainWindow
  if (!window || window.isDestroyed()) return
  if (window.isMinimized()) window.restore()
  window.show()
  window.focus()
}

// ---- quit -------------------------------------------------------------------

/** Hold the quit until the core has closed (the vault locks, files flush), then quit for real. */
function onWillQuit(event: Event): void {
  if (shutdown === 'closed') return
  event.preventDefault()
  if (shutdown === 'closing') return
  shutdown = 'closing'
  setTimeout(() => {
    console.error('[shell] the core did not close in time; exiting')
    app.exit(1)
  }, CLOSE_TIMEOUT_MS).unref()
  ipc?.close()
  const closing = core ? core.close() : Promise.resolve()
  closing
    .catch((error: unknown) => console.error('[shell] closing the core failed', error))
    .finally(() => {
      shutdown = 'closed'
      app.quit()
    })
}

function failStartup(error: unknown): void {
  console.error('[shell] PLANET could not start', error)
  dialog.showErrorBox('PLANET could not start', error instanceof Error ? error.message : String(error))
  ipc?.close()
  const closing = core ? core.close() : Promise.resolve()
  void closing.catch(() => undefined).finally(() => app.exit(1))
}
