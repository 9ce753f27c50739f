import { EventEmitter } from 'node:events'
import { mkdirSync } from 'node:fs'
import type { Server } from 'node:http'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type Hypercore from 'hypercore'
import hypercoreCrypto from 'hypercore-crypto'
import HyperDHT from 'hyperdht'
import type { SwarmConnection } from 'hyperswarm'
import ProtomuxRPC from 'protomux-rpc'
import { encodeRelayCode } from '../../shared/domain/relay-code'
import type { RelayRefusal, RelayResponse } from '../../shared/domain/relay-protocol'
import { RELAY_MESSAGE_LIMIT, RELAY_PROTOCOL, relayRequest } from '../../shared/domain/relay-protocol'
import type { NetworkConfig } from '../core/net/bootstrap'
import { assertNetworkAllowed } from '../core/net/bootstrap'
import { Resource } from '../core/resource'
import type { MetricsAddress, RelayIdentity } from './relay-config'
import { loadOrCreateIdentity } from './relay-config'
import type { RelaySnapshot } from './relay-metrics'
import { serveMetrics } from './relay-metrics'
import type { CoreRefusal } from './relay-peer'
import { RelayPeer } from './relay-peer'
import { RelayRegistry } from './relay-registry'

/** What the relay logs through: pino's shape (`logger.info({…}, 'message')`). */
export interface RelayLog {
  info(data: object, message: string): void
  warn(data: object, message: string): void
  error(data: object, message: string): void
}

export interface RelayServerOptions {
  dataDir: string
  /** Which DHT: the public one, or a bootstrap list (a community DHT or a loopback testnet). */
  network: Exclude<NetworkConfig, 'off'>
  /** The storage quota in bytes (the bytes of the cores held). */
  maxBytes: number
  /** UDP port of the relay's DHT node (0 or unset: any). Open it in the firewall for direct connections. */
  port?: number
  metrics?: MetricsAddress
  log: RelayLog
  now?: () => number
}

const require = createRequire(import.meta.url)
/** Hypercore's constructor for a weak session on a core the store opened (the package has no types for it). */
const HypercoreSession = require('hypercore') as new (options: { core: unknown; weak: boolean }) => Hypercore

/**
 * A Hyperswarm-shaped server on a plain HyperDHT node, for blind-peer. The
 * relay needs no topics (it never announces cores), and Hyperswarm would
 * keep only one connection per remote device: a member's app opens one for
 * blind-peering and another for registration, and the second would close
 * the first.
 */
class DhtListener extends EventEmitter {
  readonly keyPair: { publicKey: Buffer; secretKey: Buffer }
  readonly dht: HyperDHT
  readonly connections = new Set<SwarmConnection>()
  readonly #server: ReturnType<HyperDHT['createServer']>

  constructor(dht: HyperDHT, keyPair: { publicKey: Buffer; secretKey: Buffer }) {
    super()
    this.dht = dht
    this.keyPair = keyPair
    this.#server = dht.createServer({}, (connection) => {
      connection.on('error', () => undefined)
      this.connections.add(connection)
      connection.once('close', () => this.connections.delete(connection))
      this.emit('connection', connection, { publicKey: connection.remotePublicKey })
    })
  }

  join(): never {
    throw new Error('the PLANET relay does not announce cores on topics')
  }

  async listen(): Promise<void> {
    await this.#server.listen(this.keyPair)
  }

  async destroy(): Promise<void> {
    for (const connection of this.connections) connection.destroy()
    await this.#server.close()
  }
}

/**
 * `planet relay`: Holepunch's blind-peer for a community, with PLANET's
 * admission (only registered members' devices), a quota that refuses new
 * cores when full, a control channel for group registration and sync status,
 * JSON logs and Prometheus metrics on loopback. Holds ciphertext only: it is
 * given core keys, never encryption or epoch keys.
 */
