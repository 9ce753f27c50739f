import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { JsonIndexStore, LocalIndex } from './local-index'

let dir = ''
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = ''
})

const entry = { vv: { ['a'.repeat(64)]: 2 }, deleted: false, hash: 'h', size: 3, mtime: 1.5, ino: 7 }

describe('LocalIndex', () => {
  it('persists entries and tombstones across a restart', async () => {
    dir = await mkdtemp(join(tmpdir(), 'planet-index-'))
    const one = new LocalIndex(new JsonIndexStore(dir))
    await one.load()
    one.set('a.txt', entry)
    one.set('gone.txt', { ...entry, deleted: true, hash: null })
    await one.save()
    const two = new LocalIndex(new JsonIndexStore(dir))
    await two.load()
    expect(two.get('a.txt')).toEqual(entry)
    expect(two.get('gone.txt')?.deleted).toBe(true)
    expect([...two.paths()].sort()).toEqual(['a.txt', 'gone.txt'])
  })

  it('knows which directories hold indexed paths', async () => {
    dir = await mkdtemp(join(tmpdir(), 'planet-index-'))
    const index = new LocalIndex(new JsonIndexStore(dir))
    await index.load()
    index.set('a/b/c.txt', entry)
    expect(index.hasDirectory('a')).toBe(true)
    expect(index.hasDirectory('a/b')).toBe(true)
    expect(index.hasDirectory('a/b/c.txt')).toBe(false)
    expect(index.hasDirectory('b')).toBe(false)
    await index.save()
    const again = new LocalIndex(new JsonIndexStore(dir))
    await again.load()
    expect(again.hasDirectory('a/b')).toBe(true)
  })

  it('starts empty from a damaged file (costing one full rescan, not the folder)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'planet-index-'))
    await writeFile(join(dir, 'local-index.json'), JSON.stringify({ v: 1, entries: { x: { nonsense: true } } }))
    const index = new LocalIndex(new JsonIndexStore(dir))
    await index.load()
    expect([...index.paths()]).toEqual([])
  })

  it('seals the index with a key: no file name in the clear, another key opens nothing, an old plain index is dropped', async () => {
    dir = await mkdtemp(join(tmpdir(), 'planet-index-'))
    await writeFile(join(dir, 'local-index.json'), JSON.stringify({ v: 1, entries: { 'old-secret-plan.txt': entry } }))
    const key = randomBytes(32)
    const one = new LocalIndex(new JsonIndexStore(dir, key))
    await one.load()
    // The plain leftover is not trusted (a rescan rebuilds it)…
    expect([...one.paths()]).toEqual([])
    one.set('Budget 2027/salaries.xlsx', entry)
    await one.save()
    // …and it is gone once the sealed one is written.
    expect(await readdir(dir)).toEqual(['local-index.sealed'])
    const sealed = await readFile(join(dir, 'local-index.sealed'))
    expect(sealed.includes(Buffer.from('salaries'))).toBe(false)
    expect(sealed.includes(Buffer.from('a'.repeat(64)))).toBe(false)

    const same = new LocalIndex(new JsonIndexStore(dir, key))
    await same.load()
    expect(same.get('Budget 2027/salaries.xlsx')).toEqual(entry)
    const other = new LocalIndex(new JsonIndexStore(dir, randomBytes(32)))
    await other.load()
    expect([...other.paths()]).toEqual([])
    // A flipped byte fails authentication: empty, never half an index.
    sealed[20] = sealed[20]! ^ 1
    await writeFile(join(dir, 'local-index.sealed'), sealed)
    const tampered = new LocalIndex(new JsonIndexStore(dir, key))
    await tampered.load()
    expect([...tampered.paths()]).toEqual([])
  })
})
