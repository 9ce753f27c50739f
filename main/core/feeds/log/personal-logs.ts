import { randomBytes } from 'node:crypto'
import type Sqlite from 'better-sqlite3-multiple-ciphers'
import type Corestore from 'corestore'
import type Hypercore from 'hypercore'
import type Hyperswarm from 'hyperswarm'
import type { SwarmConnection } from 'hyperswarm'
import type { LogEntry } from '../../../../shared/domain/personal-log'
import { closeCorestore, openCorestore } from '../../net/network'
import { Resource } from '../../resource'
import type { LogRef, ProjectResult } from './log-projection'
import { encodeLogEntry, projectLogBlocks } from './log-projection'

/** The name of my personal log in this device's corestore: its key pair comes from the device's primary key. */
const MY_LOG_NAME = 'planet/personal-log'
/** Blocks projected per transaction. */
const READ_BATCH = 64

export interface LogRow {
  key: string
  owner: string
  encryption_key: string
  via: 'mine' | 'dm' | 'link'
  name: string | null
  mine: number
  read_length: number
  rejected: number
  added_at: number
}

export interface PersonalLogsOptions {
  /** The logs' own corestore (not the spaces'): its directory and primary key. */
  storeDir: string
  primaryKey: Buffer
  /** A swarm without a firewall (Network.createOpenSwarm), or null when offline; destroyed with the logs. */
  openSwarm: () => Hyperswarm | null
  destroySwarm: (swarm: Hyperswarm) => Promise<void>
  db: () => Sqlite.Database
  me: string
  now: () => number
  /** Blocks of a log were projected (some may have been rejected). */
  onProjected(log: LogRef, result: ProjectResult): void
  log: (message: string, data?: unknown) => void
}

interface OpenLog {
  ref: LogRef
  core: Hypercore
  reading: Promise<void> | null
  again: boolean
}

/**
 * The personal logs this device holds while the session runs: mine (this
 * device is its single writer) and every log shared with me (by a contact
 * in our DM, or a feed link), downloaded whole and kept live. Each is a
 * hypercore encrypted with its log key, in a corestore of its own that
 * replicates over a swarm of its own: no firewall (following someone who is
 * not a contact must work) and a throwaway key pair, and it never holds a
 * space's cores. Each log's discovery key is a topic there: whoever holds
 * the log serves it, and a peer must know a log's key to open it.
 *
 * Every block, mine included, goes through one path: log-projection.ts reads
 * it into the vault. Reading follows `contiguousLength`, so it never waits on
 * a peer; 'append' and 'download' wake it.
 */
export class PersonalLogs extends Resource {
  readonly #options: PersonalLogsOptions
  readonly #logs = new Map<string, OpenLog>()
  #mine: OpenLog | null = null
  #store!: Corestore
  #swarm: Hyperswarm | null = null

  constructor(options: PersonalLogsOptions) {
    super()
    this.#options = options
  }

