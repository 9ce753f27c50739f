import Sqlite from 'better-sqlite3-multiple-ciphers'
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { applyVaultKey } from '../main/core/vault/cipher'
import { DEFAULT_KDF } from '../main/core/vault/kdf'
import { Vault } from '../main/core/vault/vault'
import type { BenchResult, BenchSuite } from './bench-kit'
import { median, timeMs } from './bench-kit'

/**
 * What the vault costs against its peers, measured in this run on this machine:
 * - raw SQLCipher through the same library with the same pragmas (cipher,
 *   legacy=4, raw key, WAL, synchronous=FULL): the vault's own overhead, goal ≥ 0.9×;
 * - plain unencrypted SQLite with WAL and synchronous=FULL: the price of
 *   encryption, reported without a goal;
 * - unlock with the production KDF against the 500 ms budget;
 * - a later connection (openConnection, raw key, no KDF) against opening a
 *   plain SQLite file, goal ≤ 1.2× its time.
 * Rounds are interleaved (vault, raw, plain, vault, …) so a burst of load on a
 * shared machine hits every candidate alike; rates are the best round, times
 * are medians.
 */

const ROUNDS = 15
const INSERT_TXNS = 50
const ROWS_PER_TXN = 200
const READS = 20_000
const OPENS = 500
const UNLOCKS = 3
const UNLOCK_BUDGET_MS = 500
const SCHEMA = 'CREATE TABLE IF NOT EXISTS bench (id INTEGER PRIMARY KEY, body TEXT NOT NULL)'

interface Target {
  name: string
  db: Sqlite.Database
}

/** Rows per second: INSERT_TXNS commits of ROWS_PER_TXN rows, each commit fsynced (synchronous=FULL). */
function insertRate(db: Sqlite.Database): number {
  const insert = db.prepare('INSERT INTO bench (body) VALUES (?)')
  const batch = db.transaction((rows: string[]) => {
    for (const row of rows) insert.run(row)
  })
  const rows = Array.from({ length: ROWS_PER_TXN }, (_, i) => `row ${i} ${randomBytes(64).toString('base64')}`)
  const start = process.hrtime.bigint()
  for (let t = 0; t < INSERT_TXNS; t++) batch(rows)
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  return (INSERT_TXNS * ROWS_PER_TXN) / (ms / 1000)
}

/** Point reads per second by random primary key. */
function readRate(db: Sqlite.Database): number {
  const max = db.prepare('SELECT max(id) FROM bench').pluck().get() as number
  const select = db.prepare('SELECT body FROM bench WHERE id = ?').pluck()
  const ids = Array.from({ length: READS }, () => 1 + Math.floor(Math.random() * max))
  const start = process.hrtime.bigint()
  for (const id of ids) if (select.get(id) === undefined) throw new Error(`row ${id} missing`)
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  return READS / (ms / 1000)
}

function interleaved(targets: Target[], measure: (db: Sqlite.Database) => number): Map<string, number> {
  const samples = new Map<string, number[]>(targets.map((target) => [target.name, []]))
  for (let round = 0; round < ROUNDS; round++) {
    // Rotate the order each round, so no one always runs first (cold) or last.
    for (let i = 0; i < targets.length; i++) {
      const target = targets[(i + round) % targets.length]!
      samples.get(target.name)!.push(measure(target.db))
    }
  }
  // Best round, not the median: the three run identical work on the same
  // engine, and a busy shared machine (other jobs, fsync stalls) only ever
  // slows a round down, so the best round is the steadiest estimate of each
  // one's own cost. (Medians of these rounds drifted ±15% between runs.)
  return new Map([...samples].map(([name, values]) => [name, Math.max(...values)]))
}

function rate(name: string, unit: string, ours: number, peerName: string, peer: number, goal?: number): BenchResult {
  const ratio = ours / peer
  return {
    name,
    value: ours,
    unit,
    peerName,
    peerValue: peer,
    ratio,
    ...(goal === undefined ? {} : { goal: `>= ${goal}x ${peerName}`, met: ratio >= goal }),
  }
}

function time(name: string, oursMs: number, peerName: string, peerMs: number, goal?: { text: string; minRatio: number }): BenchResult {
  const ratio = peerMs / oursMs
  return { name, value: oursMs, unit: 'ms', peerName, peerValue: peerMs, ratio, ...(goal ? { goal: goal.text, met: ratio >= goal.minRatio } : {}) }
}

