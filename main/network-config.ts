import type { BootstrapNode, NetworkConfig } from './core/net/bootstrap'
import { BootstrapListError, parseBootstrapList } from './core/net/bootstrap'

/**
 * How a host turns what the person typed into the Core's `network` option.
 * Both hosts read it the same way: `planet serve --bootstrap/--offline` and
 * the desktop app's PLANET_BOOTSTRAP. No setting means Holepunch's public DHT.
 */

/** The desktop app's bootstrap list, `host:port,host:port` (as `planet serve --bootstrap`). */
export const BOOTSTRAP_ENV = 'PLANET_BOOTSTRAP'

/**
 * A bootstrap host on this machine: 127.0.0.0/8, `localhost` or `::1` (what a
 * local `hyperdht/testnet` prints). Literal addresses only, no DNS.
 */
export function isLoopbackBootstrapHost(host: string): boolean {
  const lower = host.toLowerCase()
  if (lower === 'localhost' || lower === '::1') return true
  const octets = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host)
  return octets !== null && octets.slice(1).every((octet) => Number(octet) <= 255)
}

/**
 * A bootstrap list as a NetworkConfig. When every node is on this machine (a
 * local testnet) the DHT binds to 127.0.0.1 too, so nothing leaves the
 * machine; otherwise it binds as HyperDHT does by default (all interfaces),
 * since the nodes are elsewhere.
 */
export function networkForBootstrap(nodes: BootstrapNode[]): NetworkConfig {
  const local = nodes.length > 0 && nodes.every((node) => isLoopbackBootstrapHost(node.host))
  return { bootstrap: nodes, host: local ? '127.0.0.1' : undefined }
}

/** Thrown for flags that contradict each other; the message is fit for a CLI user. */
export class NetworkFlagsError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'NetworkFlagsError'
  }
}

/**
 * `planet serve`'s flags: neither = 'public'; `--bootstrap LIST` = that list;
 * `--offline` = 'off'. Throws BootstrapListError for a bad list and
 * NetworkFlagsError for both flags at once.
 */
export function networkFromFlags(flags: { bootstrap?: string; offline?: boolean }): NetworkConfig {
  if (flags.offline && flags.bootstrap !== undefined) throw new NetworkFlagsError('use either --bootstrap or --offline, not both')
  if (flags.offline) return 'off'
  if (flags.bootstrap === undefined) return 'public'
  return networkForBootstrap(parseBootstrapList(flags.bootstrap))
}

/**
 * The desktop app's setting: PLANET_BOOTSTRAP unset or blank = 'public';
 * otherwise the list. Throws BootstrapListError naming the variable.
 */
export function networkFromEnv(env: Readonly<Record<string, string | undefined>>): NetworkConfig {
  const raw = env[BOOTSTRAP_ENV]
  if (raw === undefined || raw.trim() === '') return 'public'
  try {
    return networkForBootstrap(parseBootstrapList(raw))
  } catch (error) {
    if (error instanceof BootstrapListError) throw new BootstrapListError(`${BOOTSTRAP_ENV}: ${error.message.replace(/^--bootstrap /, '')}`)
    throw error
  }
}

/** One line for logs and the CLI: which DHT this run uses. */
export function describeNetwork(network: NetworkConfig): string {
  if (network === 'public') return 'the public DHT'
  if (network === 'off') return 'offline (no peer-to-peer network)'
  const list = network.bootstrap.map((node) => (node.host.includes(':') ? `[${node.host}]:${node.port}` : `${node.host}:${node.port}`)).join(',')
  return `the DHT at ${list}${network.host ? ` (bound to ${network.host})` : ''}`
}