  get #db(): Sqlite.Database {
    return this.#options.db()
  }

  /** My log's key and the key its blocks are encrypted with (what a feed.share op carries). */
  get mine(): { key: string; encryptionKey: string } {
    if (!this.#mine) throw new Error('personal logs are not open')
    const row = this.#db.prepare('SELECT encryption_key FROM feed_logs WHERE key = ?').get(this.#mine.ref.key) as { encryption_key: string }
    return { key: this.#mine.ref.key, encryptionKey: row.encryption_key }
  }

  protected async _open(): Promise<void> {
    this.#store = await openCorestore(this.#options.storeDir, this.#options.primaryKey)
    try {
      await this.#openLogs()
    } catch (error) {
      // Release the corestore's lock for the next session.
      await this._close().catch(() => undefined)
      throw error
    }
  }

  async #openLogs(): Promise<void> {
    this.#swarm = this.#options.openSwarm()
    this.#swarm?.on('connection', (connection: SwarmConnection) => {
      connection.on('error', () => undefined)
      this.#store.replicate(connection)
    })
    const db = this.#db
    let row = db.prepare('SELECT * FROM feed_logs WHERE mine = 1').get() as LogRow | undefined
    const encryptionKey = row ? Buffer.from(row.encryption_key, 'hex') : randomBytes(32)
    const core = this.#store.get({ name: MY_LOG_NAME, encryption: { key: encryptionKey } })
    await core.ready()
    const key = core.key.toString('hex')
    if (row && row.key !== key) {
      // The vault was moved to another device's corestore: start a new log; the old one stays readable as a peer log.
      db.prepare('UPDATE feed_logs SET mine = 0 WHERE key = ?').run(row.key)
      row = undefined
    }
    if (!row) {
      db.prepare("INSERT OR REPLACE INTO feed_logs (key, owner, encryption_key, via, mine, read_length, rejected, added_at) VALUES (?, ?, ?, 'mine', 1, 0, 0, ?)").run(
        key,
        this.#options.me,
        encryptionKey.toString('hex'),
        this.#options.now(),
      )
    }
    this.#mine = this.#track({ key, owner: this.#options.me }, core)
    const others = db.prepare('SELECT * FROM feed_logs WHERE mine = 0 ORDER BY added_at').all() as LogRow[]
    for (const other of others) await this.#openPeerLog(other).catch((error) => this.#options.log(`could not open the personal log of ${other.owner.slice(0, 8)}`, error))
  }

  protected async _close(): Promise<void> {
    const logs = [...this.#logs.values()]
    this.#logs.clear()
    this.#mine = null
    if (this.#swarm) await this.#options.destroySwarm(this.#swarm).catch(() => undefined)
    for (const log of logs) await log.reading?.catch(() => undefined)
    for (const log of logs) await log.core.close().catch(() => undefined)
    await closeCorestore(this.#options.storeDir, this.#store).catch(() => undefined)
  }

  /**
   * A contact shared their log (a feed.share op): remember it and start
   * reading. A key already known under another owner is refused: a log
   * belongs to one person.
   */
  async addPeerLog(owner: string, key: string, encryptionKey: string, via: { link: string } | 'dm' = 'dm'): Promise<void> {
    if (owner === this.#options.me) return
    const existing = this.#db.prepare('SELECT * FROM feed_logs WHERE key = ?').get(key) as LogRow | undefined
    if (existing && existing.owner !== owner) {
      this.#options.log(`a log key shared by ${owner.slice(0, 8)} already belongs to someone else; ignored`)
      return
    }
    if (!existing) {
      this.#db
        .prepare('INSERT INTO feed_logs (key, owner, encryption_key, via, name, mine, read_length, rejected, added_at) VALUES (?, ?, ?, ?, ?, 0, 0, 0, ?)')
        .run(key, owner, encryptionKey, via === 'dm' ? 'dm' : 'link', via === 'dm' ? null : via.link, this.#options.now())
    } else if (via === 'dm' && existing.via === 'link') {
      // They are a contact now: the DM is the better source of their name.
      this.#db.prepare("UPDATE feed_logs SET via = 'dm' WHERE key = ?").run(key)
    }
    if (this.opened && !this.closing && !this.#logs.has(key)) {
      await this.#openPeerLog(this.#db.prepare('SELECT * FROM feed_logs WHERE key = ?').get(key) as LogRow)
    }
  }

  /** Append entries to my log and project them at once. */
  async append(entries: readonly LogEntry[]): Promise<void> {
    const mine = this.#mine
    if (!mine || this.closing) throw new Error('personal logs are not open')
    await mine.core.append(entries.map(encodeLogEntry))
    await this.#read(mine)
  }

  /** The raw core of my log, for tests that forge entries the way a modified app could. */
  get myCore(): Hypercore {
    if (!this.#mine) throw new Error('personal logs are not open')
    return this.#mine.core
  }

  /** How far each log is known (remote length) — for the authors list. */
  knownLength(key: string): number | null {
    return this.#logs.get(key)?.core.length ?? null
  }

  async #openPeerLog(row: LogRow): Promise<void> {
    const core = this.#store.get({ key: Buffer.from(row.key, 'hex'), encryption: { key: Buffer.from(row.encryption_key, 'hex') } })
    await core.ready()
    if (this.closing) {
      await core.close()
      return
    }
    // Everything, and whatever comes later: logs are small, and comments need the whole history.
    core.download({ start: 0, end: -1 })
    this.#track({ key: row.key, owner: row.owner }, core)
  }

  #track(ref: LogRef, core: Hypercore): OpenLog {
    const log: OpenLog = { ref, core, reading: null, again: false }
    this.#logs.set(ref.key, log)
    this.#swarm?.join(core.discoveryKey, { server: true, client: true })
    const wake = () => void this.#read(log).catch((error) => this.#options.log('reading a personal log failed', error))
    core.on('append', wake)
    core.on('download', wake)
    wake()
    return log
  }

  /** One reader per log; a wake-up while reading runs one more pass. */
  #read(log: OpenLog): Promise<void> {
    if (log.reading) {
      log.again = true
      return log.reading
    }
    log.reading = (async () => {
      try {
        do {
          log.again = false
          await this.#readAvailable(log)
        } while (log.again && !this.closing)
      } finally {
        log.reading = null
      }
    })()
    return log.reading
  }

  async #readAvailable(log: OpenLog): Promise<void> {
    for (;;) {
      if (this.closing || log.core.closed) return
      const row = this.#db.prepare('SELECT read_length FROM feed_logs WHERE key = ?').get(log.ref.key) as { read_length: number } | undefined
      if (!row) return
      const from = row.read_length
      const available = log.core.contiguousLength
      if (from >= available) return
      const end = Math.min(available, from + READ_BATCH)
      const blocks: Uint8Array[] = []
      for (let index = from; index < end; index++) blocks.push((await log.core.get(index, { wait: false })) as Uint8Array)
      if (this.closing) return
      const result = projectLogBlocks(this.#db, log.ref, from, blocks)
      this.#options.onProjected(log.ref, result)
    }
  }
}
