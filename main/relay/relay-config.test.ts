import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { IDENTITY_FILE, RelayConfigError, loadOrCreateIdentity, parseMetricsAddress, parseSize } from './relay-config'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

describe('--max-storage', () => {
  it('reads decimal and binary units, any case', () => {
    expect(parseSize('100GB')).toBe(100e9)
    expect(parseSize('500mb')).toBe(500e6)
    expect(parseSize('1.5TB')).toBe(1.5e12)
    expect(parseSize('64GiB')).toBe(64 * 1024 ** 3)
    expect(parseSize(' 2 MiB ')).toBe(2 * 1024 ** 2)
  })

  it('refuses a bare number, an unknown unit, garbage and less than 1 MB', () => {
    for (const bad of ['100', 'GB', '100XB', '-5GB', '1e9B', '', '10 G B', '999KB', '0GB']) expect(() => parseSize(bad), bad).toThrow(RelayConfigError)
  })
})

describe('--metrics', () => {
  it('accepts loopback only', () => {
    expect(parseMetricsAddress('127.0.0.1:9464')).toEqual({ host: '127.0.0.1', port: 9464 })
    expect(parseMetricsAddress('127.1.2.3:0')).toEqual({ host: '127.1.2.3', port: 0 })
    expect(parseMetricsAddress('[::1]:9464')).toEqual({ host: '::1', port: 9464 })
    expect(parseMetricsAddress('localhost:9464')).toEqual({ host: '127.0.0.1', port: 9464 })
    for (const bad of ['0.0.0.0:9464', '192.168.1.2:9464', '[::]:9464', 'example.org:9464', '127.0.0.1', '127.0.0.1:99999', '300.0.0.1:1', ':9464']) {
      expect(() => parseMetricsAddress(bad), bad).toThrow(RelayConfigError)
    }
  })
})

describe('relay identity', () => {
  it('is made once, kept private, and read back unchanged', () => {
    const dir = mkdtempSync(join(tmpdir(), 'planet-relay-id-'))
    dirs.push(dir)
    const first = loadOrCreateIdentity(dir, 1)
    expect(first.created).toBe(true)
    expect(statSync(join(dir, IDENTITY_FILE)).mode & 0o077).toBe(0)
    const again = loadOrCreateIdentity(dir, 2)
    expect(again).toEqual({ identity: first.identity, created: false })
  })

  it('refuses a damaged file instead of replacing the relay\u2019s key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'planet-relay-id-'))
    dirs.push(dir)
    writeFileSync(join(dir, IDENTITY_FILE), '{"v":1,"seed":"zz"')
    expect(() => loadOrCreateIdentity(dir, 1)).toThrow(/damaged/)
    writeFileSync(join(dir, IDENTITY_FILE), JSON.stringify({ v: 2, seed: 'ab'.repeat(32), secret: 'cd'.repeat(16), createdAt: 1 }))
    expect(() => loadOrCreateIdentity(dir, 1)).toThrow(/damaged or from a newer/)
    expect(readFileSync(join(dir, IDENTITY_FILE), 'utf8')).toContain('"v":2')
  })
})
