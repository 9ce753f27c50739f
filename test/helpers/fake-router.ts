import { methods } from '../../shared/contract'
import type { MethodName } from '../../shared/contract'
import type { Handlers } from '../../shared/rpc'
import { Router, RpcError } from '../../shared/rpc'
import { EventBus } from '../../main/core/event-bus'
import type { CallContext, CoreHandlers } from '../../main/core/handler-types'

export interface FakeRouter {
  router: Router<CallContext>
  events: EventBus
  /** Every call that reached a handler, in order. */
  calls: Array<{ method: MethodName; input: unknown; ctx: CallContext }>
}

/**
 * A Router over the real contract with fake handlers, for testing transports
 * without a Core (no vault, no disk). Every method answers an UNAUTHORIZED
 * "not faked" error unless overridden; a few cheap ones have working fakes:
 * app.getInfo, vault.getStatus, and vault.lock (which emits vault.onLocked).
 * The event bus is the core's real one, so payloads are validated as in production.
 */
export function createFakeRouter(overrides: Partial<Handlers<CallContext>> = {}): FakeRouter {
  const events = new EventBus()
  const calls: FakeRouter['calls'] = []
  const notFaked = Object.fromEntries(
    Object.keys(methods).map((method) => [
      method,
      () => {
        throw new RpcError('UNAUTHORIZED', `${method} is not faked in this test`)
      },
    ]),
  ) as unknown as CoreHandlers
  const defaults: Partial<CoreHandlers> = {
    'app.getInfo': () => ({ name: 'PLANET', version: '0.0.0-test', host: 'test', dataDir: '/nowhere' }),
    'vault.getStatus': () => ({ state: 'none', autoLockMinutes: null }),
    'vault.lock': () => {
      events.emit('vault.onLocked', { reason: 'manual' })
      return { state: 'locked', autoLockMinutes: null }
    },
  }
  const merged = { ...notFaked, ...defaults, ...overrides } as CoreHandlers
  const handlers = Object.fromEntries(
    Object.entries(merged).map(([method, handler]) => [
      method,
      (input: unknown, ctx: CallContext) => {
        calls.push({ method: method as MethodName, input, ctx })
        return (handler as (input: unknown, ctx: CallContext) => unknown)(input, ctx)
      },
    ]),
  ) as unknown as CoreHandlers
  return { router: new Router<CallContext>({ handlers, events }), events, calls }
}
