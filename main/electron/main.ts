import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Event } from 'electron'
import { BrowserWindow, Menu, Notification, app, dialog, ipcMain, powerMonitor, protocol, session } from 'electron'
import { Core } from '../core/core'
import { DATA_DIR_ENV, prepareDataDir, resolveDataDir } from '../core/data-dir'
import { describeNetwork, networkFromEnv } from '../network-config'
import { attachElectronIpc } from '../transport/electron-ipc'
import type { ElectronIpcTransport } from '../transport/electron-ipc'
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, APP_SCHEME_PRIVILEGES, createAppSchemeHandler } from './app-scheme'
import { APP_USER_MODEL_ID, attachDesktopAlerts } from './desktop-alerts'
import { hardenApp, hardenSession } from './harden'
import { installApplicationMenu } from './menu'
import { LinkInbox, PLANET_SCHEME, findPlanetLink, parsePlanetLink } from './protocol'
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
// Windows shows notifications only for the AppUserModelID the installer registered.
if (process.platform === 'win32') app.setAppUserModelId(APP_USER_MODEL_ID)
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
let detachAlerts: (() => void) | null = null
/** planet:// links the OS opened: held until the core exists, then handed to core.links (the UI asks before acting). */
const links = new LinkInbox()
/** Notifications on screen: kept referenced, or the garbage collector may take one (and its click handler) early. */
const notifications = new Set<Notification>()

// The lock is per userData dir, so two PLANET_HOMEs (two test users) can run side by side.
if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  // Windows and Linux start the app with the link in argv; a second launch hands its argv to us.
  links.offer(findPlanetLink(process.argv))
  app.on('second-instance', (_event, argv) => {
    links.offer(findPlanetLink(argv))
    revealWindow()
  })
  // macOS delivers links here, possibly before ready.
  app.on('open-url', (event, url) => {
    event.preventDefault()
    links.offer(parsePlanetLink(url))
    revealWindow()
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
  // The public DHT, unless PLANET_BOOTSTRAP names another (a community DHT, a local testnet).
  const network = networkFromEnv(process.env)
  console.log(`[shell] network: ${describeNetwork(network)}`)
  const running = new Core({ host: 'desktop', dataDir, version: app.getVersion(), network })
  core = running
  await running.ready()
  ipc = attachElectronIpc({ ipcMain, router: running.router, appOrigin: APP_ORIGIN })
  links.attach((link) => running.links.open(link))
  detachAlerts = attachDesktopAlerts(running.events, {
    windowState: () => ({ exists: mainWindow !== null && !mainWindow.isDestroyed(), focused: mainWindow?.isFocused() ?? false }),
    notificationsSupported: () => Notification.isSupported(),
    showNotification,
    focusWindow: revealWindow,
    // Badges exist on macOS and on Linux docks with the LauncherEntry API; elsewhere this is a no-op.
    setBadgeCount: (count) => {
      if (typeof app.setBadgeCount === 'function') app.setBadgeCount(count)
    },
  })
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

function showNotification(content: { title: string; body: string }, onClick: () => void): void {
  const notification = new Notification({ title: content.title, body: content.body })
  notifications.add(notification)
  const forget = (): void => {
    notifications.delete(notification)
  }
  notification.on('click', () => {
    forget()
    onClick()
  })
  notification.on('close', forget)
  notification.on('failed', forget)
  notification.show()
}

/** Bring the window to the front; on macOS, where the app outlives its window, open a new one if it was closed. */
function revealWindow(): void {
  if (mainWindow && !mainWindow.isDestroyed()) showMainWindow()
  else if (core && shutdown === 'running') createMainWindow()
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
  links.detach()
  detachAlerts?.()
  for (const notification of notifications) notification.close()
  notifications.clear()
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
