import type { ClientTransport, Router } from '../../shared/rpc'
import { RpcError } from '../../shared/rpc'
import type { CallContext } from '../core/handler-types'

/**
 * The test host's transport: calls the router directly, but copies every value
 * with structuredClone on the way in and out, so tests see exactly the plain
 * data a real transport would carry (no shared references, no prototypes).
 */
export function createInProcessTransport(router: Router<CallContext>): ClientTransport {
  const context: CallContext = { transport: 'in-process' }
  const unsubscribers = new Set<() => void>()
  return {
    async call(method, input) {
      let copy: unknown
      try {
        copy = structuredClone(input)
      } catch {
        // A real transport could not carry it either (functions, class instances with private state…).
        return { ok: false, error: new RpcError('INVALID_INPUT', `${method}: the input is not plain data`).toWire() }
      }
      return structuredClone(await router.call(method, copy, context))
    },
    subscribe(event, listener) {
      const result = router.subscribe(event, (payload) => listener(structuredClone(payload)))
      if (!result.ok) throw RpcError.fromWire(result.error)
      const unsubscribe = result.value
      unsubscribers.add(unsubscribe)
      return () => {
        unsubscribers.delete(unsubscribe)
        unsubscribe()
      }
    },
    close() {
      for (const unsubscribe of unsubscribers) unsubscribe()
      unsubscribers.clear()
    },
  }
}
