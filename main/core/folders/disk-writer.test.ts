import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { DiskWriter } from './disk-writer'

let base = ''
let root = ''
beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'planet-disk-'))
  root = join(base, 'folder')
  await mkdir(root)
})
afterEach(async () => {
  await rm(base, { recursive: true, force: true })
})

const sha = (s: string): string => createHash('sha256').update(s).digest('hex')
async function* chunks(...parts: string[]): AsyncGenerator<Uint8Array> {
  for (const p of parts) yield Buffer.from(p)
}

describe('DiskWriter', () => {
  it('writes through a temp file beside the target, then renames it', async () => {
    const disk = new DiskWriter(root, false)
    await disk.ready()
    expect(await disk.prepareParent('a/b/c.txt')).toEqual({ ok: true })
    const temp = await disk.writeTemp('a/b/c.txt', chunks('hel', 'lo'), { size: 5, hash: sha('hello'), mtime: Date.UTC(2020, 0, 1) }, () => undefined)
    expect(temp.ok).toBe(true)
    if (!temp.ok) return
    expect(temp.tmp.startsWith(join(root, 'a', 'b', '.planet-tmp-'))).toBe(true)
    await disk.commit(temp.tmp, 'a/b/c.txt')
    expect(await readFile(join(root, 'a', 'b', 'c.txt'), 'utf8')).toBe('hello')
    const st = await stat(join(root, 'a', 'b', 'c.txt'))
    expect(st.mtimeMs).toBe(Date.UTC(2020, 0, 1))
    expect(st.ino).toBe(temp.stat.ino)
    expect(await readdir(join(root, 'a', 'b'))).toEqual(['c.txt'])
  })

  it('refuses content that is longer or different than announced, and removes the temp', async () => {
    const disk = new DiskWriter(root, false)
    await disk.ready()
    expect(await disk.writeTemp('x.txt', chunks('hello world'), { size: 5, hash: sha('hello'), mtime: 0 }, () => undefined)).toEqual({ ok: false, reason: 'content-mismatch' })
    expect(await disk.writeTemp('x.txt', chunks('jello'), { size: 5, hash: sha('hello'), mtime: 0 }, () => undefined)).toEqual({ ok: false, reason: 'content-mismatch' })
    expect(await readdir(root)).toEqual([])
  })

  it('never walks through a symlink, even one pointing inside', async () => {
    await mkdir(join(base, 'outside'))
    await symlink(join(base, 'outside'), join(root, 'out'))
    await mkdir(join(root, 'real'))
    await symlink(join(root, 'real'), join(root, 'in'))
    const disk = new DiskWriter(root, false)
    await disk.ready()
    expect(await disk.prepareParent('out/x.txt')).toEqual({ ok: false, reason: 'symlink-in-path' })
    expect(await disk.prepareParent('in/x.txt')).toEqual({ ok: false, reason: 'symlink-in-path' })
    expect(await disk.checkTarget('out')).toEqual({ ok: false, reason: 'symlink-in-path' })
    expect(await readdir(join(base, 'outside'))).toEqual([])
  })

  it('refuses a file standing where a directory must be, and a directory where the file goes', async () => {
    await writeFile(join(root, 'f'), 'x')
    await mkdir(join(root, 'd'))
    const disk = new DiskWriter(root, false)
    await disk.ready()
    expect(await disk.prepareParent('f/x.txt')).toEqual({ ok: false, reason: 'not-a-directory' })
    expect(await disk.checkTarget('d')).toEqual({ ok: false, reason: 'not-a-file' })
  })

  it('on a case-insensitive disk, refuses a name or directory that differs only in case from one present', async () => {
    await mkdir(join(root, 'Docs'))
    await writeFile(join(root, 'Readme.md'), 'x')
    const disk = new DiskWriter(root, true)
    await disk.ready()
    expect(await disk.checkTarget('README.md')).toEqual({ ok: false, reason: 'case-collision' })
    expect(await disk.checkCase('README.md')).toEqual({ ok: false, reason: 'case-collision' })
    expect(await disk.checkTarget('Readme.md')).toEqual({ ok: true })
    expect(await disk.prepareParent('docs/a.txt')).toEqual({ ok: false, reason: 'case-collision' })
    expect(await disk.prepareParent('Docs/a.txt')).toEqual({ ok: true })
    const sensitive = new DiskWriter(root, false)
    await sensitive.ready()
    expect(await sensitive.checkTarget('README.md')).toEqual({ ok: true })
  })

  it('probes the disk for case sensitivity and leaves nothing behind', async () => {
    const insensitive = await DiskWriter.probeCaseInsensitive(root)
    expect(typeof insensitive).toBe('boolean')
    // This suite runs on Linux file systems, which are case-sensitive; macOS and Windows defaults are not.
    if (process.platform === 'linux') expect(insensitive).toBe(false)
    expect(await readdir(root)).toEqual([])
  })

  it('checks a directory again once told to forget, and after removing it', async () => {
    const disk = new DiskWriter(root, false)
    await disk.ready()
    expect(await disk.prepareParent('d/x.txt')).toEqual({ ok: true })
    await rm(join(root, 'd'), { recursive: true })
    await mkdir(join(base, 'elsewhere'))
    await symlink(join(base, 'elsewhere'), join(root, 'd'))
    disk.forgetDirectories()
    expect(await disk.prepareParent('d/x.txt')).toEqual({ ok: false, reason: 'symlink-in-path' })
  })

  it('removes a file and the directories it leaves empty, not the folder itself', async () => {
    await mkdir(join(root, 'a', 'b'), { recursive: true })
    await writeFile(join(root, 'a', 'b', 'f'), 'x')
    await writeFile(join(root, 'a', 'keep'), 'x')
    const disk = new DiskWriter(root, false)
    await disk.ready()
    await disk.remove('a/b/f')
    expect(await readdir(join(root, 'a'))).toEqual(['keep'])
    await disk.remove('a/keep')
    expect(await readdir(root)).toEqual([])
  })
})
