import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { electronAvailability, findElectronBinary, hasDisplay } from '../../scripts/electron-available.js'

/**
 * The "can Electron run here?" check that npm start and the Electron smoke
 * test share. It must answer from what is on disk and never start Electron's
 * lazy download, so it is tested against fake electron package folders.
 */
describe('findElectronBinary', () => {
  let dir: string

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'planet-electron-pkg-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const install = async (executable = 'electron') => {
    await writeFile(join(dir, 'path.txt'), executable)
    await mkdir(join(dir, 'dist'), { recursive: true })
    await writeFile(join(dir, 'dist', executable), '#!/bin/sh\n')
    await chmod(join(dir, 'dist', executable), 0o755)
  }

  it('finds nothing in a package that was never downloaded (no path.txt)', () => {
    expect(findElectronBinary({ electronDir: dir, env: {} })).toBeNull()
  })

  it('finds nothing when path.txt names a binary that is not there', async () => {
    await writeFile(join(dir, 'path.txt'), 'electron')
    expect(findElectronBinary({ electronDir: dir, env: {} })).toBeNull()
  })

  it('finds the downloaded binary where electron/index.js would', async () => {
    await install()
    expect(findElectronBinary({ electronDir: dir, env: {} })).toBe(join(dir, 'dist', 'electron'))
  })

  it.skipIf(process.platform === 'win32')('refuses a file that is not executable', async () => {
    await install()
    await chmod(join(dir, 'dist', 'electron'), 0o644)
    expect(findElectronBinary({ electronDir: dir, env: {} })).toBeNull()
  })

  it('honours ELECTRON_OVERRIDE_DIST_PATH like electron/index.js', async () => {
    const override = join(dir, 'custom')
    await mkdir(override)
    await writeFile(join(override, 'electron'), '')
    await chmod(join(override, 'electron'), 0o755)
    expect(findElectronBinary({ electronDir: dir, env: { ELECTRON_OVERRIDE_DIST_PATH: override } })).toBe(join(override, 'electron'))
    expect(findElectronBinary({ electronDir: dir, env: { ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'nowhere') } })).toBeNull()
  })

  it('answers for the real node_modules/electron without ever loading its index.js (which downloads)', () => {
    const binary = findElectronBinary()
    expect(binary === null || binary.includes('electron')).toBe(true)
    const loaded = Object.keys(createRequire(import.meta.url).cache)
    expect(loaded.filter((path) => /[\\/]node_modules[\\/]electron[\\/]index\.js$/.test(path))).toEqual([])
  })
})

describe('hasDisplay', () => {
  it('needs DISPLAY or WAYLAND_DISPLAY on Linux', () => {
    expect(hasDisplay({ platform: 'linux', env: {} })).toBe(false)
    expect(hasDisplay({ platform: 'linux', env: { DISPLAY: '' } })).toBe(false)
    expect(hasDisplay({ platform: 'linux', env: { DISPLAY: ':0' } })).toBe(true)
    expect(hasDisplay({ platform: 'linux', env: { WAYLAND_DISPLAY: 'wayland-0' } })).toBe(true)
    expect(hasDisplay({ platform: 'freebsd', env: {} })).toBe(false)
  })

  it('always has one on macOS and Windows', () => {
    expect(hasDisplay({ platform: 'darwin', env: {} })).toBe(true)
    expect(hasDisplay({ platform: 'win32', env: {} })).toBe(true)
  })
})

describe('electronAvailability', () => {
  it('explains a missing binary first, then a missing display', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'planet-electron-pkg-'))
    try {
      const missing = electronAvailability({ electronDir: empty, env: { DISPLAY: ':0' }, platform: 'linux' })
      expect(missing).toMatchObject({ ok: false, reason: expect.stringContaining('not installed') })
      await writeFile(join(empty, 'path.txt'), 'electron')
      await mkdir(join(empty, 'dist'))
      await writeFile(join(empty, 'dist', 'electron'), '')
      await chmod(join(empty, 'dist', 'electron'), 0o755)
      expect(electronAvailability({ electronDir: empty, env: {}, platform: 'linux' })).toMatchObject({ ok: false, reason: expect.stringContaining('no display') })
      expect(electronAvailability({ electronDir: empty, env: { DISPLAY: ':1' }, platform: 'linux' })).toEqual({ ok: true, binary: join(empty, 'dist', 'electron') })
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })
})
