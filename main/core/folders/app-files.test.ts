import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FolderFileError, placeProblem } from './app-files'
import type { ImportSource } from './app-files'
import { FolderEngine } from './folder-engine'
import { readFileBlocks } from './local-publisher'
import { FolderMesh, put, read, waitFor } from './test-kit'
import type { Member } from './test-kit'

let mesh: FolderMesh | null = null
let staging = ''

beforeEach(async () => {
  staging = await mkdtemp(join(tmpdir(), 'planet-app-files-'))
})

afterEach(async () => {
  await mesh?.close()
  mesh = null
  await rm(staging, { recursive: true, force: true })
})

/** A staged upload as the handlers hand it over (here in plaintext, read as the scanner reads). */
async function stage(content: Buffer | string): Promise<ImportSource> {
  const abs = join(staging, randomBytes(6).toString('hex'))
  const data = Buffer.from(content)
  await writeFile(abs, data)
  return { abs, size: data.length, reader: readFileBlocks }
}

async function readAll(engine: FolderEngine, path: string, versionId?: string, chunk = 300_000): Promise<Buffer> {
  const content = await engine.openVersion(path, versionId)
  const parts: Buffer[] = []
  for (let at = 0; at < content.size; at += chunk) for await (const part of content.read(at, chunk)) parts.push(part)
  return Buffer.concat(parts)
}

async function refusal(promise: Promise<unknown>): Promise<{ code: string; reason: string | null }> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  if (!(error instanceof FolderFileError)) throw new Error(`expected a FolderFileError, got ${String(error)}`)
  return { code: error.code, reason: error.reason }
}

async function diskFile(member: Member, rel: string): Promise<Buffer | null> {
  return readFile(join(member.dir, ...rel.split('/'))).catch(() => null)
}

/** Put a file on Ben's disk and let his engine see it (no watcher here: the tests decide when the disk is looked at). */
async function putOnDisk(member: Member, rel: string, content: string | Buffer): Promise<void> {
  await put(member.dir, rel, content)
  member.engine.rescan()
  await member.engine.whenIdle()
}

/**
 * Ben keeps the folder in a directory (no watcher: a disk edit is seen when
 * a test rescans, or when an app operation looks at the path first); Ada has
 * none (browser mode): the app is her only way in and out.
 */
async function adaWithoutDirAndBen(options: { adaMaxFileBytes?: number } = {}): Promise<{ ada: Member; ben: Member }> {
  mesh = await FolderMesh.create(['ben'], { watch: false })
  await mesh.add('ada', { dir: null, ...(options.adaMaxFileBytes ? { maxFileBytes: options.adaMaxFileBytes } : {}) })
  await mesh.introduce()
  await mesh.disconnect()
  mesh.connect()
  return { ada: mesh.member('ada'), ben: mesh.member('ben') }
}

describe('placeProblem', () => {
  it('refuses a folder at the path, a file on the way, and a name differing only in case', () => {
    const live = ['docs/plan.md', 'Photos/a.jpg', 'readme.txt']
    expect(placeProblem('docs/new.md', live)).toBeNull()
    expect(placeProblem('docs/plan.md', live)).toBeNull()
    expect(placeProblem('docs', live)).toBe('not-a-file')
    expect(placeProblem('readme.txt/inner', live)).toBe('not-a-directory')
    expect(placeProblem('README.txt', live)).toBe('case-collision')
    expect(placeProblem('photos/b.jpg', live)).toBe('case-collision')
    expect(placeProblem('Photos/b.jpg', live)).toBeNull()
    // Unicode normalization: é precomposed vs e + combining accent.
    expect(placeProblem('caf\u0065\u0301.txt', ['caf\u00e9.txt'])).toBe('case-collision')
    expect(placeProblem('other/plan.md', live)).toBeNull()
  })
})