export class RelayServer extends Resource {
  readonly #options: RelayServerOptions
  identity!: RelayIdentity
  publicKey!: Buffer
  /** The relay code to paste in the app (bare, groups of five). */
  code = ''
  registry!: RelayRegistry
  peer!: RelayPeer
  #dht: HyperDHT | null = null
  #listener: DhtListener | null = null
  #metricsServer: Server | null = null
  metricsPort: number | null = null
  readonly #refusals: Record<string, number> = {}
  readonly #stats = { blocksServed: 0, bytesServed: 0, blocksReceived: 0, bytesReceived: 0 }
  readonly #lastRefusalLog = new Map<string, number>()

  constructor(options: RelayServerOptions) {
    super()
    assertNetworkAllowed(options.network)
    this.#options = options
  }

  get #now(): number {
    return (this.#options.now ?? Date.now)()
  }

  protected async _open(): Promise<void> {
    const { dataDir, log } = this.#options
    mkdirSync(dataDir, { recursive: true, mode: 0o700 })
    const { identity, created } = loadOrCreateIdentity(dataDir, this.#now)
    this.identity = identity
    const keyPair = HyperDHT.keyPair(Buffer.from(identity.seed, 'hex'))
    this.publicKey = keyPair.publicKey
    this.code = encodeRelayCode({ publicKey: keyPair.publicKey, secret: Buffer.from(identity.secret, 'hex') })
    this.registry = new RelayRegistry(dataDir, identity.secret)
    this.registry.load()
    this.#dht = createDht(this.#options.network, keyPair, this.#options.port)
    this.#listener = new DhtListener(this.#dht, keyPair)
    this.#listener.on('connection', (connection: SwarmConnection) => this.#onConnection(connection))
    this.peer = new RelayPeer(join(dataDir, 'store'), {
      swarm: this.#listener,
      maxBytes: this.#options.maxBytes,
      policy: {
        admit: (device, referrer) => {
          if (referrer !== null && this.registry.get(referrer)) return this.registry.isMember(device, referrer) ? null : 'not-member'
          return this.registry.isKnownDevice(device) ? null : 'stranger'
        },
        refused: (reason, device, cores) => this.#refused(reason, device, { cores }),
      },
    })
    await this.peer.ready()
    this.peer.store.watch((core: unknown) => this.#count(core))
    await this.peer.listen()
    if (this.#options.metrics) {
      const { server, port } = await serveMetrics(this.#options.metrics, () => this.snapshot())
      this.#metricsServer = server
      this.metricsPort = port
    }
    log.info(
      { relayKey: this.publicKey.toString('hex'), created, groups: this.registry.groupCount, cores: this.peer.digest.cores, bytes: this.peer.digest.bytesAllocated, quota: this.#options.maxBytes, metricsPort: this.metricsPort },
      'relay ready',
    )
  }

  protected async _close(): Promise<void> {
    if (this.#metricsServer) await new Promise<void>((resolve) => this.#metricsServer!.close(() => resolve()))
    await this.peer.close().catch((error: unknown) => this.#options.log.error({ err: String(error) }, 'closing the blind peer failed'))
    await this.#listener?.destroy().catch(() => undefined)
    await this.#dht?.destroy().catch(() => undefined)
    this.#options.log.info({}, 'relay stopped')
  }

  snapshot(): RelaySnapshot {
    const digest = this.peer.digest
    return {
      coresHeld: digest.cores,
      bytesStored: digest.bytesAllocated,
      quotaBytes: this.#options.maxBytes,
      groupsRegistered: this.registry.groupCount,
      peersConnected: this.#listener?.connections.size ?? 0,
      ...this.#stats,
      refusals: { ...this.#refusals },
      residentBytes: process.memoryUsage.rss(),
    }
  }

  get refusals(): Readonly<Record<string, number>> {
    return this.#refusals
  }

  /** Count blocks up and down on every core the store opens (a weak session: it never keeps a core open). */
  #count(core: unknown): void {
    const session = new HypercoreSession({ core, weak: true })
    session.on('upload', (_index: number, byteLength: number) => {
      this.#stats.blocksServed++
      this.#stats.bytesServed += byteLength
    })
    session.on('download', (_index: number, byteLength: number) => {
      this.#stats.blocksReceived++
      this.#stats.bytesReceived += byteLength
    })
    session.on('error', () => undefined)
  }

  #refused(reason: CoreRefusal | RelayRefusal, device: string, data: object): void {
    this.#refusals[reason] = (this.#refusals[reason] ?? 0) + 1
    // One log line per device and reason a minute: a misbehaving peer cannot flood the log.
    const key = `${reason}:${device}`
    const last = this.#lastRefusalLog.get(key) ?? 0
    if (this.#now - last < 60_000) return
    this.#lastRefusalLog.set(key, this.#now)
    if (this.#lastRefusalLog.size > 10_000) this.#lastRefusalLog.clear()
    this.#options.log.warn({ reason, device, ...data }, 'refused')
  }

  #onConnection(connection: SwarmConnection): void {
    const device = connection.remotePublicKey.toString('hex')
    const rpc = new ProtomuxRPC(connection, { protocol: RELAY_PROTOCOL, id: this.publicKey })
    rpc.on('error', () => undefined)
    rpc.respond('request', async (raw) => Buffer.from(JSON.stringify(await this.#answer(device, raw))))
  }

  async #answer(device: string, raw: Buffer | null): Promise<RelayResponse> {
    const refuse = (code: RelayRefusal, message: string, data: object = {}): RelayResponse => {
      this.#refused(code, device, data)
      return { ok: false, code, message }
    }
    if (!raw || raw.length > RELAY_MESSAGE_LIMIT) return refuse('invalid', 'the request is empty or too large')
    let parsed: unknown
    try {
      parsed = JSON.parse(raw.toString('utf8'))
    } catch {
      return refuse('invalid', 'the request is not JSON')
    }
    const request = relayRequest.safeParse(parsed)
    if (!request.success) return refuse('invalid', `the request does not match ${RELAY_PROTOCOL}: ${request.error.issues[0]?.message ?? 'invalid'}`)
    const storage = { bytes: this.peer.digest.bytesAllocated, quota: this.#options.maxBytes }
    if (request.data.t === 'register') {
      const result = this.registry.register(device, request.data, this.#now)
      if (!result.ok) return refuse(result.code, result.message, { group: request.data.group })
      this.#options.log.info({ group: request.data.group, device, members: result.members }, 'group registered')
      return { ok: true, members: result.members, ...storage }
    }
    const { group, cores } = request.data
    if (!this.registry.isMember(device, group)) return refuse('not-member', 'this device is not registered for that group', { group })
    const infos = await this.peer.store.storage.getInfos(cores.map((key) => hypercoreCrypto.discoveryKey(Buffer.from(key, 'hex'))))
    return {
      ok: true,
      cores: cores.map((key, index) => {
        const info = infos[index] as { head: { length: number } | null; hints?: { contiguousLength?: number } | null } | null
        return { key, length: info?.head?.length ?? 0, contiguous: info?.hints?.contiguousLength ?? 0 }
      }),
      ...storage,
    }
  }
}

function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

/** The relay's DHT node: as main/core/net/network.ts makes one, but with a fixed key pair and an optional port. */
function createDht(config: Exclude<NetworkConfig, 'off'>, keyPair: { publicKey: Buffer; secretKey: Buffer }, port: number | undefined): HyperDHT {
  const portOption = port ? { port } : {}
  if (config === 'public') return new HyperDHT({ keyPair, ...portOption })
  const loopback = config.host !== undefined && isLoopbackHost(config.host)
  return new HyperDHT({
    bootstrap: config.bootstrap,
    ...(config.host ? { host: config.host } : {}),
    keyPair,
    ...portOption,
    // On a loopback testnet there is no NAT: say so (see network.ts for why it matters).
    ...(loopback ? { ephemeral: true, firewalled: false } : {}),
  })
}
