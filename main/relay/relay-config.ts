import { randomBytes } from 'node:crypto'
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import HyperDHT from 'hyperdht'
import { RELAY_SECRET_BYTES, encodeRelayCode, relayLink } from '../../shared/domain/relay-code'

/** A value a relay operator typed that cannot be used; the CLI prints it as a usage error. */
export class RelayConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RelayConfigError'
  }
}

const UNITS: Record<string, number> = {
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KIB: 1024,
  MIB: 1024 ** 2,
  GIB: 1024 ** 3,
  TIB: 1024 ** 4,
}

/**
 * `--max-storage`: a whole or decimal number and a unit, e.g. `100GB`, `500MB`,
 * `1.5TB`, `64GiB`. KB/MB/GB/TB are powers of 1000 (as disks are sold),
 * KiB/MiB/GiB/TiB powers of 1024. A bare number, an unknown unit or less than
 * 1 MB is refused: a typo must not become a relay that stores nothing.
 */
export function parseSize(text: string, flag = '--max-storage'): number {
  const match = /^(\d+(?:\.\d+)?)\s*([A-Za-z]+)$/.exec(text.trim())
  if (!match) throw new RelayConfigError(`${flag} must be a size with a unit, such as 100GB or 500MB, not ${JSON.stringify(text)}`)
  const unit = UNITS[match[2]!.toUpperCase()]
  if (unit === undefined) throw new RelayConfigError(`${flag}: unknown unit ${JSON.stringify(match[2])} (use B, KB, MB, GB, TB, KiB, MiB, GiB or TiB)`)
  const bytes = Math.floor(Number(match[1]) * unit)
  if (!Number.isSafeInteger(bytes)) throw new RelayConfigError(`${flag}: ${text} is too large`)
  if (bytes < 1e6) throw new RelayConfigError(`${flag} must be at least 1MB, not ${text}`)
  return bytes
}

/** The default quota when `--max-storage` is not given. */
export const DEFAULT_MAX_STORAGE = 100e9

export interface MetricsAddress {
  host: string
  port: number
}

/**
 * `--metrics HOST:PORT`: loopback only (127.0.0.0/8 or [::1]); the metrics
 * say how busy the relay is and which groups' sizes grow, so they are never
 * served to the network. Put a reverse proxy with authentication in front if
 * they must be scraped from elsewhere.
 */
export function parseMetricsAddress(text: string): MetricsAddress {
  const match = /^(\[::1\]|localhost|\d{1,3}(?:\.\d{1,3}){3}):(\d{1,5})$/.exec(text.trim())
  if (!match) throw new RelayConfigError(`--metrics must be HOST:PORT on this machine, such as 127.0.0.1:9464, not ${JSON.stringify(text)}`)
  const host = match[1] === '[::1]' ? '::1' : match[1] === 'localhost' ? '127.0.0.1' : match[1]!
  if (host !== '::1') {
    const octets = host.split('.').map(Number)
    if (octets.some((octet) => octet > 255)) throw new RelayConfigError(`--metrics: ${host} is not an IPv4 address`)
    if (octets[0] !== 127) throw new RelayConfigError(`--metrics serves on loopback only (127.0.0.1 or [::1]), not ${host}: put an authenticating proxy in front to scrape from elsewhere`)
  }
  const port = Number(match[2])
  if (port > 65535) throw new RelayConfigError('--metrics: the port must be 0–65535 (0 = any free port)')
  return { host, port }
}

/** What the relay keeps about itself: its identity seed and access secret. Never leaves the data dir. */
const identityFile = z
  .object({
    v: z.literal(1),
    /** 32-byte seed of the relay's Noise key pair (its public key is in the relay code). */
    seed: z.string().regex(/^[0-9a-f]{64}$/),
    /** The access secret in the relay code. */
    secret: z.string().regex(new RegExp(`^[0-9a-f]{${RELAY_SECRET_BYTES * 2}}$`)),
    createdAt: z.number().int(),
  })
  .strict()

export type RelayIdentity = z.infer<typeof identityFile>

export const IDENTITY_FILE = 'relay-identity.json'

/**
 * Read the relay's identity from its data dir, or make one on first start.
 * A file that exists but does not parse is an error, never silently replaced:
 * a new key would orphan every group that pasted the old code.
 */
export function loadOrCreateIdentity(dataDir: string, now: number): { identity: RelayIdentity; created: boolean } {
  const path = join(dataDir, IDENTITY_FILE)
  let text: string | null = null
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  if (text !== null) {
    let parsed: unknown
    try {
      parsed = JSON.parse(text)
    } catch {
      throw new Error(`${path} is damaged (not JSON); restore it from a backup`)
    }
    const result = identityFile.safeParse(parsed)
    if (!result.success) throw new Error(`${path} is damaged or from a newer PLANET; restore it from a backup`)
    return { identity: result.data, created: false }
  }
  const identity: RelayIdentity = { v: 1, seed: randomBytes(32).toString('hex'), secret: randomBytes(RELAY_SECRET_BYTES).toString('hex'), createdAt: now }
  writeFileAtomic(path, `${JSON.stringify(identity, null, 2)}\n`, 0o600)
  return { identity, created: true }
}

/** The `planet://relay/…` code of the relay whose data dir this is (`planet relay --show-code`); never creates one. */
export function readRelayCode(dataDir: string): string {
  const path = join(dataDir, IDENTITY_FILE)
  try {
    readFileSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`there is no relay in ${dataDir} yet: start it once with \`planet relay --data-dir ${dataDir}\``)
    throw error
  }
  const { identity } = loadOrCreateIdentity(dataDir, 0)
  return relayLink(encodeRelayCode({ publicKey: HyperDHT.keyPair(Buffer.from(identity.seed, 'hex')).publicKey, secret: Buffer.from(identity.secret, 'hex') }))
}

/** Write, fsync, rename: a crash leaves the old file or the new one, never half of one. */
export function writeFileAtomic(path: string, text: string, mode = 0o600): void {
  const temp = `${path}.tmp`
  const fd = openSync(temp, 'w', mode)
  try {
    writeSync(fd, text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  renameSync(temp, path)
}
