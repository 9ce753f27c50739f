import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { DirWatcher } from './dir-watcher'
import { TEMP_PREFIX } from './path-safety'
import { waitFor } from './test-kit'

let root = ''
let watcher: DirWatcher | null = null

afterEach(async () => {
  await watcher?.close()
  watcher = null
  if (root) await rm(root, { recursive: true, force: true })
})

/** A watcher on a fresh directory (with `setup` made before it starts), and every path it reported. */
async function start(setup: (dir: string) => Promise<void> = async () => undefined): Promise<{ seen: Set<string>; errors: Error[] }> {
  root = await mkdtemp(join(tmpdir(), 'planet-dir-watcher-'))
  await setup(root)
  const seen = new Set<string>()
  const errors: Error[] = []
  watcher = new DirWatcher({
    root,
    ignored: (rel) => rel.split('/').some((part) => part.startsWith(TEMP_PREFIX)),
    onPath: (rel) => seen.add(rel),
    onError: (err) => errors.push(err),
  })
  await watcher.ready()
  return { seen, errors }
}

describe('DirWatcher', () => {
  it('names files written at the root and in directories that existed when it started', async () => {
    const { seen, errors } = await start(async (dir) => {
      await mkdir(join(dir, 'a', 'b'), { recursive: true })
    })
    await writeFile(join(root, 'top.txt'), 'x')
    await writeFile(join(root, 'a', 'b', 'deep.txt'), 'x')
    await waitFor(() => seen.has('top.txt') && seen.has('a/b/deep.txt'), 'both files reported')
    expect(errors).toEqual([])
  })

  it('watches a directory made later, and what is made inside it right away', async () => {
    const { seen } = await start()
    // Made in one go: the nested directories exist before any watch on them can be set.
    await mkdir(join(root, 'new', 'inner'), { recursive: true })
    await writeFile(join(root, 'new', 'inner', 'early.txt'), 'x')
    await waitFor(() => seen.has('new'), 'the new directory reported (the engine walks it)')
    // Once watched, a later file deep inside is reported by itself.
    await waitFor(async () => {
      await writeFile(join(root, 'new', 'inner', 'late.txt'), String(Math.random()))
      return seen.has('new/inner/late.txt')
    }, 'a file written later in the nested directory reported')
  })

  it('never names the engine’s temp files, but names the file a temp file is renamed to', async () => {
    const { seen } = await start()
    const tmp = join(root, `${TEMP_PREFIX}abc`)
    await writeFile(tmp, 'content')
    await rename(tmp, join(root, 'done.txt'))
    await waitFor(() => seen.has('done.txt'), 'the renamed file reported')
    expect([...seen].some((p) => p.includes(TEMP_PREFIX))).toBe(false)
  })

  it('forgets a removed directory, and one made again at the same name is watched anew', async () => {
    const { seen, errors } = await start((dir) => mkdir(join(dir, 'gone')))
    await rm(join(root, 'gone'), { recursive: true })
    await waitFor(() => seen.has('gone'), 'the removal reported')
    await mkdir(join(root, 'gone'))
    await waitFor(async () => {
      await writeFile(join(root, 'gone', 'again.txt'), String(Math.random()))
      return seen.has('gone/again.txt')
    }, 'a file in the re-made directory reported')
    expect(errors).toEqual([])
  })

  it('reports nothing once closed', async () => {
    const { seen } = await start()
    await watcher!.close()
    await writeFile(join(root, 'after.txt'), 'x')
    await new Promise((r) => setTimeout(r, 200))
    expect(seen.size).toBe(0)
  })
})
