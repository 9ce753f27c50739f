import type { Result, Router } from '../../shared/rpc'
import { RpcError, subscribeMessage } from '../../shared/rpc'
import type { CallContext } from '../core/handler-types'
import { describeUrl, isTrustedSender } from '../electron/security'

/**
 * Desktop transport, main side: the preload's `window.planet.call/subscribe`
 * arrive here over Electron IPC and go to the core's router.
 *
 *   renderer → main  invoke 'planet:call'        (method, input)       → Result
 *   renderer → main  send   'planet:subscribe'   (pageId, id, event)
 *   renderer → main  send   'planet:unsubscribe' (pageId, id)
 *   main → renderer  send   'planet:event'       (id, payload)
 *
 * Every message's sender frame is checked: only the top frame of the app's
 * own page (app://planet) is served; anything else gets UNAUTHORIZED (calls)
 * or is ignored (subscriptions). `pageId` is chosen by the preload once per
 * page load, so a reload (which restarts the preload's ids at 1) drops the
 * previous page's subscriptions instead of mixing them up.
 *
 * This module imports only *types* from electron: main.ts passes the real
 * ipcMain in, and tests pass a fake (test/helpers/fake-electron-ipc.ts).
 */

/** Checklist: these strings are repeated in preload/index.ts (it may not import main/); change both together. */
export const IPC_CHANNELS = {
  call: 'planet:call',
  subscribe: 'planet:subscribe',
  unsubscribe: 'planet:unsubscribe',
  event: 'planet:event',
} as const

/** More live subscriptions than this from one page is a bug (a leak in the UI); further ones are refused. */
export const MAX_SUBSCRIPTIONS_PER_PAGE = 1000

/** The parts of Electron's WebContents this transport uses. */
export interface IpcSender {
  readonly id: number
  send(channel: string, ...args: unknown[]): void
  isDestroyed(): boolean
  getURL(): string
  once(event: 'destroyed', listener: () => void): unknown
}

/** The parts of Electron's WebFrameMain this transport uses. */
export interface IpcFrame {
  readonly url: string
  /** null for a top-level frame. */
  readonly parent: unknown
}

/** The parts of IpcMainEvent / IpcMainInvokeEvent this transport uses. */
export interface IpcEventLike {
  readonly sender: IpcSender
  readonly senderFrame: IpcFrame | null
}

/** The parts of Electron's ipcMain this transport uses. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => unknown): void
  removeHandler(channel: string): void
  on(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown
  removeListener(channel: string, listener: (event: IpcEventLike, ...args: unknown[]) => void): unknown
}

export interface ElectronIpcOptions {
  ipcMain: IpcMainLike
  router: Router<CallContext>
  /** The only origin served, e.g. app://planet. */
  appOrigin: string
  log?: (message: string) => void
}

export interface ElectronIpcTransport {
  /** Live subscriptions across all pages (for tests and diagnostics). */
  subscriptionCount(): number
  /** Stop serving: remove the IPC handlers and drop every subscription. Idempotent. */
  close(): void
}

/** Only the top frame of the app's own page may talk to the core. */
export function isTrustedFrame(frame: IpcFrame | null | undefined, appOrigin: string): boolean {
  return frame !== null && frame !== undefined && (frame.parent === null || frame.parent === undefined) && isTrustedSender(frame.url, appOrigin)
}

/** The answer to a call from a frame that is not the app's page. */
export function unauthorizedResult(): Result {
  return { ok: false, error: new RpcError('UNAUTHORIZED', 'This frame may not call PLANET').toWire() }
}

/** A preload page id: short printable ASCII. */
export function isPageId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value)
}

const CONTEXT: CallContext = { transport: 'ipc' }

interface PageSubscriptions {
  pageId: string
  subscriptions: Map<number, () => void>
}

