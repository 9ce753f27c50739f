import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { events, isMethodName, methods } from '../contract'
import type { EventName, EventPayload, MethodDef, MethodName } from '../contract'
import { ERROR_CODES, RpcError } from './errors'
import type { ErrorCode } from './errors'
import type { Result } from './envelope'
import type { EventSource, Handlers, RouterOptions } from './router'
import { Router } from './router'

/**
 * Property tests of the router over every method of the contract, with fake
 * handlers whose behaviour each run picks (return good or bad values, throw,
 * reject). The same properties run against a real Core in
 * main/core/core-router.test.ts (shared/ may not import main/ or test/).
 */

interface Ctx {
  caller: string
}
const ctx: Ctx = { caller: 'test' }
const SECRET = '/home/secret/path.db SELECT * FROM keys'
const methodNames = Object.keys(methods) as MethodName[]

type Behaviour =
  | { kind: 'return'; value: unknown }
  | { kind: 'resolve'; value: unknown }
  | { kind: 'throw'; error: unknown }
  | { kind: 'reject'; error: unknown }

function behaviourArbitrary(): fc.Arbitrary<Behaviour> {
  const thrown = fc.oneof(
    fc.constant(new Error(SECRET)),
    fc.constant(new TypeError(SECRET)),
    fc.constantFrom(...ERROR_CODES).map((code) => new RpcError(code, `refused: ${code}`)),
    fc.anything(),
  )
  return fc.oneof(
    fc.anything().map((value) => ({ kind: 'return' as const, value })),
    fc.jsonValue().map((value) => ({ kind: 'resolve' as const, value })),
    thrown.map((error) => ({ kind: 'throw' as const, error })),
    thrown.map((error) => ({ kind: 'reject' as const, error })),
  )
}

/** Inputs shaped like the method's input object (right keys, random values), plus anything at all. */
function inputArbitrary(def: MethodDef): fc.Arbitrary<unknown> {
  const value = fc.oneof(fc.anything(), fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 30 }))
  const arbitraries: Array<fc.Arbitrary<unknown>> = [fc.anything(), fc.jsonValue(), fc.constant({}), fc.constant(undefined)]
  if (def.input instanceof z.ZodObject) {
    const keys = Object.keys(def.input.shape)
    if (keys.length > 0) {
      arbitraries.push(fc.record(Object.fromEntries(keys.map((key) => [key, value])), { requiredKeys: [] }))
      arbitraries.push(fc.record(Object.fromEntries(keys.map((key) => [key, fc.string({ maxLength: 40 })]))))
    }
  }
  return fc.oneof(...arbitraries)
}

function fakeEvents(): EventSource & { count: number } {
  const source = {
    count: 0,
    on<E extends EventName>(_event: E, _listener: (payload: EventPayload<E>) => void) {
      source.count++
      return () => {
        source.count--
      }
    },
  }
  return source
}

/** A router whose every handler does what `state.behaviour` says, recording that it ran. */
function fakeRouter(options: Partial<RouterOptions<Ctx>> = {}) {
  const state: { behaviour: Behaviour; called: MethodName[]; internal: unknown[] } = { behaviour: { kind: 'return', value: {} }, called: [], internal: [] }
  const handlers = Object.fromEntries(
    methodNames.map((method) => [
      method,
      async (_input: unknown, handlerCtx: Ctx) => {
        expect(handlerCtx).toBe(ctx)
        state.called.push(method)
        const behaviour = state.behaviour
        if (behaviour.kind === 'throw') throw behaviour.error
        if (behaviour.kind === 'reject') return Promise.reject(behaviour.error)
        if (behaviour.kind === 'resolve') return Promise.resolve(behaviour.value)
        return behaviour.value
      },
    ]),
  ) as unknown as Handlers<Ctx>
  const eventSource = fakeEvents()
  const router = new Router<Ctx>({ handlers, events: eventSource, onInternalError: (error) => state.internal.push(error), ...options })
  return { router, state, eventSource }
}

