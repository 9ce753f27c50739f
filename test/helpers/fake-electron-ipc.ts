import { EventEmitter } from 'node:events'
import type { IpcEventLike, IpcFrame, IpcMainLike, IpcSender } from '../../main/transport/electron-ipc'

type MainListener = (event: IpcEventLike, ...args: unknown[]) => unknown
type RendererListener = (event: unknown, ...args: unknown[]) => void

/**
 * Electron IPC without Electron, for unit tests: an ipcMain, one WebContents
 * with its top frame, and that page's ipcRenderer. Arguments are copied with
 * structuredClone on every hop, as Electron's IPC does, so a value that would
 * not survive the real thing fails here too.
 */
export interface FakeIpc {
  ipcMain: IpcMainLike & { handlerCount(): number; listenerCount(channel: string): number }
  webContents: FakeWebContents
  ipcRenderer: {
    invoke(channel: string, ...args: unknown[]): Promise<unknown>
    send(channel: string, ...args: unknown[]): void
    on(channel: string, listener: RendererListener): void
  }
  /** Deliver a message as if it came from another frame (an iframe, or a page that is not ours). */
  sendFrom(frame: IpcFrame | null, channel: string, ...args: unknown[]): void
  invokeFrom(frame: IpcFrame | null, channel: string, ...args: unknown[]): Promise<unknown>
}

export class FakeWebContents extends EventEmitter implements IpcSender {
  static #nextId = 1
  readonly id = FakeWebContents.#nextId++
  readonly mainFrame: IpcFrame & { url: string }
  readonly sent: Array<{ channel: string; args: unknown[] }> = []
  readonly rendererListeners = new Map<string, Set<RendererListener>>()
  #destroyed = false

  constructor(url: string) {
    super()
    this.mainFrame = { url, parent: null }
  }

  send(channel: string, ...args: unknown[]): void {
    if (this.#destroyed) throw new Error('Object has been destroyed')
    const copy = structuredClone(args)
    this.sent.push({ channel, args: copy })
    for (const listener of this.rendererListeners.get(channel) ?? []) listener({}, ...copy)
  }

  isDestroyed(): boolean {
    return this.#destroyed
  }

  getURL(): string {
    return this.mainFrame.url
  }

  /** Simulate a navigation that committed (e.g. one that was not blocked). */
  navigate(url: string): void {
    this.mainFrame.url = url
  }

  destroy(): void {
    this.#destroyed = true
    this.emit('destroyed')
  }
}

export function createFakeIpc(url: string): FakeIpc {
  const handlers = new Map<string, MainListener>()
  const listeners = new Map<string, Set<MainListener>>()
  const webContents = new FakeWebContents(url)

  const eventFrom = (frame: IpcFrame | null): IpcEventLike => ({ sender: webContents, senderFrame: frame })
  const dispatch = (frame: IpcFrame | null, channel: string, args: unknown[]): void => {
    const copy = structuredClone(args)
    for (const listener of listeners.get(channel) ?? []) listener(eventFrom(frame), ...copy)
  }
  const invoke = async (frame: IpcFrame | null, channel: string, args: unknown[]): Promise<unknown> => {
    const handler = handlers.get(channel)
    if (!handler) throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`)
    return structuredClone(await handler(eventFrom(frame), ...structuredClone(args)))
  }

  return {
    ipcMain: {
      handle(channel, listener) {
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`)
        handlers.set(channel, listener)
      },
      removeHandler(channel) {
        handlers.delete(channel)
      },
      on(channel, listener) {
        let set = listeners.get(channel)
        if (!set) listeners.set(channel, (set = new Set()))
        set.add(listener as MainListener)
      },
      removeListener(channel, listener) {
        listeners.get(channel)?.delete(listener as MainListener)
      },
      handlerCount: () => handlers.size,
      listenerCount: (channel) => listeners.get(channel)?.size ?? 0,
    },
    webContents,
    ipcRenderer: {
      invoke: (channel, ...args) => invoke(webContents.mainFrame, channel, args),
      send: (channel, ...args) => dispatch(webContents.mainFrame, channel, args),
      on(channel, listener) {
        let set = webContents.rendererListeners.get(channel)
        if (!set) webContents.rendererListeners.set(channel, (set = new Set()))
        set.add(listener)
      },
    },
    sendFrom: (frame, channel, ...args) => dispatch(frame, channel, args),
    invokeFrom: (frame, channel, ...args) => invoke(frame, channel, args),
  }
}