describe('FolderEngine, files from the app', () => {
  it('an upload from a device with no directory lands on a member’s disk; a second one is a new version; both read back by range', async () => {
    const { ada, ben } = await adaWithoutDirAndBen()
    const first = randomBytes(3 * 1024 * 1024 + 17)
    const entry = await ada.engine.importFile('docs/plan.bin', await stage(first))
    expect(entry).toMatchObject({ path: 'docs/plan.bin', size: first.length, author: ada.engine.deviceId })
    await waitFor(async () => (await diskFile(ben, 'docs/plan.bin'))?.equals(first) === true, 'ben has plan.bin on disk')
    expect((await readAll(ben.engine, 'docs/plan.bin')).equals(first)).toBe(true)

    const second = Buffer.concat([first.subarray(0, 2 * 1024 * 1024), Buffer.from('edited in the app')])
    await ada.engine.importFile('docs/plan.bin', await stage(second))
    await waitFor(async () => (await diskFile(ben, 'docs/plan.bin'))?.equals(second) === true, 'ben has the new version on disk')
    const history = await ben.engine.history('docs/plan.bin')
    expect(history.map((v) => v.size)).toEqual([second.length, first.length])
    // Ben reads Ada's versions from her drive; Ada reads back what she put, by version id too.
    expect((await readAll(ben.engine, 'docs/plan.bin', history[1]!.id)).equals(first)).toBe(true)
    expect((await readAll(ada.engine, 'docs/plan.bin')).equals(second)).toBe(true)
    const middle = await ada.engine.openVersion('docs/plan.bin', history[1]!.id)
    const slice: Buffer[] = []
    for await (const part of middle.read(1_000_000, 100)) slice.push(part)
    expect(Buffer.concat(slice).equals(first.subarray(1_000_000, 1_000_100))).toBe(true)

    // The same content again makes no new version.
    const published = ada.engine.stats.published
    await ada.engine.importFile('docs/plan.bin', await stage(second))
    expect(ada.engine.stats.published).toBe(published)
    expect(await ada.engine.history('docs/plan.bin')).toHaveLength(2)

    // Ada reads a small file Ben made on his disk: its blocks come from Ben's drive.
    await putOnDisk(ben, 'from-ben.txt', 'hello from the disk')
    await waitFor(() => ada.engine.list().some((e) => e.path === 'from-ben.txt'), 'ada lists from-ben.txt')
    expect((await readAll(ada.engine, 'from-ben.txt')).toString()).toBe('hello from the disk')
  })

  it('an upload on a bound device is written to its own disk by the loop, and a rescan does not take the old disk content for an edit', async () => {
    const { ada, ben } = await adaWithoutDirAndBen()
    await putOnDisk(ben, 'note.txt', 'version one, on disk')
    await waitFor(() => ada.engine.list().some((e) => e.path === 'note.txt'), 'ada has note.txt')

    await ben.engine.importFile('note.txt', await stage('version two, from the app'))
    await waitFor(async () => (await read(ben.dir, 'note.txt')) === 'version two, from the app', 'ben’s disk has the upload')
    await ben.engine.whenIdle()
    const published = ben.engine.stats.published
    ben.engine.rescan()
    await ben.engine.whenIdle()
    expect(ben.engine.stats.published).toBe(published)
    expect(ben.engine.list().find((e) => e.path === 'note.txt')?.author).toBe(ben.engine.deviceId)
    await waitFor(async () => (await readAll(ada.engine, 'note.txt')).toString() === 'version two, from the app', 'ada reads the upload')

    // An edit on disk the engine has not seen yet is published first, then superseded (it stays in history).
    await writeFile(join(ben.dir, 'note.txt'), 'version three, typed on disk')
    await ben.engine.importFile('note.txt', await stage('version four, from the app'))
    await waitFor(async () => (await read(ben.dir, 'note.txt')) === 'version four, from the app', 'ben’s disk has the second upload')
    const history = await ben.engine.history('note.txt')
    const texts = []
    for (const version of history) texts.push((await readAll(ben.engine, 'note.txt', version.id)).toString())
    expect(texts).toEqual(['version four, from the app', 'version three, typed on disk', 'version two, from the app', 'version one, on disk'])
    await waitFor(async () => (await readAll(ada.engine, 'note.txt')).toString() === 'version four, from the app', 'ada has version four')
    expect(ben.engine.conflicts()).toEqual([])
  })

  it('an upload the engine closed before writing to disk is written after a restart, not overwritten by the old disk content', async () => {
    const { ada, ben } = await adaWithoutDirAndBen()
    await putOnDisk(ben, 'doc.txt', 'old, on disk')
    await ben.engine.importFile('doc.txt', await stage('new, from the app'))
    await ben.engine.close()
    ben.engine = new FolderEngine({ folderId: 'test-folder', store: ben.store, stateDir: ben.stateDir, dir: ben.dir, encryptionKey: mesh!.encryptionKey, caseInsensitive: false, watch: false, rescanIntervalMs: 0 })
    await ben.engine.ready()
    await ben.engine.setMembers([ada.engine.driveKey])
    await waitFor(async () => (await read(ben.dir, 'doc.txt')) === 'new, from the app', 'ben’s disk has the upload after the restart')
    await ben.engine.whenIdle()
    expect(ben.engine.stats.published).toBe(0)
    expect((await ben.engine.history('doc.txt')).map((v) => v.size)).toEqual(['new, from the app'.length, 'old, on disk'.length])
    await waitFor(async () => (await readAll(ada.engine, 'doc.txt')).toString() === 'new, from the app', 'ada reads the upload')
  })

  it('refuses bad paths, clashes, size, and a paused folder before touching anything', async () => {
    const { ada, ben } = await adaWithoutDirAndBen({ adaMaxFileBytes: 1000 })
    await ada.engine.importFile('docs/plan.md', await stage('plan'))
    await mkdir(join(ben.dir, 'a-directory'))
    await putOnDisk(ben, '.planetignore', 'build/\n')
    await waitFor(() => ben.engine.list().some((e) => e.path === 'docs/plan.md'), 'ben has plan.md')
    await ben.engine.whenIdle()
    const before = { ada: ada.engine.stats.published, ben: ben.engine.stats.published }

    for (const [path, reason] of [
      ['../x', 'parent-segment'],
      ['a/../../b', 'parent-segment'],
      ['/etc/passwd', 'absolute'],
      ['C:/x', 'drive-letter'],
      ['CON.txt', 'reserved-name'],
      ['.planetignore', 'internal-name'],
      ['.planet-tmp-1', 'internal-name'],
      ['docs', 'not-a-file'],
      ['docs/plan.md/x', 'not-a-directory'],
      ['DOCS/other.md', 'case-collision'],
    ] as const) {
      expect(await refusal(ada.engine.checkImport(path, 1)), path).toEqual({ code: 'BAD_PATH', reason })
      expect(await refusal(ada.engine.importFile(path, await stage('x'))), path).toEqual({ code: 'BAD_PATH', reason })
    }
    expect(await refusal(ada.engine.importFile('big.bin', await stage(randomBytes(1001))))).toEqual({ code: 'TOO_LARGE', reason: null })
    // Ben's own disk and filter: an ignored path, a directory where the file would go.
    expect(await refusal(ben.engine.importFile('build/out.o', await stage('x')))).toEqual({ code: 'BAD_PATH', reason: 'excluded' })
    expect(await refusal(ben.engine.importFile('a-directory', await stage('x')))).toEqual({ code: 'BAD_PATH', reason: 'not-a-file' })
    ada.engine.pause()
    expect(await refusal(ada.engine.importFile('ok.txt', await stage('x')))).toEqual({ code: 'PAUSED', reason: null })
    expect(await refusal(ada.engine.deleteFile('docs/plan.md'))).toEqual({ code: 'PAUSED', reason: null })
    ada.engine.resume()

    expect({ ada: ada.engine.stats.published, ben: ben.engine.stats.published }).toEqual(before)
    expect(ada.engine.list().map((e) => e.path)).toEqual(['docs/plan.md'])
    expect((await stat(join(ben.dir, 'a-directory'))).isDirectory()).toBe(true)
  })

  it('deletes a file on every member and from the bound directory; the versions stay readable', async () => {
    const { ada, ben } = await adaWithoutDirAndBen()
    await putOnDisk(ben, 'keep/gone.txt', 'precious')
    await waitFor(() => ada.engine.list().some((e) => e.path === 'keep/gone.txt'), 'ada has gone.txt')
    expect(await refusal(ada.engine.deleteFile('keep/missing.txt'))).toEqual({ code: 'NO_SUCH_FILE', reason: null })
    expect(await refusal(ada.engine.deleteFile('../gone.txt'))).toEqual({ code: 'BAD_PATH', reason: 'parent-segment' })
    await ada.engine.deleteFile('keep/gone.txt')
    expect(ada.engine.list()).toEqual([])
    await waitFor(async () => (await read(ben.dir, 'keep/gone.txt')) === null, 'ben lost gone.txt')
    expect(await refusal(ada.engine.openVersion('keep/gone.txt'))).toEqual({ code: 'NO_SUCH_FILE', reason: null })
    expect(await refusal(ada.engine.deleteFile('keep/gone.txt'))).toEqual({ code: 'NO_SUCH_FILE', reason: null })
    const history = await ada.engine.history('keep/gone.txt')
    expect(history.map((v) => v.deleted)).toEqual([true, false])
    expect(await refusal(ada.engine.openVersion('keep/gone.txt', history[0]!.id))).toMatchObject({ code: 'NO_SUCH_VERSION' })
    expect((await readAll(ada.engine, 'keep/gone.txt', history[1]!.id)).toString()).toBe('precious')
    expect(await refusal(ada.engine.openVersion('keep/gone.txt', 'nonsense'))).toMatchObject({ code: 'NO_SUCH_VERSION' })
    // Restore brings it back on Ben's disk.
    await ada.engine.restore('keep/gone.txt', history[1]!.id)
    await waitFor(async () => (await read(ben.dir, 'keep/gone.txt')) === 'precious', 'ben has gone.txt back')
  })

  it('a read whose blocks no online member holds is NOT_SYNCED, then works once the member is back', async () => {
    const { ada, ben } = await adaWithoutDirAndBen()
    const content = randomBytes(200_000)
    await putOnDisk(ben, 'far.bin', content)
    await waitFor(() => ada.engine.list().some((e) => e.path === 'far.bin'), 'ada lists far.bin')
    await mesh!.disconnect()
    const version = await ada.engine.openVersion('far.bin', undefined, 300)
    const reading = (async () => {
      for await (const part of version.read(0, 1000)) void part
    })()
    expect(await refusal(reading)).toEqual({ code: 'NOT_SYNCED', reason: null })
    mesh!.connect()
    expect((await readAll(ada.engine, 'far.bin')).equals(content)).toBe(true)
  })
})
