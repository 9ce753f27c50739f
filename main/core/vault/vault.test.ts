import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, closeSync, writeSync, truncateSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RpcError } from '../../../shared/rpc/errors'
import { VAULT_PAGE_SIZE, openKeyed, readFileSalt, rekeyVault } from './cipher'
import type { Migration } from './migration'
import { migration as settingsMigration } from './migrations/0001-settings'
import { migrations as registry } from './migrations'
import { Vault } from './vault'
import { deriveSidecarKey, newKeyMaterial, readSidecar, sidecarPaths, writeSidecarAtomic } from './vault-sidecar'

/** A cheap scrypt cost; the format and every code path are the same as production's. */
const KDF = { N: 1024, r: 8, p: 1 }
const PASS = 'correct horse battery staple'
const OTHER = 'a different passphrase'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'planet-vault-'))
})
afterEach(() => {
  rmSync(dir, { recursive: true, force: true })
})

function makeVault(options: { migrations?: readonly Migration[] } = {}): Vault {
  return new Vault({ dir, kdf: KDF, ...options })
}

/** Every file in the vault's directory, by name and content: "untouched" means this is equal before and after. */
function snapshot(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, createHash('sha256').update(readFileSync(join(dir, name))).digest('hex')]),
  )
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<RpcError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(RpcError)
  expect((error as RpcError).code).toBe(code)
  // Messages are for people: a sentence, not an SQLite string.
  expect((error as RpcError).message).not.toMatch(/SQLITE|sqlite/)
  return error as RpcError
}

/** A locked vault with enough rows that it spans many pages. */
async function populatedVault(): Promise<{ vault: Vault; pages: number }> {
  const vault = makeVault()
  await vault.create(PASS)
  vault.db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)')
  const insert = vault.db.prepare('INSERT INTO notes (body) VALUES (?)')
  vault.db.transaction(() => {
    for (let i = 0; i < 2000; i++) insert.run(`note ${i} ${'x'.repeat(100)}`)
  })()
  vault.lock()
  return { vault, pages: statSync(vault.path).size / VAULT_PAGE_SIZE }
}

function connectionSettings(vault: Vault) {
  return {
    journal: vault.db.pragma('journal_mode', { simple: true }),
    synchronous: vault.db.pragma('synchronous', { simple: true }),
    foreignKeys: vault.db.pragma('foreign_keys', { simple: true }),
  }
}

function flipByte(path: string, offset: number): void {
  const bytes = readFileSync(path)
  const fd = openSync(path, 'r+')
  writeSync(fd, Buffer.from([bytes[offset]! ^ 0x01]), 0, 1, offset)
  closeSync(fd)
}

/** Open the vault file by hand, with the pragmas but without the Vault class: the key is derivable from the sidecar alone. */
async function rawConnection(vault: Vault, passphrase: string) {
  const sidecar = readSidecar(sidecarPaths(vault.path).current)!
  const key = await deriveSidecarKey(passphrase, sidecar)
  return { db: openKeyed(vault.path, key), key }
}

