/**
 * Where the swarm finds the DHT. The bootstrap list is configuration, never a
 * constant buried in code:
 *   - 'public': Holepunch's public DHT (HyperDHT's built-in list), real use;
 *   - a list of host:port: a community DHT, or a loopback `hyperdht/testnet`
 *     in tests and the demo;
 *   - 'off': no swarm at all (local-only features keep working).
 */
export interface BootstrapNode {
  host: string
  port: number
}

export type NetworkConfig = 'public' | 'off' | { bootstrap: BootstrapNode[]; host?: string }

export class BootstrapListError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BootstrapListError'
  }
}

/** Parse `--bootstrap host:port,host:port`. Throws BootstrapListError with a message fit for a CLI user. */
export function parseBootstrapList(text: string): BootstrapNode[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
  if (entries.length === 0) throw new BootstrapListError('--bootstrap needs at least one host:port')
  return entries.map((entry) => {
    const match = /^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]+):(\d{1,5})$/.exec(entry)
    if (!match) throw new BootstrapListError(`"${entry}" is not host:port (e.g. 127.0.0.1:49737)`)
    const port = Number(match[2])
    if (port < 1 || port > 65535) throw new BootstrapListError(`"${entry}": the port must be 1–65535`)
    return { host: match[1]!.replace(/^\[|\]$/g, ''), port }
  })
}

/** The inverse of parseBootstrapList: IPv6 hosts go in brackets so the port stays readable. */
export function formatBootstrapList(nodes: readonly BootstrapNode[]): string {
  return nodes.map((node) => `${node.host.includes(':') ? `[${node.host}]` : node.host}:${node.port}`).join(',')
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1'])

/**
 * Tests (PLANET_TEST=1, set by the test setup and by .ci/run) may only talk to
 * 127.0.0.1: the public DHT and any other address are refused here, at the one
 * place every swarm is configured, so no test can reach the internet by
 * forgetting an option.
 */
export function assertNetworkAllowed(config: NetworkConfig, env: Readonly<Record<string, string | undefined>> = process.env): void {
  if (env.PLANET_TEST !== '1' || config === 'off') return
  if (config === 'public') {
    throw new Error('PLANET_TEST=1: the public DHT is forbidden in tests; pass a loopback testnet bootstrap (test/helpers/testnet.ts)')
  }
  for (const node of config.bootstrap) {
    if (!LOOPBACK.has(node.host)) throw new Error(`PLANET_TEST=1: bootstrap ${node.host}:${node.port} is not loopback`)
  }
  if (config.host !== undefined && !LOOPBACK.has(config.host)) throw new Error(`PLANET_TEST=1: DHT host ${config.host} is not loopback`)
}
