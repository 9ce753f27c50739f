import type { App, Session, WebContents } from 'electron'
import { shell } from 'electron'
import { decidePermission, describeUrl, isAllowedNavigation, isSafeExternalUrl } from './security'

type Log = (message: string) => void

const defaultLog: Log = (message) => console.warn(`[shell] ${message}`)

/**
 * Applies the predicates of security.ts to every WebContents the app ever
 * creates (registered before the first window, so none escapes): no
 * <webview>, no navigation away from the app, no new windows. Links to vetted
 * https:/mailto: URLs open in the user's own browser or mail client instead.
 */
export function hardenApp(app: App, appOrigin: string, log: Log = defaultLog): void {
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, appOrigin, log))
}

function hardenWebContents(contents: WebContents, appOrigin: string, log: Log): void {
  contents.on('will-attach-webview', (event) => {
    event.preventDefault()
    log('blocked a <webview>')
  })

  // Every frame, main or sub, renderer- or user-initiated (loadURL from main does not pass here).
  contents.on('will-frame-navigate', (event) => {
    if (isAllowedNavigation(event.url, appOrigin)) return
    event.preventDefault()
    if (event.isMainFrame && openExternally(event.url)) return
    log(`blocked navigation to ${describeUrl(event.url)}`)
  })

  contents.on('will-redirect', (event) => {
    if (isAllowedNavigation(event.url, appOrigin)) return
    event.preventDefault()
    log(`blocked redirect to ${describeUrl(event.url)}`)
  })

  contents.setWindowOpenHandler(({ url }) => {
    if (!openExternally(url)) log(`blocked a new window for ${describeUrl(url)}`)
    return { action: 'deny' }
  })
}

/** Open a vetted URL with the OS; false (and nothing opened) for anything else. */
function openExternally(url: string): boolean {
  if (!isSafeExternalUrl(url)) return false
  void shell.openExternal(url).catch(() => undefined)
  return true
}

/**
 * The session's permission policy (deny by default, see decidePermission),
 * no device access (HID, serial, USB), and no network requests from the page
 * at all: it reaches the core over IPC and loads only app:// — the CSP says
 * the same, this is the second lock.
 */
export function hardenSession(session: Session, appOrigin: string, log: Log = defaultLog): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = details.isMainFrame && decidePermission(permission, details.requestingUrl, appOrigin)
    if (!granted) log(`denied permission ${permission} to ${describeUrl(details.requestingUrl)}`)
    callback(granted)
  })
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    decidePermission(permission, details.requestingUrl ?? requestingOrigin, appOrigin),
  )
  session.setDevicePermissionHandler(() => false)
  session.webRequest.onBeforeRequest({ urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'ftp://*/*'] }, (details, callback) => {
    log(`blocked a ${details.resourceType} request to ${describeUrl(details.url)}`)
    callback({ cancel: true })
  })
}
