import Corestore from 'corestore'
import HyperDHT from 'hyperdht'
import Hyperswarm from 'hyperswarm'
import type { PeerInfo, SwarmConnection } from 'hyperswarm'
import { Resource } from '../resource'
import type { NetworkConfig } from './bootstrap'
import { assertNetworkAllowed } from './bootstrap'

export interface DeviceKeyPair {
  publicKey: Buffer
  /** 64-byte sodium secret key. */
  secretKey: Buffer
}

export interface NetworkOptions {
  config: NetworkConfig
  /** The corestore directory (inside the data dir). */
  storeDir: string
  /** Derived from the identity seed and this device (see device/device-keys.ts). */
  primaryKey: Buffer
  /** This device's swarm identity: what contacts' firewalls accept. */
  deviceKeyPair: DeviceKeyPair
  /** The firewall: may this device (public key hex) connect? Only known contacts' devices may. */
  isAllowedDevice: (deviceKey: string) => boolean
  /** A contact's device came online (first connection) or went offline (last one closed). */
  onPresence?: (deviceKey: string, online: boolean) => void
  onStatusChanged?: () => void
  log?: (message: string, data?: unknown) => void
}

/**
 * The network layer: one Corestore (every core of this identity on this
 * device) and one Hyperswarm whose firewall admits only known devices. Every
 * connection replicates the whole corestore: a peer only ever receives cores
 * whose keys it already knows, and space cores are encrypted besides.
 *
 * Pairing with strangers (invites) happens on a separate, short-lived swarm
 * with a throwaway key (`createPairingSwarm`), so the main swarm's firewall
 * never has to open up.
 */
/**
 * Corestore holds an exclusive lock on its directory until its close has
 * finished. A new session right after a lock (unlock, lock, unlock…) must
 * wait for the previous one's store to let go.
 */
const storeReleases = new Map<string, Promise<void>>()

/** Open a corestore once the previous one on the same directory has let go of it. */
export async function openCorestore(dir: string, primaryKey: Buffer): Promise<Corestore> {
  await storeReleases.get(dir)
  const store = new Corestore(dir, { primaryKey, unsafe: true })
  try {
    await store.ready()
  } catch (error) {
    await store.close().catch(() => undefined)
    throw error
  }
  return store
}

/** Close a corestore from openCorestore; the next open of its directory waits for this. */
export async function closeCorestore(dir: string, store: Corestore): Promise<void> {
  const release = store.close()
  storeReleases.set(dir, release.catch(() => undefined))
  await release
}

/** 127.0.0.0/8, ::1, localhost: a DHT bound there can only reach this machine. */
function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}

/** How long opening the network waits for the DHT before going on without it. */
const BOOTSTRAP_WAIT_MS = 10_000

export class Network extends Resource {
  store!: Corestore
  swarm: Hyperswarm | null = null
  dhtReachable = false
  readonly #options: NetworkOptions
  readonly #connectionsByDevice = new Map<string, Set<SwarmConnection>>()
  readonly #pairingSwarms = new Set<Hyperswarm>()
  readonly #redialing = new Set<string>()

  constructor(options: NetworkOptions) {
    super()
    assertNetworkAllowed(options.config)
    this.#options = options
  }

  get online(): boolean {
    return this.swarm !== null
  }

  get connectionCount(): number {
    return this.swarm?.connections.size ?? 0
  }

  get bootstrapKind(): 'public' | 'custom' {
    return this.#options.config === 'public' ? 'public' : 'custom'
  }

