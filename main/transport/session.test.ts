import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ServerMessage } from '../../shared/rpc'
import { ERROR_CODES, serverMessage } from '../../shared/rpc'
import { createFakeRouter } from '../../test/helpers/fake-router'
import { createSession } from './session'

function setup(options: Parameters<typeof createSession>[3] = {}) {
  const fake = createFakeRouter()
  const sent: ServerMessage[] = []
  const session = createSession(fake.router, { transport: 'ws' }, (message) => sent.push(message), options)
  return { ...fake, sent, session }
}

/** Let the router's promise chains settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

describe('session', () => {
  it('answers a call with a result carrying its id and passes the transport context', async () => {
    const { session, sent, calls } = setup()
    session.receive({ type: 'call', id: 7, method: 'app.getInfo', input: {} })
    await settle()
    expect(sent).toEqual([{ type: 'result', id: 7, ok: true, value: { name: 'PLANET', version: '0.0.0-test', host: 'test', dataDir: '/nowhere' } }])
    expect(calls[0]?.ctx).toEqual({ transport: 'ws' })
  })

  it('forwards router errors as error results', async () => {
    const { session, sent } = setup()
    session.receive({ type: 'call', id: 1, method: 'nope.nothing', input: {} })
    session.receive({ type: 'call', id: 2, method: 'vault.setAutoLock', input: { minutes: 'ten' } })
    await settle()
    expect(sent).toMatchObject([
      { type: 'result', id: 1, ok: false, error: { code: 'UNKNOWN_METHOD' } },
      { type: 'result', id: 2, ok: false, error: { code: 'INVALID_INPUT' } },
    ])
  })

  it('refuses a malformed message with BAD_ENVELOPE when it has a usable id, and stays silent otherwise', async () => {
    const { session, sent } = setup()
    session.receive({ type: 'call', id: 3 }) // no method
    session.receive({ type: 'launch', id: 4 })
    session.receive({ type: 'call', method: 'app.getInfo', input: {} }) // no id
    session.receive({ type: 'call', id: -1, method: 'app.getInfo', input: {} })
    session.receive({ type: 'call', id: 1.5, method: 'app.getInfo', input: {} })
    session.receive('{"type":"call"}')
    session.receive(null)
    session.receive([1, 2, 3])
    await settle()
    expect(sent).toEqual([
      { type: 'result', id: 3, ok: false, error: { code: 'BAD_ENVELOPE', message: expect.any(String) } },
      { type: 'result', id: 4, ok: false, error: { code: 'BAD_ENVELOPE', message: expect.any(String) } },
    ])
  })

  it('never throws and only ever sends valid server messages, whatever it receives', async () => {
    const { session, sent } = setup()
    const envelopeLike = fc.record(
      { type: fc.constantFrom('call', 'subscribe', 'unsubscribe', 'result', 'event', '__proto__'), id: fc.oneof(fc.nat(), fc.anything()), method: fc.oneof(fc.string(), fc.constantFrom('app.getInfo', 'vault.lock', 'toString')), event: fc.oneof(fc.string(), fc.constant('vault.onLocked')), input: fc.anything() },
      { requiredKeys: [] },
    )
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.anything(), fc.jsonValue(), envelopeLike), async (raw) => {
        expect(() => session.receive(raw)).not.toThrow()
        await settle()
      }),
      { numRuns: 300 },
    )
    for (const message of sent) {
      expect(serverMessage.safeParse(message).success).toBe(true)
      if (message.type === 'result' && !message.ok) expect(ERROR_CODES).toContain(message.error.code)
    }
    session.close()
  })

  it('delivers events to a subscription under its id and acknowledges it', async () => {
    const { session, sent, events } = setup()
    session.receive({ type: 'subscribe', id: 10, event: 'vault.onLocked' })
    events.emit('vault.onLocked', { reason: 'idle' })
    expect(sent).toEqual([
      { type: 'result', id: 10, ok: true, value: null },
      { type: 'event', id: 10, event: 'vault.onLocked', payload: { reason: 'idle' } },
    ])
  })

  it('refuses unknown events and reused subscription ids', () => {
    const { session, sent, events } = setup()
    session.receive({ type: 'subscribe', id: 1, event: 'vault.onExploded' })
    session.receive({ type: 'subscribe', id: 2, event: 'vault.onLocked' })
    session.receive({ type: 'subscribe', id: 2, event: 'vault.onUnlocked' })
    expect(sent).toMatchObject([
      { id: 1, ok: false, error: { code: 'UNKNOWN_EVENT' } },
      { id: 2, ok: true },
      { id: 2, ok: false, error: { code: 'BAD_ENVELOPE' } },
    ])
    expect(events.listenerCount('vault.onUnlocked')).toBe(0)
  })

  it('stops delivering after unsubscribe; unknown unsubscribes are ignored', () => {
    const { session, sent, events } = setup()
    session.receive({ type: 'subscribe', id: 5, event: 'vault.onLocked' })
    session.receive({ type: 'unsubscribe', id: 5 })
    session.receive({ type: 'unsubscribe', id: 5 })
    session.receive({ type: 'unsubscribe', id: 99 })
    events.emit('vault.onLocked', { reason: 'manual' })
    expect(sent).toEqual([{ type: 'result', id: 5, ok: true, value: null }])
    expect(events.listenerCount('vault.onLocked')).toBe(0)
    expect(session.subscriptionCount).toBe(0)
  })

  it('caps the number of live subscriptions', () => {
    const { session, sent } = setup({ maxSubscriptions: 2 })
    for (const id of [1, 2, 3]) session.receive({ type: 'subscribe', id, event: 'vault.onLocked' })
    expect(sent.map((m) => m.type === 'result' && m.ok)).toEqual([true, true, false])
    expect(session.subscriptionCount).toBe(2)
  })

  it('on close drops every subscription and sends nothing more, not even pending results', async () => {
    const { session, sent, events } = setup()
    session.receive({ type: 'subscribe', id: 1, event: 'vault.onLocked' })
    session.receive({ type: 'subscribe', id: 2, event: 'vault.onUnlocked' })
    session.receive({ type: 'call', id: 3, method: 'app.getInfo', input: {} })
    session.close()
    session.close()
    expect(session.closed).toBe(true)
    expect(events.listenerCount('vault.onLocked')).toBe(0)
    expect(events.listenerCount('vault.onUnlocked')).toBe(0)
    events.emit('vault.onLocked', { reason: 'manual' })
    session.receive({ type: 'call', id: 4, method: 'app.getInfo', input: {} })
    await settle()
    expect(sent.map((m) => m.id)).toEqual([1, 2])
  })

  it('survives a send that throws', async () => {
    const { router } = createFakeRouter()
    const errors: unknown[] = []
    const session = createSession(
      router,
      { transport: 'ws' },
      () => {
        throw new Error('socket gone')
      },
      { onSendError: (error) => errors.push(error) },
    )
    session.receive({ type: 'call', id: 1, method: 'app.getInfo', input: {} })
    session.receive({ type: 'subscribe', id: 2, event: 'vault.onLocked' })
    await settle()
    expect(errors).toHaveLength(2)
  })

  it('turns a handler that never settles into no reply rather than a crash, and answers other calls meanwhile', async () => {
    const { router } = createFakeRouter({ 'vault.getStatus': () => new Promise(() => undefined) })
    const sent: ServerMessage[] = []
    const session = createSession(router, { transport: 'ws' }, (message) => sent.push(message))
    session.receive({ type: 'call', id: 1, method: 'vault.getStatus', input: {} })
    session.receive({ type: 'call', id: 2, method: 'app.getInfo', input: {} })
    await settle()
    expect(sent.map((m) => m.id)).toEqual([2])
    session.close()
  })
})
