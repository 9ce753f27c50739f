import { contextBridge, ipcRenderer } from 'electron'
import type { Result } from '../shared/rpc/envelope'
import type { PlanetBridge } from '../shared/rpc/bridge'

// Checklist: the same channel names as IPC_CHANNELS in main/transport/electron-ipc.ts (the preload may not import main/).
const CALL = 'planet:call'
const SUBSCRIBE = 'planet:subscribe'
const UNSUBSCRIBE = 'planet:unsubscribe'
const EVENT = 'planet:event'

/** Distinguishes this page load from the previous one in the same window, so main drops stale subscriptions on reload. */
const pageId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`
const listeners = new Map<number, (payload: unknown) => void>()
let nextId = 1

ipcRenderer.on(EVENT, (_event, id: unknown, payload: unknown) => {
  if (typeof id === 'number') listeners.get(id)?.(payload)
})

/** The whole surface the page gets: two functions, no Electron or Node object. */
const bridge: PlanetBridge = {
  call(method, input) {
    return (ipcRenderer.invoke(CALL, method, input) as Promise<Result>).catch((error: unknown): Result => {
      // invoke rejects only when the message cannot be carried (a value that does not clone, or main has stopped serving).
      const message = error instanceof Error ? error.message : String(error)
      const code = /could not be cloned/i.test(message) ? 'INVALID_INPUT' : 'TRANSPORT_CLOSED'
      return { ok: false, error: { code, message: `IPC call ${String(method)} failed: ${message}` } }
    })
  },
  subscribe(event, listener) {
    const id = nextId++
    listeners.set(id, listener)
    ipcRenderer.send(SUBSCRIBE, pageId, id, event)
    return () => {
      if (listeners.delete(id)) ipcRenderer.send(UNSUBSCRIBE, pageId, id)
    }
  },
}

contextBridge.exposeInMainWorld('planet', bridge)
