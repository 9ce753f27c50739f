import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { RpcClient, Router } from '../../shared/rpc'
import type { PlanetBridge } from '../../shared/rpc'
import { createAppHandlers } from '../../main/core/app/app-handlers'
import { EventBus } from '../../main/core/event-bus'
import type { CallContext, CoreHandlers } from '../../main/core/handler-types'
import { attachElectronIpc } from '../../main/transport/electron-ipc'
import type { ElectronIpcTransport } from '../../main/transport/electron-ipc'
import { createFakeIpc } from '../helpers/fake-electron-ipc'
import type { FakeIpc } from '../helpers/fake-electron-ipc'

/**
 * The real preload (preload/index.ts) against the real main-side transport,
 * joined by a fake Electron IPC: what the page sees on window.planet, end to
 * end. It lives here, not beside the preload, because the preload's lint
 * rules (rightly) forbid importing main/.
 */
const electron = vi.hoisted(() => ({ exposed: new Map<string, unknown>(), ipc: null as FakeIpc | null }))

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: {
    invoke: (channel: string, ...args: unknown[]) => electron.ipc!.ipcRenderer.invoke(channel, ...args),
    send: (channel: string, ...args: unknown[]) => electron.ipc!.ipcRenderer.send(channel, ...args),
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => electron.ipc!.ipcRenderer.on(channel, listener),
  },
}))

const APP = 'app://planet'

let events: EventBus
let transport: ElectronIpcTransport

/** Load the preload as a fresh page load would. */
async function loadPreload(): Promise<PlanetBridge> {
  electron.exposed.clear()
  vi.resetModules()
  await import('../../preload/index')
  return electron.exposed.get('planet') as PlanetBridge
}

beforeEach(() => {
  electron.ipc = createFakeIpc(`${APP}/index.html`)
  events = new EventBus()
  const handlers = createAppHandlers({ host: 'desktop', version: '9.9.9', dataDir: '/d' }) as unknown as CoreHandlers
  transport = attachElectronIpc({ ipcMain: electron.ipc.ipcMain, router: new Router<CallContext>({ handlers, events }), appOrigin: APP, log: () => undefined })
})

afterEach(() => transport.close())

describe('preload', () => {
  it('exposes window.planet with exactly call and subscribe, and nothing else', async () => {
    const bridge = await loadPreload()
    expect([...electron.exposed.keys()]).toEqual(['planet'])
    expect(Object.keys(bridge).sort()).toEqual(['call', 'subscribe'])
    expect(typeof bridge.call).toBe('function')
    expect(typeof bridge.subscribe).toBe('function')
  })

  it('carries typed calls to the router and back', async () => {
    const client = new RpcClient(await loadPreload())
    expect(await client.call('app.getInfo', {})).toEqual({ name: 'PLANET', version: '9.9.9', host: 'desktop', dataDir: '/d' })
    expect(await client.try('app.getInfo', 'not an object' as never)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('delivers events until unsubscribed', async () => {
    const bridge = await loadPreload()
    const got: unknown[] = []
    const unsubscribe = bridge.subscribe('vault.onLocked', (payload) => got.push(payload))
    events.emit('vault.onLocked', { reason: 'idle' })
    unsubscribe()
    unsubscribe()
    events.emit('vault.onLocked', { reason: 'manual' })
    expect(got).toEqual([{ reason: 'idle' }])
    expect(transport.subscriptionCount()).toBe(0)
  })

  it('keeps subscriptions of one page apart from the next page load', async () => {
    const first = await loadPreload()
    first.subscribe('vault.onLocked', () => undefined)
    first.subscribe('vault.onUnlocked', () => undefined)
    expect(transport.subscriptionCount()).toBe(2)
    const second = await loadPreload()
    const got: unknown[] = []
    second.subscribe('vault.onUnlocked', (payload) => got.push(payload))
    expect(transport.subscriptionCount()).toBe(1)
    events.emit('vault.onUnlocked', {})
    expect(got).toEqual([{}])
  })

  it('turns a value that cannot cross IPC into an INVALID_INPUT result instead of a rejection', async () => {
    const bridge = await loadPreload()
    const result = await bridge.call('app.getInfo', { callback: () => undefined })
    expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
  })

  it('answers TRANSPORT_CLOSED once main has stopped serving', async () => {
    const bridge = await loadPreload()
    transport.close()
    expect(await bridge.call('app.getInfo', {})).toMatchObject({ ok: false, error: { code: 'TRANSPORT_CLOSED' } })
  })
})
