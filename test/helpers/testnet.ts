import { createRequire } from 'node:module'
import type { BootstrapNode, NetworkConfig } from '../../main/core/net/bootstrap'

/**
 * A private HyperDHT on this machine (`hyperdht/testnet`): `size` DHT nodes
 * bound to 127.0.0.1, whose addresses are the bootstrap list for every Core in
 * a test (or the demo). Nothing on it talks to any other address.
 *
 *   const testnet = await startTestnet()
 *   const ada = await createTestCore({ network: testnet.network })
 *   …
 *   await testnet.destroy() // after the cores
 */

/** The loopback flavour of NetworkConfig: a bootstrap list and the host every DHT node binds to. */
export type LoopbackNetwork = Extract<NetworkConfig, { bootstrap: BootstrapNode[] }> & { host: '127.0.0.1' }

export interface Testnet {
  /** The testnet's nodes, 127.0.0.1:PORT. */
  bootstrap: BootstrapNode[]
  /** Pass as the Core's `network` option: this bootstrap list, DHT bound to 127.0.0.1. */
  network: LoopbackNetwork
  /** Stop every node. Idempotent; close the Cores that use the testnet first. */
  destroy(): Promise<void>
}

/** The parts of hyperdht/testnet.js used here (the package ships no types). */
interface HyperDhtTestnet {
  bootstrap: BootstrapNode[]
  destroy(): Promise<void>
}
type CreateTestnet = (size?: number, options?: { host?: string; port?: number; bootstrap?: BootstrapNode[] }) => Promise<HyperDhtTestnet>

const require = createRequire(import.meta.url)

export async function startTestnet(size = 3): Promise<Testnet> {
  if (!Number.isInteger(size) || size < 1) throw new Error(`startTestnet: size must be a whole number ≥ 1, not ${size}`)
  const createTestnet = require('hyperdht/testnet.js') as CreateTestnet
  // host '127.0.0.1' makes the testnet bind its nodes to 127.0.0.1 (anything else binds 0.0.0.0).
  const testnet = await createTestnet(size, { host: '127.0.0.1' })
  const bootstrap = testnet.bootstrap.map(({ host, port }) => ({ host, port }))
  let destroying: Promise<void> | null = null
  return {
    bootstrap,
    network: { bootstrap, host: '127.0.0.1' },
    destroy() {
      destroying ??= testnet.destroy()
      return destroying
    },
  }
}
