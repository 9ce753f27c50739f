import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { prepareDataDir, resolveDataDir } from './data-dir'

describe('resolveDataDir', () => {
  const base = { homedir: '/home/ada', cwd: '/work' }

  it('defaults to ~/.planet', () => {
    expect(resolveDataDir({ ...base, env: {} })).toBe('/home/ada/.planet')
  })

  it('prefers $PLANET_HOME over the default, and --data-dir over both', () => {
    expect(resolveDataDir({ ...base, env: { PLANET_HOME: '/srv/planet' } })).toBe('/srv/planet')
    expect(resolveDataDir({ ...base, flag: '/data/p', env: { PLANET_HOME: '/srv/planet' } })).toBe('/data/p')
  })

  it('treats empty values as unset', () => {
    expect(resolveDataDir({ ...base, flag: '', env: { PLANET_HOME: '  ' } })).toBe('/home/ada/.planet')
    expect(resolveDataDir({ ...base, flag: '', env: { PLANET_HOME: '/srv/planet' } })).toBe('/srv/planet')
  })

  it('resolves relative paths from cwd and expands a leading ~', () => {
    expect(resolveDataDir({ ...base, flag: 'data', env: {} })).toBe('/work/data')
    expect(resolveDataDir({ ...base, flag: './a/../b', env: {} })).toBe('/work/b')
    expect(resolveDataDir({ ...base, flag: '~/planet-2', env: {} })).toBe('/home/ada/planet-2')
    expect(resolveDataDir({ ...base, env: { PLANET_HOME: '~' } })).toBe('/home/ada')
    expect(resolveDataDir({ ...base, flag: '~other/x', env: {} })).toBe('/work/~other/x')
  })
})

async function makeTempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'planet-data-dir-'))
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) }
}

describe('prepareDataDir', () => {
  let cleanup: (() => Promise<void>) | undefined
  afterEach(async () => {
    await cleanup?.()
    cleanup = undefined
  })

  it('creates the dir and its parents with mode 0700', async () => {
    const temp = await makeTempDir()
    cleanup = temp.cleanup
    const dir = join(temp.dir, 'nested', 'planet')
    expect(await prepareDataDir(dir)).toEqual({ dir, created: true, looseMode: false })
    const info = await stat(dir)
    expect(info.isDirectory()).toBe(true)
    if (process.platform !== 'win32') expect(info.mode & 0o777).toBe(0o700)
  })

  it('leaves an existing dir as it is and says when others can read it', async () => {
    const temp = await makeTempDir()
    cleanup = temp.cleanup
    const dir = join(temp.dir, 'shared')
    await mkdir(dir, { mode: 0o755 })
    const prepared = await prepareDataDir(dir)
    expect(prepared.created).toBe(false)
    if (process.platform !== 'win32') {
      expect(prepared.looseMode).toBe(((await stat(dir)).mode & 0o077) !== 0)
      expect((await stat(dir)).mode & 0o777).not.toBe(0o700)
    }
  })

  it('refuses a path that is a file', async () => {
    const temp = await makeTempDir()
    cleanup = temp.cleanup
    const file = join(temp.dir, 'file')
    await writeFile(file, 'x')
    await expect(prepareDataDir(file)).rejects.toThrow(/not a directory/)
  })
})
