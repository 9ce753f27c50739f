import { describe, expect, it } from 'vitest'
import { RpcClient, RpcError } from '../../shared/rpc'
import { createFakeRouter } from '../../test/helpers/fake-router'
import { createInProcessTransport } from './in-process'

describe('in-process transport', () => {
  it('passes the in-process call context', async () => {
    const fake = createFakeRouter()
    const client = new RpcClient(createInProcessTransport(fake.router))
    await client.call('app.getInfo', {})
    expect(fake.calls[0]?.ctx).toEqual({ transport: 'in-process' })
  })

  it('returns copies: mutating a result does not reach the core', async () => {
    const info = { name: 'PLANET' as const, version: '1.2.3', host: 'test' as const, dataDir: '/data' }
    const fake = createFakeRouter({ 'app.getInfo': () => info })
    const client = new RpcClient(createInProcessTransport(fake.router))
    const first = await client.call('app.getInfo', {})
    first.version = 'mutated'
    ;(first as { dataDir: string }).dataDir = '/elsewhere'
    expect(info).toEqual({ name: 'PLANET', version: '1.2.3', host: 'test', dataDir: '/data' })
    expect(await client.call('app.getInfo', {})).toEqual(info)
  })

  it('copies inputs: mutating an input after the call does not reach the core', async () => {
    let received: unknown
    const fake = createFakeRouter({
      'identity.updateProfile': (input) => {
        received = input
        throw new RpcError('IDENTITY_MISSING', 'no identity in this test')
      },
    })
    const client = new RpcClient(createInProcessTransport(fake.router))
    const input = { displayName: 'Ada', bio: 'first' }
    const pending = client.try('identity.updateProfile', input)
    input.bio = 'changed'
    expect(await pending).toMatchObject({ ok: false, error: { code: 'IDENTITY_MISSING' } })
    expect(received).toEqual({ displayName: 'Ada', bio: 'first' })
  })

  it('results are plain data: no prototypes, no shared references', async () => {
    class Fancy {
      name = 'PLANET' as const
      version = '1'
      host = 'test' as const
      dataDir = '/d'
      get extra() {
        return 'x'
      }
    }
    const fake = createFakeRouter({ 'app.getInfo': () => new Fancy() })
    const result = await createInProcessTransport(fake.router).call('app.getInfo', {})
    expect(result.ok).toBe(true)
    if (result.ok) expect(Object.getPrototypeOf(result.value)).toBe(Object.prototype)
  })

  it('a function in the input is an error for that call, not a crash; the transport keeps working', async () => {
    const fake = createFakeRouter()
    const transport = createInProcessTransport(fake.router)
    // structuredClone refuses functions, as Electron IPC would: an INVALID_INPUT Result, and nothing reaches a handler.
    const outcome = await transport.call('vault.setAutoLock', { minutes: () => 5 })
    expect(outcome).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(fake.calls).toEqual([])
    expect(await transport.call('app.getInfo', {})).toMatchObject({ ok: true })
  })

  it('delivers copies of event payloads and stops after unsubscribe or close', async () => {
    const fake = createFakeRouter()
    const transport = createInProcessTransport(fake.router)
    const seen: Array<{ reason: string }> = []
    const unsubscribe = transport.subscribe('vault.onLocked', (payload) => {
      const copy = payload as { reason: string }
      seen.push(copy)
      copy.reason = 'tampered'
    })
    const other: unknown[] = []
    transport.subscribe('vault.onLocked', (payload) => other.push(payload))
    fake.events.emit('vault.onLocked', { reason: 'idle' })
    expect(other).toEqual([{ reason: 'idle' }])
    unsubscribe()
    fake.events.emit('vault.onLocked', { reason: 'manual' })
    expect(seen).toHaveLength(1)
    expect(other).toHaveLength(2)
    transport.close?.()
    expect(fake.events.listenerCount('vault.onLocked')).toBe(0)
  })

  it('refuses an unknown event with UNKNOWN_EVENT', () => {
    const fake = createFakeRouter()
    const transport = createInProcessTransport(fake.router)
    expect(() => transport.subscribe('vault.onExploded', () => undefined)).toThrowError(expect.objectContaining({ code: 'UNKNOWN_EVENT' }))
  })
})
