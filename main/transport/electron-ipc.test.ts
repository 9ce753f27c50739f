import { afterEach, describe, expect, it } from 'vitest'
import { Router } from '../../shared/rpc'
import type { Result } from '../../shared/rpc'
import { createAppHandlers } from '../core/app/app-handlers'
import { EventBus } from '../core/event-bus'
import type { CallContext, CoreHandlers } from '../core/handler-types'
import { createFakeIpc } from '../../test/helpers/fake-electron-ipc'
import type { FakeIpc } from '../../test/helpers/fake-electron-ipc'
import type { ElectronIpcTransport } from './electron-ipc'
import { IPC_CHANNELS, MAX_SUBSCRIPTIONS_PER_PAGE, attachElectronIpc, isPageId, isTrustedFrame } from './electron-ipc'

const APP = 'app://planet'
const PAGE_URL = `${APP}/index.html`

/** The real router with the app area's handlers: enough to test a transport without a vault. */
function createRouter(events: EventBus, contexts: CallContext[] = []): Router<CallContext> {
  const app = createAppHandlers({ host: 'desktop', version: '1.2.3', dataDir: '/data' })
  const handlers = {
    'app.getInfo': (input: Record<string, never>, ctx: CallContext) => {
      contexts.push(ctx)
      return app['app.getInfo'](input, ctx)
    },
  } as unknown as CoreHandlers
  return new Router<CallContext>({ handlers, events })
}

describe('isTrustedFrame', () => {
  it('trusts only the top frame of the app page', () => {
    expect(isTrustedFrame({ url: PAGE_URL, parent: null }, APP)).toBe(true)
    expect(isTrustedFrame({ url: PAGE_URL, parent: { url: PAGE_URL } }, APP)).toBe(false)
    expect(isTrustedFrame({ url: 'https://example.com/', parent: null }, APP)).toBe(false)
    expect(isTrustedFrame(null, APP)).toBe(false)
    expect(isTrustedFrame(undefined, APP)).toBe(false)
  })
})

describe('isPageId', () => {
  it('accepts short ids only', () => {
    expect(isPageId('lq2x9-a8f3k2')).toBe(true)
    expect(isPageId('')).toBe(false)
    expect(isPageId('x'.repeat(65))).toBe(false)
    expect(isPageId('a b')).toBe(false)
    expect(isPageId(7)).toBe(false)
  })
})