export function attachElectronIpc(options: ElectronIpcOptions): ElectronIpcTransport {
  const { ipcMain, router, appOrigin } = options
  const log = options.log ?? ((message: string) => console.warn(`[ipc] ${message}`))
  /** Keyed by WebContents id: one page (the top frame) per WebContents. */
  const pages = new Map<number, PageSubscriptions>()
  let closed = false

  const dropAll = (page: PageSubscriptions): void => {
    for (const unsubscribe of page.subscriptions.values()) unsubscribe()
    page.subscriptions.clear()
  }

  const pageFor = (sender: IpcSender, pageId: string): PageSubscriptions => {
    let page = pages.get(sender.id)
    if (!page) {
      page = { pageId, subscriptions: new Map() }
      pages.set(sender.id, page)
      const id = sender.id
      sender.once('destroyed', () => {
        const gone = pages.get(id)
        if (!gone) return
        dropAll(gone)
        pages.delete(id)
      })
    } else if (page.pageId !== pageId) {
      // A new page loaded in this WebContents: the old page's listeners are gone.
      dropAll(page)
      page.pageId = pageId
    }
    return page
  }

  const deliver = (sender: IpcSender, id: number, payload: unknown): void => {
    // Never push to a destroyed WebContents, nor to a page that is not ours.
    if (sender.isDestroyed() || !isTrustedSender(sender.getURL(), appOrigin)) return
    sender.send(IPC_CHANNELS.event, id, payload)
  }

  const onCall = async (event: IpcEventLike, method: unknown, input: unknown): Promise<Result> => {
    if (!isTrustedFrame(event.senderFrame, appOrigin)) {
      log(`refused a call from an untrusted frame (${describeUrl(event.senderFrame?.url)})`)
      return unauthorizedResult()
    }
    return router.call(method, input, CONTEXT)
  }

  const onSubscribe = (event: IpcEventLike, pageId: unknown, id: unknown, name: unknown): void => {
    if (!isTrustedFrame(event.senderFrame, appOrigin)) {
      log(`ignored a subscription from an untrusted frame (${describeUrl(event.senderFrame?.url)})`)
      return
    }
    const message = subscribeMessage.safeParse({ type: 'subscribe', id, event: name })
    if (!isPageId(pageId) || !message.success) {
      log('ignored a malformed subscription')
      return
    }
    const page = pageFor(event.sender, pageId)
    page.subscriptions.get(message.data.id)?.()
    page.subscriptions.delete(message.data.id)
    if (page.subscriptions.size >= MAX_SUBSCRIPTIONS_PER_PAGE) {
      log(`refused subscription to ${message.data.event}: more than ${MAX_SUBSCRIPTIONS_PER_PAGE} live subscriptions`)
      return
    }
    const sender = event.sender
    const subscriptionId = message.data.id
    const result = router.subscribe(message.data.event, (payload) => deliver(sender, subscriptionId, payload))
    if (!result.ok) {
      log(`ignored subscription: ${result.error.message}`)
      return
    }
    page.subscriptions.set(subscriptionId, result.value)
  }

  const onUnsubscribe = (event: IpcEventLike, pageId: unknown, id: unknown): void => {
    if (!isTrustedFrame(event.senderFrame, appOrigin) || !isPageId(pageId) || typeof id !== 'number') return
    const page = pages.get(event.sender.id)
    if (!page || page.pageId !== pageId) return
    page.subscriptions.get(id)?.()
    page.subscriptions.delete(id)
  }

  const subscribeListener = (event: IpcEventLike, ...args: unknown[]): void => onSubscribe(event, args[0], args[1], args[2])
  const unsubscribeListener = (event: IpcEventLike, ...args: unknown[]): void => onUnsubscribe(event, args[0], args[1])

  ipcMain.handle(IPC_CHANNELS.call, (event, ...args) => onCall(event, args[0], args[1]))
  ipcMain.on(IPC_CHANNELS.subscribe, subscribeListener)
  ipcMain.on(IPC_CHANNELS.unsubscribe, unsubscribeListener)

  return {
    subscriptionCount() {
      let count = 0
      for (const page of pages.values()) count += page.subscriptions.size
      return count
    },
    close() {
      if (closed) return
      closed = true
      ipcMain.removeHandler(IPC_CHANNELS.call)
      ipcMain.removeListener(IPC_CHANNELS.subscribe, subscribeListener)
      ipcMain.removeListener(IPC_CHANNELS.unsubscribe, unsubscribeListener)
      for (const page of pages.values()) dropAll(page)
      pages.clear()
    },
  }
}
