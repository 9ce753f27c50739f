import type { ChildProcessByStdio } from 'node:child_process'
import { spawn } from 'node:child_process'
import { dirname } from 'node:path'
import type { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import BlindPeering from 'blind-peering'
import Corestore from 'corestore'
import type Hypercore from 'hypercore'
import hypercoreCrypto from 'hypercore-crypto'
import HyperDHT from 'hyperdht'
import { join } from 'node:path'
import { relayRequest } from '../../main/core/relay/relay-client'
import type { RelayLog } from '../../main/relay/relay-server'
import { RelayServer } from '../../main/relay/relay-server'
import type { RelayResponse } from '../../shared/domain/relay-protocol'
import { parseRelayCode } from '../../shared/domain/relay-code'
import { formatBootstrapList } from '../../main/core/net/bootstrap'
import { makeTempDir } from './core'
import { waitFor } from './people'
import type { Testnet } from './testnet'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')

/** A relay log that keeps its lines (for assertions) instead of printing. */
export function memoryLog(): RelayLog & { lines: Array<{ level: string; message: string; data: object }> } {
  const lines: Array<{ level: string; message: string; data: object }> = []
  return {
    lines,
    info: (data, message) => lines.push({ level: 'info', message, data }),
    warn: (data, message) => lines.push({ level: 'warn', message, data }),
    error: (data, message) => lines.push({ level: 'error', message, data }),
  }
}

/** An in-process relay on a loopback testnet, in a temp data dir (or the one given). */
export async function startRelay(testnet: Testnet, options: { maxBytes?: number; dataDir?: string } = {}) {
  const temp = options.dataDir ? null : await makeTempDir('planet-relay-')
  const dataDir = options.dataDir ?? temp!.dir
  const log = memoryLog()
  const relay = new RelayServer({ dataDir, network: testnet.network, maxBytes: options.maxBytes ?? 1e9, log })
  await relay.ready()
  return {
    relay,
    log,
    dataDir,
    code: parseRelayCode(relay.code),
    async stop() {
      await relay.close()
    },
    async cleanup() {
      await relay.close()
      await temp?.cleanup()
    },
  }
}

/**
 * A lightweight simulated member for relay tests and benches: its own
 * corestore, a DHT node with its own device key pair and a blind-peering
 * client — what the app uses to reach a relay, without a vault or spaces.
 * (Full app Cores cost a vault, an Autobase per group and a projection
 * each; the load test needs 50 of them on 2 cores.)
 */
export class SimMember {
  readonly store: Corestore
  readonly dht: HyperDHT
  readonly keyPair: { publicKey: Buffer; secretKey: Buffer }
  readonly peering: BlindPeering
  readonly dir: string
  readonly #ownsDht: boolean

  private constructor(dir: string, testnet: Testnet, relayKey: Uint8Array, shared: HyperDHT | null) {
    this.dir = dir
    this.store = new Corestore(join(dir, 'cores'))
    this.keyPair = HyperDHT.keyPair()
    this.#ownsDht = shared === null
    this.dht = shared ?? new HyperDHT({ bootstrap: testnet.bootstrap, host: '127.0.0.1', keyPair: this.keyPair, ephemeral: true, firewalled: false })
    this.peering = new BlindPeering(this.dht, this.store, { keys: [relayKey], pick: 1 })
    // blind-peering dials with `peering.keyPair` when set (else the DHT's
    // default): members sharing one DHT node keep their own device keys.
    this.peering.keyPair = this.keyPair
  }

  /** `dht`: share this DHT node (the load test runs 50 members on a few nodes); by default each member has its own. */
  static async create(testnet: Testnet, relayKey: Uint8Array, options: { dht?: HyperDHT } = {}): Promise<SimMember & { cleanup(): Promise<void> }> {
    const temp = await makeTempDir('planet-sim-')
    const member = new SimMember(temp.dir, testnet, relayKey, options.dht ?? null) as SimMember & { cleanup(): Promise<void> }
    await member.store.ready()
    member.cleanup = async () => {
      await member.close()
      await temp.cleanup()
    }
    return member
  }

  get device(): string {
    return this.keyPair.publicKey.toString('hex')
  }

  /** Register a (simulated) group with the relay: this device as its admin. */
  register(relayKey: Uint8Array, secret: Uint8Array, groupKey: Uint8Array, members: string[], admins = [this.device]): Promise<RelayResponse> {
    return relayRequest(this.dht, relayKey, this.keyPair, {
      t: 'register',
      secret: Buffer.from(secret).toString('hex'),
      group: hypercoreCrypto.discoveryKey(groupKey).toString('hex'),
      members,
      admins,
    })
  }

  status(relayKey: Uint8Array, groupKey: Uint8Array, cores: Hypercore[]): Promise<RelayResponse> {
    return relayRequest(this.dht, relayKey, this.keyPair, {
      t: 'status',
      group: hypercoreCrypto.discoveryKey(groupKey).toString('hex'),
      cores: cores.map((core) => core.key.toString('hex')),
    })
  }

  #closing: Promise<void> | null = null
  close(): Promise<void> {
    this.#closing ??= (async () => {
      await this.peering.close()
      if (this.#ownsDht) await this.dht.destroy()
      await this.store.close()
    })()
    return this.#closing
  }
}