const suite: BenchSuite = {
  name: 'vault',
  async run() {
    const dir = await mkdtemp(join(tmpdir(), 'planet-bench-vault-'))
    const passphrase = 'correct horse battery staple'
    // Production KDF cost: the unlock figure is the real one.
    const vault = new Vault({ dir: join(dir, 'vault'), kdf: DEFAULT_KDF })
    const raw = new Sqlite(join(dir, 'raw.db'))
    const plain = new Sqlite(join(dir, 'plain.db'))
    try {
      await vault.create(passphrase)
      // Unlock of a fresh vault: one scrypt at the production cost, key check,
      // page-1 read, quick_check of a few pages, migrations check. What the
      // check adds for a bigger vault is the quick_check row below.
      const unlockSamples: number[] = []
      for (let i = 0; i < UNLOCKS; i++) {
        vault.lock()
        unlockSamples.push(await timeMs(() => vault.unlock(passphrase)))
      }
      vault.db.exec(SCHEMA)
      applyVaultKey(raw, randomBytes(32))
      for (const db of [raw, plain]) {
        db.pragma('journal_mode = WAL')
        db.pragma('synchronous = FULL')
        db.pragma('foreign_keys = ON')
        db.exec(SCHEMA)
      }
      const targets: Target[] = [
        { name: 'vault', db: vault.db },
        { name: 'raw', db: raw },
        { name: 'plain', db: plain },
      ]

      const inserts = interleaved(targets, insertRate)
      const reads = interleaved(targets, readRate)

      // Opening another connection: vault.openConnection() (SQLCipher keyed with
      // the cached raw key, first page read) against the same for a plain file.
      const openSamples = { vault: [] as number[], plain: [] as number[] }
      for (let i = 0; i < OPENS; i++) {
        openSamples.vault.push(
          await timeMs(() => {
            const db = vault.openConnection()
            db.close()
          }),
        )
        openSamples.plain.push(
          await timeMs(() => {
            const db = new Sqlite(join(dir, 'plain.db'), { fileMustExist: true })
            // The same settings openConnection applies, the same way.
            db.exec('PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;')
            db.prepare('SELECT count(*) FROM sqlite_master').get()
            db.close()
          }),
        )
      }

      // What openConnection avoids: keying SQLCipher with the passphrase, which
      // runs its PBKDF2 (256 000 iterations at legacy=4) on every open.
      const passphraseDb = new Sqlite(join(dir, 'passphrase.db'))
      passphraseDb.exec(`PRAGMA cipher = 'sqlcipher'; PRAGMA legacy = 4; PRAGMA key = 'a passphrase';`)
      passphraseDb.exec(SCHEMA)
      passphraseDb.close()
      const passphraseOpens: number[] = []
      for (let i = 0; i < 5; i++) {
        passphraseOpens.push(
          await timeMs(() => {
            const db = new Sqlite(join(dir, 'passphrase.db'), { fileMustExist: true })
            db.exec(`PRAGMA cipher = 'sqlcipher'; PRAGMA legacy = 4; PRAGMA key = 'a passphrase'; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;`)
            db.prepare('SELECT count(*) FROM sqlite_master').get()
            db.close()
          }),
        )
      }

      // The integrity check unlock runs, on the data inserted above, against
      // the same check on the plain copy.
      // Each on a fresh connection, as at unlock: an open connection's page
      // cache would already hold the pages decrypted and verified.
      const checkSamples = { vault: [] as number[], plain: [] as number[] }
      for (let i = 0; i < 5; i++) {
        const vaultReader = vault.openConnection()
        checkSamples.vault.push(await timeMs(() => vaultReader.pragma('quick_check')))
        vaultReader.close()
        const plainReader = new Sqlite(join(dir, 'plain.db'), { fileMustExist: true })
        checkSamples.plain.push(await timeMs(() => plainReader.pragma('quick_check')))
        plainReader.close()
      }
      // Move the WAL into the file first, so the size is the vault's real size.
      vault.db.pragma('wal_checkpoint(TRUNCATE)')
      const sizeMb = statSync(vault.path).size / 1e6

      const vaultOpen = median(openSamples.vault)
      const plainOpen = median(openSamples.plain)
      return [
        rate('vault inserts', 'rows/s', inserts.get('vault')!, 'raw SQLCipher', inserts.get('raw')!, 0.9),
        rate('vault inserts', 'rows/s', inserts.get('vault')!, 'plain SQLite', inserts.get('plain')!),
        rate('vault point reads', 'reads/s', reads.get('vault')!, 'raw SQLCipher', reads.get('raw')!, 0.9),
        rate('vault point reads', 'reads/s', reads.get('vault')!, 'plain SQLite', reads.get('plain')!),
        time(`vault unlock (scrypt N=2^${Math.log2(DEFAULT_KDF.N)}, new vault)`, median(unlockSamples), 'budget', UNLOCK_BUDGET_MS, {
          text: `<= ${UNLOCK_BUDGET_MS} ms`,
          minRatio: 1,
        }),
        time(`vault quick_check at unlock (${sizeMb.toFixed(1)} MB)`, median(checkSamples.vault), 'plain SQLite quick_check', median(checkSamples.plain)),
        time('vault openConnection', vaultOpen, 'plain SQLite open', plainOpen, { text: '<= 1.2x plain open time', minRatio: 1 / 1.2 }),
        time('vault openConnection', vaultOpen, 'SQLCipher open with a passphrase (PBKDF2)', median(passphraseOpens)),
      ]
    } finally {
      vault.lock()
      raw.close()
      plain.close()
      await rm(dir, { recursive: true, force: true })
    }
  },
}

export default suite
