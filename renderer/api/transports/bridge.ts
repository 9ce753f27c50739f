import type { PlanetBridge } from '../../../shared/rpc/bridge'
import type { ClientTransport } from '../../../shared/rpc/client'
import { RpcError } from '../../../shared/rpc/errors'

/**
 * Desktop: the preload's `window.planet` already speaks call/subscribe, so the
 * adapter only makes sure a failing IPC call settles as a Result like every
 * other transport's, instead of rejecting.
 */
export function createBridgeTransport(bridge: PlanetBridge): ClientTransport {
  return {
    async call(method, input) {
      try {
        return await bridge.call(method, input)
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        return { ok: false, error: new RpcError('TRANSPORT_CLOSED', `Connection to PLANET failed: ${reason}`).toWire() }
      }
    },
    subscribe(event, listener) {
      return bridge.subscribe(event, listener)
    },
  }
}