/** Wait until the relay holds every block of these cores (asking its status channel), or throw after `timeoutMs`. */
export async function waitRelayHolds(member: SimMember, relayKey: Uint8Array, groupKey: Uint8Array, cores: Hypercore[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let last: RelayResponse | null = null
  while (Date.now() < deadline) {
    last = await member.status(relayKey, groupKey, cores).catch(() => null)
    if (last?.ok && last.cores?.every((held, index) => held.contiguous >= cores[index]!.length)) return
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`the relay did not come to hold the cores within ${timeoutMs} ms: ${JSON.stringify(last)}`)
}

export interface RelayChild {
  child: ChildProcessByStdio<null, Readable, Readable>
  lines: Array<Record<string, unknown>>
  stderr: string[]
  exited: Promise<number | null>
}

/**
 * `planet relay` as an operator runs it: the real CLI in its own process, JSON logs on stdout.
 * From source by default; PLANET_RELAY_CLI=out/main/cli.js runs a build instead.
 */
export function spawnRelay(dataDir: string, testnet: Testnet, maxStorage: string): RelayChild {
  const child = spawn(
    process.execPath,
    [...(process.env.PLANET_RELAY_CLI ? [process.env.PLANET_RELAY_CLI] : ['--import', 'tsx', 'main/cli.ts']), 'relay', '--data-dir', dataDir, '--bootstrap', formatBootstrapList(testnet.bootstrap), '--max-storage', maxStorage, '--metrics', '127.0.0.1:0'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PLANET_TEST: '1' } },
  )
  const lines: Array<Record<string, unknown>> = []
  const stderr: string[] = []
  let buffer = ''
  child.stdout.on('data', (data: Buffer) => {
    buffer += data.toString('utf8')
    let newline
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline)
      buffer = buffer.slice(newline + 1)
      lines.push(JSON.parse(line) as Record<string, unknown>)
    }
  })
  child.stderr.on('data', (data: Buffer) => stderr.push(data.toString('utf8')))
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  return { child, lines, stderr, exited }
}

export async function relayChildReady(relay: RelayChild): Promise<{ code: string; metricsPort: number }> {
  const line = await waitFor('the relay to print its code', () => relay.lines.find((entry) => entry.msg === 'relay code'), 60_000).catch((error: unknown) => {
    throw new Error(`${String(error)}\nstderr: ${relay.stderr.join('')}`)
  })
  const readyLine = relay.lines.find((entry) => entry.msg === 'relay ready')!
  return { code: line.code as string, metricsPort: readyLine.metricsPort as number }
}