function expectWellFormed(result: Result): void {
  expect(typeof result.ok).toBe('boolean')
  if (!result.ok) {
    expect(ERROR_CODES).toContain(result.error.code)
    expect(typeof result.error.message).toBe('string')
    expect(result.error.message).not.toContain(SECRET)
    // Errors are plain JSON: they survive any transport unchanged.
    expect(JSON.parse(JSON.stringify(result))).toEqual(result)
  }
}

const NUM_RUNS = 40

describe('Router over every contract method (fake handlers)', () => {
  it.each(methodNames)('%s: any input and any handler behaviour settle to a well-formed Result', async (method) => {
    const def: MethodDef = methods[method]
    const { router, state } = fakeRouter()
    await fc.assert(
      fc.asyncProperty(inputArbitrary(def), behaviourArbitrary(), async (input, behaviour) => {
        state.behaviour = behaviour
        state.called = []
        const result = await router.call(method, input, ctx)
        expectWellFormed(result)
        const inputValid = def.input.safeParse(input).success
        expect(state.called).toEqual(inputValid ? [method] : [])
        if (!inputValid) {
          expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
          return
        }
        const failed = behaviour.kind === 'throw' || behaviour.kind === 'reject'
        if (failed) {
          const expected: ErrorCode = behaviour.error instanceof RpcError ? behaviour.error.code : 'INTERNAL'
          expect(result).toMatchObject({ ok: false, error: { code: expected } })
        } else if (def.output.safeParse(behaviour.value).success) {
          expect(result).toEqual({ ok: true, value: def.output.parse(behaviour.value) })
        } else {
          expect(result).toMatchObject({ ok: false, error: { code: 'INVALID_OUTPUT' } })
        }
      }),
      { numRuns: NUM_RUNS },
    )
  })

  it('answers UNKNOWN_METHOD for any name outside the contract, string or not, without running a handler', async () => {
    const { router, state } = fakeRouter()
    const tricky = fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'app', 'app.', '.getInfo', 'APP.GETINFO', 'app.getInfo ', ' app.getInfo', 'app.getinfo', 'app.getInfo\u0000', 'x'.repeat(10_000))
    const names = fc.oneof(tricky, fc.string().filter((name) => !isMethodName(name)), fc.anything().filter((name) => typeof name !== 'string'))
    await fc.assert(
      fc.asyncProperty(names, fc.anything(), async (name, input) => {
        const result = await router.call(name, input, ctx)
        expectWellFormed(result)
        expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
        if (!result.ok) expect(result.error.message.length).toBeLessThan(200)
      }),
      { numRuns: 300 },
    )
    expect(state.called).toEqual([])
  })

  it('reports a plain Error as INTERNAL without leaking its message, and tells onInternalError', async () => {
    const { router, state } = fakeRouter()
    const boom = new Error(SECRET)
    state.behaviour = { kind: 'throw', error: boom }
    const result = await router.call('app.getInfo', {}, ctx)
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'app.getInfo failed unexpectedly' } })
    expect(state.internal).toEqual([boom])
  })

  it('passes an RpcError through with its code, message and details', async () => {
    const { router, state } = fakeRouter()
    state.behaviour = { kind: 'reject', error: new RpcError('PHRASE_UNKNOWN_WORD', 'word 3 is not in the list', { position: 3, word: 'zzz' }) }
    const result = await router.call('identity.checkPhrase', { phrase: 'a b c' }, ctx)
    expect(result).toEqual({ ok: false, error: { code: 'PHRASE_UNKNOWN_WORD', message: 'word 3 is not in the list', details: { position: 3, word: 'zzz' } } })
    expect(state.internal).toEqual([])
  })

  it('answers INVALID_OUTPUT when a handler returns a value outside its output schema', async () => {
    const { router, state } = fakeRouter()
    state.behaviour = { kind: 'return', value: { name: 'NOT PLANET', version: 1 } }
    expect(await router.call('app.getInfo', {}, ctx)).toEqual({ ok: false, error: { code: 'INVALID_OUTPUT', message: 'app.getInfo produced an invalid result' } })
    expect(state.internal).toHaveLength(1)
    state.behaviour = { kind: 'return', value: { state: 'open', autoLockMinutes: null } }
    expect(await router.call('vault.getStatus', {}, ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_OUTPUT' } })
  })

  it('strips what the output schema does not declare', async () => {
    const { router, state } = fakeRouter()
    state.behaviour = { kind: 'return', value: { state: 'none', autoLockMinutes: null, key: 'deadbeef' } }
    expect(await router.call('vault.getStatus', {}, ctx)).toEqual({ ok: true, value: { state: 'none', autoLockMinutes: null } })
  })

  it('lets beforeCall refuse a call after input validation and before the handler', async () => {
    const seen: MethodName[] = []
    const { router, state } = fakeRouter({
      beforeCall: (method, def) => {
        seen.push(method)
        if (!def.public) throw new RpcError('VAULT_LOCKED', 'Unlock PLANET first')
      },
    })
    state.behaviour = { kind: 'return', value: { state: 'locked', autoLockMinutes: 5 } }
    expect(await router.call('vault.setAutoLock', { minutes: 5 }, ctx)).toEqual({ ok: false, error: { code: 'VAULT_LOCKED', message: 'Unlock PLANET first' } })
    expect(await router.call('vault.setAutoLock', { minutes: 'x' }, ctx)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } })
    expect(seen).toEqual(['vault.setAutoLock'])
    expect(state.called).toEqual([])
    expect(await router.call('vault.getStatus', {}, ctx)).toMatchObject({ ok: true })
    expect(state.called).toEqual(['vault.getStatus'])
  })

  it('never runs a non-public handler while beforeCall refuses them, whatever the input', async () => {
    const { router, state } = fakeRouter({
      beforeCall: (_method, def) => {
        if (!def.public) throw new RpcError('VAULT_LOCKED', 'locked')
      },
    })
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methodNames), fc.anything(), fc.jsonValue(), async (method, input, value) => {
        state.behaviour = { kind: 'return', value }
        state.called = []
        const result = await router.call(method, input, ctx)
        expectWellFormed(result)
        if (!methods[method].public) expect(state.called).toEqual([])
      }),
      { numRuns: 200 },
    )
  })

  it('turns a beforeCall that throws a plain Error into INTERNAL', async () => {
    const { router, state } = fakeRouter({
      beforeCall: () => {
        throw new Error(SECRET)
      },
    })
    const result = await router.call('app.getInfo', {}, ctx)
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expectWellFormed(result)
    expect(state.internal).toHaveLength(1)
  })
})

describe('Router.subscribe', () => {
  it('refuses anything but a contract event name with UNKNOWN_EVENT', () => {
    const { router, eventSource } = fakeRouter()
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.anything(), fc.constantFrom('__proto__', 'toString', 'vault.onlocked', 'vault.lock')), (name) => {
        fc.pre(!(typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name)))
        const result = router.subscribe(name, () => undefined)
        expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_EVENT' } })
      }),
      { numRuns: 300 },
    )
    expect(eventSource.count).toBe(0)
  })

  it('subscribes to every contract event and returns a working unsubscribe', () => {
    const { router, eventSource } = fakeRouter()
    const stops: Array<() => void> = []
    for (const name of Object.keys(events)) {
      const result = router.subscribe(name, () => undefined)
      expect(result.ok).toBe(true)
      if (result.ok) stops.push(result.value)
    }
    expect(eventSource.count).toBe(Object.keys(events).length)
    for (const stop of stops) stop()
    expect(eventSource.count).toBe(0)
  })
})