describe('Vault', () => {
  it('creates an encrypted vault, locks and unlocks it', async () => {
    const vault = makeVault()
    expect(vault.exists).toBe(false)
    await vault.create(PASS)
    expect(vault.exists).toBe(true)
    expect(vault.isUnlocked).toBe(true)
    // Per-connection settings hold on the connection create() leaves open too.
    expect(connectionSettings(vault)).toEqual({ journal: 'wal', synchronous: 2, foreignKeys: 1 })
    vault.db.exec("CREATE TABLE secrets (v TEXT); INSERT INTO secrets VALUES ('the plaintext marker')")
    vault.lock()
    expect(vault.isUnlocked).toBe(false)
    expect(() => vault.db).toThrowError(expect.objectContaining({ code: 'VAULT_LOCKED' }))
    expect(() => vault.requireUnlocked()).toThrowError(expect.objectContaining({ code: 'VAULT_LOCKED' }))

    // No SQLite header (the first 16 bytes are SQLCipher's random salt) and no plaintext anywhere.
    const bytes = readFileSync(vault.path)
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0')
    expect(bytes.includes(Buffer.from('SQLite format 3'))).toBe(false)
    expect(bytes.includes(Buffer.from('the plaintext marker'))).toBe(false)
    expect(bytes.length % VAULT_PAGE_SIZE).toBe(0)

    await vault.unlock(PASS)
    expect(vault.db.prepare('SELECT v FROM secrets').pluck().get()).toBe('the plaintext marker')
    // The main connection runs in WAL with full fsync (2 = FULL; WAL's default would be NORMAL).
    expect(connectionSettings(vault)).toEqual({ journal: 'wal', synchronous: 2, foreignKeys: 1 })
    const reader = vault.openConnection()
    expect(reader.pragma('synchronous', { simple: true })).toBe(2)
    reader.close()
    vault.lock()
    vault.lock() // idempotent
  })

  it('records the cipher and KDF in a sidecar without secrets', async () => {
    const vault = makeVault()
    await vault.create(PASS)
    vault.lock()
    const sidecar = JSON.parse(readFileSync(sidecarPaths(vault.path).current, 'utf8'))
    expect(sidecar).toMatchObject({ format: 1, cipher: 'sqlcipher', legacy: 4, kdf: { algorithm: 'scrypt', N: 1024, r: 8, p: 1, keyLength: 32 } })
    expect(sidecar.kdf.salt).toMatch(/^[0-9a-f]{32}$/)
    expect(sidecar.keyCheck).toMatch(/^[0-9a-f]{64}$/)
    const key = await deriveSidecarKey(PASS, sidecar)
    expect(readFileSync(sidecarPaths(vault.path).current, 'utf8')).not.toContain(key.toString('hex'))
    expect(readdirSync(dir).sort()).toEqual(['vault.db', 'vault.db.kdf.json'])
  })

  it('is readable by a plain SQLite3MultipleCiphers connection with the documented pragmas', async () => {
    const vault = makeVault()
    await vault.create(PASS)
    vault.setSetting('probe', { a: 1 })
    vault.lock()
    const { db } = await rawConnection(vault, PASS)
    expect(db.pragma('cipher', { simple: true })).toBe('sqlcipher')
    expect(db.prepare("SELECT value FROM settings WHERE key = 'probe'").pluck().get()).toBe('{"a":1}')
    db.close()
  })

  it('refuses to create over an existing vault', async () => {
    const vault = makeVault()
    await vault.create(PASS)
    vault.lock()
    const before = snapshot()
    await expectCode(makeVault().create(OTHER), 'VAULT_EXISTS')
    await expectCode(vault.create(OTHER), 'VAULT_EXISTS')
    expect(snapshot()).toEqual(before)
  })

  it('reports a missing vault', async () => {
    const vault = makeVault()
    await expectCode(vault.unlock(PASS), 'VAULT_NOT_FOUND')
    await expectCode(vault.verifyPassphrase(PASS), 'VAULT_NOT_FOUND')
    expect(readdirSync(dir)).toEqual([])
  })

  it('refuses a wrong passphrase without touching the files', async () => {
    const { vault } = await populatedVault()
    const before = snapshot()
    await expectCode(vault.unlock(OTHER), 'WRONG_PASSPHRASE')
    await expectCode(vault.unlock(''), 'WRONG_PASSPHRASE')
    expect(vault.isUnlocked).toBe(false)
    expect(snapshot()).toEqual(before)
    await vault.unlock(PASS)
    expect(vault.db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(2000)
  })

  it('reports a flipped byte in a data page as VAULT_CORRUPT and changes nothing', async () => {
    const { vault, pages } = await populatedVault()
    expect(pages).toBeGreaterThan(20)
    // A page in the middle of the notes table, away from the header page.
    flipByte(vault.path, Math.floor(pages / 2) * VAULT_PAGE_SIZE + 200)
    const before = snapshot()
    await expectCode(vault.unlock(PASS), 'VAULT_CORRUPT')
    expect(vault.isUnlocked).toBe(false)
    expect(snapshot()).toEqual(before)
    // Still a wrong passphrase first: the key check runs before the file is read.
    await expectCode(vault.unlock(OTHER), 'WRONG_PASSPHRASE')
    expect(snapshot()).toEqual(before)
  })

  it('tells a damaged first page (VAULT_CORRUPT) from a wrong passphrase thanks to the key check', async () => {
    const { vault } = await populatedVault()
    // Page 1 after the salt: SQLite reports this exactly like a wrong key (SQLITE_NOTADB).
    flipByte(vault.path, 1000)
    const before = snapshot()
    await expectCode(vault.unlock(PASS), 'VAULT_CORRUPT')
    await expectCode(vault.unlock(OTHER), 'WRONG_PASSPHRASE')
    expect(snapshot()).toEqual(before)
  })

  it('reports a damaged sidecar as VAULT_CORRUPT', async () => {
    const vault = makeVault()
    await vault.create(PASS)
    vault.lock()
    const path = sidecarPaths(vault.path).current
    const original = readFileSync(path, 'utf8')
    writeSidecarRaw(path, original.slice(0, 40))
    await expectCode(vault.unlock(PASS), 'VAULT_CORRUPT')
    // An absurd cost in an unauthenticated file is refused, not attempted.
    writeSidecarRaw(path, original.replace('"N": 1024', `"N": ${2 ** 30}`))
    await expectCode(vault.unlock(PASS), 'VAULT_CORRUPT')
    rmSync(path)
    await expectCode(vault.unlock(PASS), 'VAULT_CORRUPT')
    writeSidecarRaw(path, original)
    await vault.unlock(PASS)
  })

  it('reports a file cut mid-page as VAULT_TRUNCATED and changes nothing', async () => {
    const { vault, pages } = await populatedVault()
    truncateSync(vault.path, (pages - 3) * VAULT_PAGE_SIZE + 1234)
    const before = snapshot()
    await expectCode(vault.unlock(PASS), 'VAULT_TRUNCATED')
    expect(snapshot()).toEqual(before)
  })

  it('reports a file missing whole pages as VAULT_TRUNCATED and changes nothing', async () => {
    const { vault, pages } = await populatedVault()
    truncateSync(vault.path, Math.floor(pages / 2) * VAULT_PAGE_SIZE)
    const before = snapshot()
    await expectCode(vault.unlock(PASS), 'VAULT_TRUNCATED')
    expect(snapshot()).toEqual(before)
    truncateSync(vault.path, 0)
    await expectCode(vault.unlock(PASS), 'VAULT_TRUNCATED')
  })

  it('refuses a vault from a newer version without modifying it', async () => {
    const vault = makeVault()
    await vault.create(PASS)
    vault.lock()
    const { db, key } = await rawConnection(vault, PASS)
    expect(db.pragma('user_version', { simple: true })).toBe(registry.length)
    db.pragma(`user_version = ${registry.length + 5}`)
    db.close()
    key.fill(0)
    const before = snapshot()
    const error = await expectCode(vault.unlock(PASS), 'VAULT_TOO_NEW')
    expect(error.details).toEqual({ vaultVersion: registry.length + 5, supportedVersion: registry.length })
    expect(vault.isUnlocked).toBe(false)
    expect(snapshot()).toEqual(before)
  })

  it('refuses to unlock an already unlocked vault with the wrong passphrase', async () => {
    const vault = makeVault()
    await vault.create(PASS)
    await expectCode(vault.unlock(OTHER), 'WRONG_PASSPHRASE')
    expect(vault.isUnlocked).toBe(true)
    await vault.unlock(PASS)
    expect(vault.isUnlocked).toBe(true)
  })

  it('verifies a passphrase locked or unlocked', async () => {
    const vault = makeVault()
    await vault.create(PASS)
    expect(await vault.verifyPassphrase(PASS)).toBe(true)
    expect(await vault.verifyPassphrase(OTHER)).toBe(false)
    vault.lock()
    expect(await vault.verifyPassphrase(PASS)).toBe(true)
    expect(await vault.verifyPassphrase(OTHER)).toBe(false)
  })

  it('gives up an unlock when locked meanwhile', async () => {
    const vault = makeVault()
    await vault.create(PASS)
    vault.lock()
    const pending = vault.unlock(PASS)
    vault.lock() // e.g. the app shutting down while scrypt runs
    await expectCode(pending, 'VAULT_LOCKED')
    expect(vault.isUnlocked).toBe(false)
    await vault.unlock(PASS)
    expect(vault.isUnlocked).toBe(true)
  })

  it('persists settings across lock and unlock', async () => {
    const vault = makeVault()
    await vault.create(PASS)
    expect(vault.getSetting('theme', 'light')).toBe('light')
    vault.setSetting('theme', 'dark')
    vault.setSetting('window', { width: 800, height: 600 })
    vault.setSetting('theme', 'sepia')
    expect(() => vault.setSetting('nothing', undefined)).toThrow(TypeError)
    vault.lock()
    expect(() => vault.getSetting('theme', 'light')).toThrowError(expect.objectContaining({ code: 'VAULT_LOCKED' }))
    await vault.unlock(PASS)
    expect(vault.getSetting('theme', 'light')).toBe('sepia')
    expect(vault.getSetting('window', null)).toEqual({ width: 800, height: 600 })
  })

  it('opens further connections with the cached key and closes them on lock', async () => {
    const vault = makeVault()
    await vault.create(PASS)
    vault.setSetting('shared', 42)
    const reader = vault.openConnection()
    expect(reader.prepare("SELECT value FROM settings WHERE key = 'shared'").pluck().get()).toBe('42')
    // Two connections on one WAL file: the reader sees the writer's later commits.
    vault.setSetting('shared', 43)
    expect(reader.prepare("SELECT value FROM settings WHERE key = 'shared'").pluck().get()).toBe('43')
    vault.lock()
    expect(reader.open).toBe(false)
    expect(() => vault.openConnection()).toThrowError(expect.objectContaining({ code: 'VAULT_LOCKED' }))
  })
})

describe('Vault passphrase change', () => {
  it('re-keys: only the new passphrase opens the vault afterwards', async () => {
    const { vault } = await populatedVault()
    await vault.unlock(PASS)
    const sidecarBefore = readSidecar(sidecarPaths(vault.path).current)!
    const oldKey = await deriveSidecarKey(PASS, sidecarBefore)
    const fileSaltBefore = readFileSalt(vault.path)
    await vault.changePassphrase(PASS, OTHER)
    // The file's SQLCipher salt survives the re-key (cipher.ts rekeyVault says why it must).
    expect(readFileSalt(vault.path)).toEqual(fileSaltBefore)
    // Still unlocked, on the same connection, data intact.
    expect(vault.isUnlocked).toBe(true)
    expect(vault.db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(2000)
    expect(vault.db.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(await vault.verifyPassphrase(OTHER)).toBe(true)
    expect(await vault.verifyPassphrase(PASS)).toBe(false)
    expect(readSidecar(sidecarPaths(vault.path).current)!.kdf.salt).not.toBe(sidecarBefore.kdf.salt)
    expect(existsSync(sidecarPaths(vault.path).next)).toBe(false)
    // Connections opened after the change use the new key.
    vault.openConnection().close()
    vault.lock()

    await expectCode(vault.unlock(PASS), 'WRONG_PASSPHRASE')
    await vault.unlock(OTHER)
    expect(vault.db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(2000)
    expect(vault.db.pragma('quick_check', { simple: true })).toBe('ok')
    vault.lock()
    // The old raw key no longer decrypts the file, even by hand.
    const db = openKeyed(vault.path, oldKey)
    expect(() => db.prepare('SELECT count(*) FROM sqlite_master').get()).toThrowError(expect.objectContaining({ code: 'SQLITE_NOTADB' }))
    db.close()
  })

  it('changes the passphrase twice in a row after an unlock (regression: SQLITE_LOCKED on the second re-key)', async () => {
    const vault = makeVault()
    await vault.create(PASS)
    vault.lock()
    await vault.unlock(PASS)
    await vault.changePassphrase(PASS, OTHER)
    await vault.changePassphrase(OTHER, PASS)
    vault.lock()
    await vault.unlock(PASS)
    expect(vault.isUnlocked).toBe(true)
  })

  it('refuses a wrong current passphrase and changes nothing', async () => {
    const vault = makeVault()
    await vault.create(PASS)
    const sidecarBefore = readFileSync(sidecarPaths(vault.path).current, 'utf8')
    await expectCode(vault.changePassphrase(OTHER, 'new passphrase'), 'WRONG_PASSPHRASE')
    expect(readFileSync(sidecarPaths(vault.path).current, 'utf8')).toBe(sidecarBefore)
    vault.lock()
    await vault.unlock(PASS)
  })

  it('refuses while another connection is open (VAULT_BUSY), then works once it is closed', async () => {
    const vault = makeVault()
    await vault.create(PASS)
    const reader = vault.openConnection()
    await expectCode(vault.changePassphrase(PASS, OTHER), 'VAULT_BUSY')
    reader.close()
    await vault.changePassphrase(PASS, OTHER)
    expect(await vault.verifyPassphrase(OTHER)).toBe(true)
  })

  it('requires an unlocked vault', async () => {
    const vault = makeVault()
    await vault.create(PASS)
    vault.lock()
    await expectCode(vault.changePassphrase(PASS, OTHER), 'VAULT_LOCKED')
  })
})

describe('Vault re-key crash recovery', () => {
  /** The state a crash leaves between "wrote the next sidecar" and "renamed it over the current one". */
  async function interruptedChange(committed: boolean): Promise<Vault> {
    const { vault } = await populatedVault()
    const paths = sidecarPaths(vault.path)
    const fresh = await newKeyMaterial(OTHER, KDF)
    writeSidecarAtomic(paths.next, fresh.sidecar)
    if (committed) {
      // Exactly what Vault does between the two sidecar steps, by hand.
      const { db } = await rawConnection(vault, PASS)
      db.pragma('journal_mode = DELETE')
      rekeyVault(db, vault.path, fresh.key)
      db.pragma('journal_mode = WAL')
      db.close()
    }
    return vault
  }

  it('finishes a change whose re-key committed: the new passphrase works, the old one does not', async () => {
    const vault = await interruptedChange(true)
    const paths = sidecarPaths(vault.path)
    const nextContent = readFileSync(paths.next, 'utf8')
    const before = snapshot()
    const error = await expectCode(vault.unlock(PASS), 'WRONG_PASSPHRASE')
    expect(error.message).toMatch(/changed/)
    expect(snapshot()).toEqual(before)

    await vault.unlock(OTHER)
    expect(vault.db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(2000)
    expect(existsSync(paths.next)).toBe(false)
    expect(readFileSync(paths.current, 'utf8')).toBe(nextContent)
    vault.lock()
    await vault.unlock(OTHER)
    vault.lock()
    await expectCode(vault.unlock(PASS), 'WRONG_PASSPHRASE')
  })

  it('discards a change whose re-key never committed: the old passphrase still works', async () => {
    const vault = await interruptedChange(false)
    const paths = sidecarPaths(vault.path)
    const currentContent = readFileSync(paths.current, 'utf8')
    const before = snapshot()
    const error = await expectCode(vault.unlock(OTHER), 'WRONG_PASSPHRASE')
    expect(error.message).toMatch(/previous passphrase/)
    expect(snapshot()).toEqual(before)

    await vault.unlock(PASS)
    expect(vault.db.prepare('SELECT count(*) FROM notes').pluck().get()).toBe(2000)
    expect(existsSync(paths.next)).toBe(false)
    expect(readFileSync(paths.current, 'utf8')).toBe(currentContent)
    vault.lock()
    await expectCode(vault.unlock(OTHER), 'WRONG_PASSPHRASE')
  })
})

describe('Vault migrations', () => {
  function recordingMigrations(log: string[], count: number): Migration[] {
    const list: Migration[] = [settingsMigration]
    for (let version = 2; version <= count; version++) {
      list.push({
        version,
        name: `step-${version}`,
        up(db) {
          log.push(`step-${version}`)
          // Each step depends on the previous one, so the wrong order fails loudly.
          if (version === 2) db.exec('CREATE TABLE steps (version INTEGER NOT NULL)')
          db.prepare('INSERT INTO steps (version) VALUES (?)').run(version)
        },
      })
    }
    return list
  }

  it('runs each migration once, in order, and records user_version', async () => {
    const log: string[] = []
    const vault = makeVault({ migrations: recordingMigrations(log, 4) })
    await vault.create(PASS)
    expect(log).toEqual(['step-2', 'step-3', 'step-4'])
    expect(vault.db.pragma('user_version', { simple: true })).toBe(4)
    vault.lock()
    await vault.unlock(PASS)
    expect(log).toEqual(['step-2', 'step-3', 'step-4'])
    vault.lock()

    // A later release adds two steps: only those run.
    const upgraded = makeVault({ migrations: recordingMigrations(log, 6) })
    await upgraded.unlock(PASS)
    expect(log).toEqual(['step-2', 'step-3', 'step-4', 'step-5', 'step-6'])
    expect(upgraded.db.prepare('SELECT version FROM steps ORDER BY rowid').pluck().all()).toEqual([2, 3, 4, 5, 6])
    expect(upgraded.db.pragma('user_version', { simple: true })).toBe(6)
    upgraded.lock()

    // The older code now refuses the vault.
    await expectCode(makeVault({ migrations: recordingMigrations([], 4) }).unlock(PASS), 'VAULT_TOO_NEW')
  })

  it('rolls back a failing migration and its version together', async () => {
    const log: string[] = []
    const base = recordingMigrations(log, 2)
    await makeVault({ migrations: base }).create(PASS).then(() => undefined)
    const broken: Migration = {
      version: 3,
      name: 'broken',
      up(db) {
        db.exec('CREATE TABLE half_done (x)')
        throw new Error('migration bug')
      },
    }
    const vault = makeVault({ migrations: [...base, broken] })
    await expect(vault.unlock(PASS)).rejects.toThrow('migration bug')
    expect(vault.isUnlocked).toBe(false)

    const fixed = makeVault({ migrations: base })
    await fixed.unlock(PASS)
    expect(fixed.db.pragma('user_version', { simple: true })).toBe(2)
    expect(fixed.db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'half_done'").pluck().get()).toBe(0)
    fixed.lock()
  })

  it('refuses a migration list with gaps or disorder', () => {
    const [one] = recordingMigrations([], 1)
    expect(() => makeVault({ migrations: [{ ...one!, version: 2 }] })).toThrow(/numbered/)
    expect(() => makeVault({ migrations: [one!, one!] })).toThrow(/numbered/)
  })

  it('registers the real migrations 1..n in order', () => {
    expect(registry.map((migration) => migration.version)).toEqual(registry.map((_, index) => index + 1))
    expect(registry[0]).toBe(settingsMigration)
  })
})

function writeSidecarRaw(path: string, content: string): void {
  const fd = openSync(path, 'w')
  writeSync(fd, content)
  closeSync(fd)
}