describe('attachElectronIpc', () => {
  let ipc: FakeIpc
  let events: EventBus
  let transport: ElectronIpcTransport
  let logs: string[]
  let contexts: CallContext[]

  const setup = (url = PAGE_URL) => {
    ipc = createFakeIpc(url)
    events = new EventBus()
    logs = []
    contexts = []
    transport = attachElectronIpc({ ipcMain: ipc.ipcMain, router: createRouter(events, contexts), appOrigin: APP, log: (m) => logs.push(m) })
  }
  const received = () => ipc.webContents.sent.filter((m) => m.channel === IPC_CHANNELS.event).map((m) => m.args)

  afterEach(() => transport?.close())

  it('routes calls from the app page to the router with the ipc context', async () => {
    setup()
    const result = (await ipc.ipcRenderer.invoke(IPC_CHANNELS.call, 'app.getInfo', {})) as Result
    expect(result).toEqual({ ok: true, value: { name: 'PLANET', version: '1.2.3', host: 'desktop', dataDir: '/data' } })
    expect(contexts).toEqual([{ transport: 'ipc' }])
  })

  it('returns router errors as results', async () => {
    setup()
    expect(await ipc.ipcRenderer.invoke(IPC_CHANNELS.call, 'nope.nothing', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    expect(await ipc.ipcRenderer.invoke(IPC_CHANNELS.call, 'app.getInfo', 'not an object')).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(await ipc.ipcRenderer.invoke(IPC_CHANNELS.call, 42)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
  })

  it.each([
    ['another origin', { url: 'https://evil.example/', parent: null }],
    ['a sub-frame of the app', { url: PAGE_URL, parent: { url: PAGE_URL } }],
    ['a file:// page', { url: 'file:///tmp/index.html', parent: null }],
    ['no frame (navigated away)', null],
  ])('answers a call from %s with UNAUTHORIZED and never reaches the router', async (_name, frame) => {
    setup()
    const result = (await ipc.invokeFrom(frame, IPC_CHANNELS.call, 'app.getInfo', {})) as Result
    expect(result).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } })
    expect(contexts).toEqual([])
    expect(logs.join('\n')).toContain('untrusted frame')
  })

  it('pushes subscribed events to the page and stops after unsubscribe', () => {
    setup()
    ipc.ipcRenderer.send(IPC_CHANNELS.subscribe, 'page1', 1, 'vault.onLocked')
    expect(transport.subscriptionCount()).toBe(1)
    events.emit('vault.onLocked', { reason: 'manual' })
    expect(received()).toEqual([[1, { reason: 'manual' }]])
    ipc.ipcRenderer.send(IPC_CHANNELS.unsubscribe, 'page1', 1)
    expect(transport.subscriptionCount()).toBe(0)
    events.emit('vault.onLocked', { reason: 'idle' })
    expect(received()).toHaveLength(1)
  })

  it('ignores subscriptions from untrusted frames', () => {
    setup()
    ipc.sendFrom({ url: 'https://evil.example/', parent: null }, IPC_CHANNELS.subscribe, 'page1', 1, 'vault.onLocked')
    ipc.sendFrom({ url: PAGE_URL, parent: {} }, IPC_CHANNELS.subscribe, 'page1', 2, 'vault.onLocked')
    ipc.sendFrom(null, IPC_CHANNELS.subscribe, 'page1', 3, 'vault.onLocked')
    expect(transport.subscriptionCount()).toBe(0)
    expect(events.listenerCount('vault.onLocked')).toBe(0)
  })

  it('ignores an unsubscribe from an untrusted frame', () => {
    setup()
    ipc.ipcRenderer.send(IPC_CHANNELS.subscribe, 'page1', 1, 'vault.onLocked')
    ipc.sendFrom({ url: 'https://evil.example/', parent: null }, IPC_CHANNELS.unsubscribe, 'page1', 1)
    expect(transport.subscriptionCount()).toBe(1)
  })

  it.each([
    ['an unknown event', ['page1', 1, 'vault.onExploded']],
    ['a bad id', ['page1', -1, 'vault.onLocked']],
    ['a non-numeric id', ['page1', '1', 'vault.onLocked']],
    ['a bad page id', ['page one', 1, 'vault.onLocked']],
    ['no arguments', []],
  ])('ignores a subscription with %s', (_name, args) => {
    setup()
    ipc.ipcRenderer.send(IPC_CHANNELS.subscribe, ...args)
    expect(transport.subscriptionCount()).toBe(0)
    expect(logs).toHaveLength(1)
  })

  it('drops the previous page’s subscriptions when the page reloads', () => {
    setup()
    ipc.ipcRenderer.send(IPC_CHANNELS.subscribe, 'before', 1, 'vault.onLocked')
    ipc.ipcRenderer.send(IPC_CHANNELS.subscribe, 'before', 2, 'vault.onUnlocked')
    // The reloaded page's preload starts its ids at 1 again, under a new page id.
    ipc.ipcRenderer.send(IPC_CHANNELS.subscribe, 'after', 1, 'vault.onUnlocked')
    expect(transport.subscriptionCount()).toBe(1)
    expect(events.listenerCount('vault.onLocked')).toBe(0)
    events.emit('vault.onUnlocked', {})
    expect(received()).toEqual([[1, {}]])
    // A late unsubscribe from the old page does not touch the new one.
    ipc.ipcRenderer.send(IPC_CHANNELS.unsubscribe, 'before', 1)
    expect(transport.subscriptionCount()).toBe(1)
  })

  it('replaces a subscription re-sent with the same id instead of delivering twice', () => {
    setup()
    ipc.ipcRenderer.send(IPC_CHANNELS.subscribe, 'p', 1, 'vault.onLocked')
    ipc.ipcRenderer.send(IPC_CHANNELS.subscribe, 'p', 1, 'vault.onLocked')
    events.emit('vault.onLocked', { reason: 'manual' })
    expect(received()).toHaveLength(1)
  })

  it('cleans up when the WebContents is destroyed', () => {
    setup()
    ipc.ipcRenderer.send(IPC_CHANNELS.subscribe, 'p', 1, 'vault.onLocked')
    ipc.ipcRenderer.send(IPC_CHANNELS.subscribe, 'p', 2, 'vault.onUnlocked')
    ipc.webContents.destroy()
    expect(transport.subscriptionCount()).toBe(0)
    expect(events.listenerCount('vault.onLocked')).toBe(0)
    expect(events.listenerCount('vault.onUnlocked')).toBe(0)
  })

  it('does not push events to a page that is no longer the app', () => {
    setup()
    ipc.ipcRenderer.send(IPC_CHANNELS.subscribe, 'p', 1, 'vault.onLocked')
    ipc.webContents.navigate('https://evil.example/')
    events.emit('vault.onLocked', { reason: 'manual' })
    expect(received()).toEqual([])
  })

  it('caps the number of live subscriptions per page', () => {
    setup()
    for (let id = 1; id <= MAX_SUBSCRIPTIONS_PER_PAGE + 5; id++) ipc.ipcRenderer.send(IPC_CHANNELS.subscribe, 'p', id, 'vault.onLocked')
    expect(transport.subscriptionCount()).toBe(MAX_SUBSCRIPTIONS_PER_PAGE)
    expect(logs).toHaveLength(5)
  })

  it('close() removes the handlers and every subscription, once', async () => {
    setup()
    ipc.ipcRenderer.send(IPC_CHANNELS.subscribe, 'p', 1, 'vault.onLocked')
    transport.close()
    transport.close()
    expect(ipc.ipcMain.handlerCount()).toBe(0)
    expect(ipc.ipcMain.listenerCount(IPC_CHANNELS.subscribe)).toBe(0)
    expect(ipc.ipcMain.listenerCount(IPC_CHANNELS.unsubscribe)).toBe(0)
    expect(events.listenerCount('vault.onLocked')).toBe(0)
    await expect(ipc.ipcRenderer.invoke(IPC_CHANNELS.call, 'app.getInfo', {})).rejects.toThrow(/No handler registered/)
  })
})