  protected async _open(): Promise<void> {
    this.store = await openCorestore(this.#options.storeDir, this.#options.primaryKey)
    if (this.#options.config === 'off') return
    const swarm = new Hyperswarm({
      dht: this.#createDht(this.#options.deviceKeyPair),
      keyPair: this.#options.deviceKeyPair,
      // Retry a known device at most a minute apart (the default grows to ten).
      backoffs: [1_000, 5_000, 15_000, 60_000],
      // true = refuse. Runs for both directions, before any data flows.
      firewall: (remotePublicKey) => !this.#options.isAllowedDevice(remotePublicKey.toString('hex')),
    })
    this.swarm = swarm
    swarm.on('connection', (connection: SwarmConnection) => this.#onConnection(connection))
    // Hyperswarm bans a peer the first time the firewall refuses it, and a
    // banned peer is refused without asking the firewall again for as long as
    // the swarm lives: a contact unblocked after one refused attempt (their
    // reconnect landed while the block was on) would never get back in. The
    // firewall runs for every connection anyway, so lift that ban at once and
    // let isAllowedDevice decide each time, as it is now.
    swarm.on('ban', (peer: PeerInfo, error: Error | undefined) => {
      if (error?.message === 'Peer is firewalled') peer.ban(false)
    })
    // Announcing before the DHT node has bootstrapped stores the records on
    // too few nodes: peers then failed to find this device for ~20 s. Wait
    // for it, but not forever (offline starts must not hang).
    const bootstrapped = swarm.dht.fullyBootstrapped().then(
      () => true,
      () => false,
    )
    const reachable = await Promise.race([bootstrapped, new Promise<false>((resolve) => setTimeout(resolve, BOOTSTRAP_WAIT_MS, false).unref())])
    if (reachable) this.dhtReachable = true
    else
      void bootstrapped.then((ok) => {
        if (!ok || this.closing) return
        this.dhtReachable = true
        this.#options.onStatusChanged?.()
      })
  }

  protected async _close(): Promise<void> {
    for (const pairing of this.#pairingSwarms) await pairing.destroy().catch(() => undefined)
    this.#pairingSwarms.clear()
    if (this.swarm) await this.swarm.destroy().catch((error) => this.#options.log?.('swarm destroy failed', error))
    await closeCorestore(this.#options.storeDir, this.store)
  }

  /** Announce and look up a topic (a space's discovery key). */
  join(topic: Uint8Array): void {
    this.swarm?.join(topic, { server: true, client: true })
  }

  async leave(topic: Uint8Array): Promise<void> {
    await this.swarm?.leave(topic)
  }

  /**
   * Dial these devices now (after an unblock), rather than wait for their
   * side's retry schedule; dropped again once connected, since topics keep
   * finding them from then on.
   */
  redial(devices: Iterable<string>): void {
    const swarm = this.swarm
    if (!swarm) return
    for (const device of devices) {
      if (this.isConnected(device)) continue
      this.#redialing.add(device)
      swarm.joinPeer(Buffer.from(device, 'hex'))
    }
  }

  /** Drop every connection to a device now (after remove or block; the firewall keeps it out). */
  disconnect(deviceKey: string): void {
    for (const connection of this.#connectionsByDevice.get(deviceKey) ?? []) connection.destroy()
  }

  isConnected(deviceKey: string): boolean {
    return (this.#connectionsByDevice.get(deviceKey)?.size ?? 0) > 0
  }

  /** A swarm of its own, with a random key and no firewall, for blind pairing. The Network destroys it on close. */
  createPairingSwarm(): Hyperswarm | null {
    if (this.#options.config === 'off' || this.closing) return null
    const swarm = new Hyperswarm({ dht: this.#createDht() })
    this.#pairingSwarms.add(swarm)
    return swarm
  }

  /**
   * A long-lived swarm with no firewall and a throwaway key pair (so it does
   * not reveal this device's identity), for data anyone holding its key may
   * fetch: personal logs (feeds/log). Whoever creates it destroys it; the
   * Network also does on close.
   */
  createOpenSwarm(): Hyperswarm | null {
    return this.createPairingSwarm()
  }

  async destroyPairingSwarm(swarm: Hyperswarm): Promise<void> {
    this.#pairingSwarms.delete(swarm)
    await swarm.destroy().catch(() => undefined)
  }

  #createDht(keyPair?: DeviceKeyPair): HyperDHT {
    const config = this.#options.config
    if (config === 'public') return new HyperDHT(keyPair ? { keyPair } : {})
    if (config === 'off') throw new Error('network is off')
    return new HyperDHT({
      bootstrap: config.bootstrap,
      ...(config.host ? { host: config.host } : {}),
      ...(keyPair ? { keyPair } : {}),
      // A private DHT (testnet, community): stay an ephemeral node. An
      // adaptive node may switch sockets when it decides it is reachable,
      // and peers that learnt the old address then time out.
      ephemeral: true,
      // Bound to loopback, every peer is on this machine and there is no NAT
      // in between: say so. Otherwise the node starts out "firewalled" and
      // each connection holepunches; the server side must then classify its
      // NAT by pinging ≥3 DHT nodes, which a small testnet does not have, so
      // it aborts the punch — and with it the stream the client has already
      // opened over the same-host shortcut. The client then sees a
      // connection the server never accepted, until "connection timed out"
      // 20 s later. Not firewalled, both sides advertise their address as
      // open and connect directly, with no holepunch.
      ...(config.host !== undefined && isLoopbackHost(config.host) ? { firewalled: false } : {}),
    })
  }

  #onConnection(connection: SwarmConnection): void {
    const device = connection.remotePublicKey.toString('hex')
    // The firewall ran at handshake time; re-check in case the contact was
    // blocked between the handshake and now.
    if (!this.#options.isAllowedDevice(device)) {
      connection.destroy()
      return
    }
    connection.on('error', (error: Error) => this.#options.log?.('connection error', error.message))
    if (this.#redialing.delete(device)) this.swarm?.leavePeer(connection.remotePublicKey)
    this.store.replicate(connection)
    let set = this.#connectionsByDevice.get(device)
    const first = !set || set.size === 0
    if (!set) this.#connectionsByDevice.set(device, (set = new Set()))
    set.add(connection)
    if (first) this.#options.onPresence?.(device, true)
    this.#options.onStatusChanged?.()
    connection.once('close', () => {
      set.delete(connection)
      if (set.size === 0) {
        this.#connectionsByDevice.delete(device)
        if (!this.closing) this.#options.onPresence?.(device, false)
      }
      if (!this.closing) this.#options.onStatusChanged?.()
    })
  }
}
