import { randomBytes, randomUUID } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RpcClient } from '../../shared/rpc'
import { DOCS_LIMITS } from '../../shared/domain/docs'
import type { TestCore } from '../helpers/core'
import { createTestCore } from '../helpers/core'
import { listFiles } from '../helpers/files'

/**
 * My docs through the real router, as the UI calls it: folders, chunked
 * uploads read back byte for byte, rename, move, recursive delete, every
 * refusal with its code (and nothing stored harmed by it), interleaved
 * uploads, persistence across lock and unlock, and no plaintext on disk.
 */

const PASSPHRASE = 'correct horse battery'

async function upload(client: RpcClient, folder: string, name: string, bytes: Buffer, chunk = DOCS_LIMITS.chunkBytes, mime = 'application/octet-stream') {
  const { uploadId, chunkBytes } = await client.call('docs.startUpload', { folder, name, size: bytes.length, mime })
  const step = Math.min(chunk, chunkBytes)
  for (let offset = 0; offset < bytes.length; offset += step) {
    await client.call('docs.uploadChunk', { uploadId, offset, data: bytes.subarray(offset, offset + step).toString('base64') })
  }
  return client.call('docs.finishUpload', { uploadId })
}

async function readAll(client: RpcClient, path: string, length?: number): Promise<Buffer> {
  const parts: Buffer[] = []
  let offset = 0
  for (;;) {
    const answer = await client.call('docs.readFile', { path, offset, ...(length ? { length } : {}) })
    const bytes = Buffer.from(answer.data, 'base64')
    parts.push(bytes)
    offset += bytes.length
    if (answer.done) break
    if (bytes.length === 0) throw new Error('no progress')
  }
  return Buffer.concat(parts)
}

const names = async (client: RpcClient, folder = '') => (await client.call('docs.list', { folder })).entries.map((entry) => `${entry.kind === 'folder' ? '📁' : ''}${entry.name}`)

describe('my docs', () => {
  let person: TestCore
  let client: RpcClient
  const big = randomBytes(1_300_000 + 17)
  const marker = `DocsMarker-${randomUUID()}`

  beforeAll(async () => {
    person = await createTestCore()
    client = person.client
    await client.call('identity.create', { passphrase: PASSPHRASE, displayName: 'Ada' })
  }, 60_000)

  afterAll(async () => {
    await person?.cleanup()
  })

  it('starts empty, makes folders, stores a multi-chunk file and reads it back byte for byte', async () => {
    expect(await client.call('docs.list', {})).toEqual({ folder: '', entries: [] })
    const projects = await client.call('docs.createFolder', { name: 'Projects' })
    expect(projects).toMatchObject({ name: 'Projects', path: 'Projects', kind: 'folder', size: 0 })
    expect(projects.modified).toEqual(expect.any(Number))
    await client.call('docs.createFolder', { folder: 'Projects', name: '2026' })

    const stored = await upload(client, 'Projects', 'big.bin', big)
    expect(stored).toMatchObject({ name: 'big.bin', path: 'Projects/big.bin', kind: 'file', size: big.length, mime: 'application/octet-stream' })
    expect((await readAll(client, 'Projects/big.bin')).equals(big)).toBe(true)
    // Odd ranges too: reads that start and end inside blocks.
    const middle = await client.call('docs.readFile', { path: 'Projects/big.bin', offset: 70_001, length: 200_003 })
    expect(Buffer.from(middle.data, 'base64').equals(big.subarray(70_001, 270_004))).toBe(true)
    expect(middle).toMatchObject({ done: false, size: big.length })

    const note = await upload(client, '', 'note.txt', Buffer.from(`Hello ${marker}\n`), undefined, '')
    expect(note).toMatchObject({ mime: 'text/plain', size: Buffer.byteLength(`Hello ${marker}\n`) })
    const empty = await upload(client, '', 'empty.dat', Buffer.alloc(0))
    expect(empty.size).toBe(0)
    expect(await readAll(client, 'empty.dat')).toEqual(Buffer.alloc(0))

    expect(await names(client)).toEqual(['📁Projects', 'empty.dat', 'note.txt'])
    expect(await names(client, 'Projects')).toEqual(['📁2026', 'big.bin'])
    expect(await client.call('docs.list', { folder: '2026' }).catch((error) => error.code)).toBe('DOCS_NOT_FOUND')
  })

  it('keeps both files when asked, or refuses a taken name (ignoring case)', async () => {
    await expect(upload(client, '', 'NOTE.txt', Buffer.from('other'))).rejects.toMatchObject({ code: 'DOCS_EXISTS' })
    const { uploadId } = await client.call('docs.startUpload', { name: 'note.txt', size: 5, onConflict: 'keepBoth' })
    await client.call('docs.uploadChunk', { uploadId, offset: 0, data: Buffer.from('other').toString('base64') })
    expect(await client.call('docs.finishUpload', { uploadId })).toMatchObject({ name: 'note (2).txt' })
    expect((await readAll(client, 'note.txt')).toString()).toBe(`Hello ${marker}\n`)
    expect((await readAll(client, 'note (2).txt')).toString()).toBe('other')
    await client.call('docs.delete', { path: 'note (2).txt' })
  })

  it('renames and moves files and folders, never over an existing name', async () => {
    await upload(client, 'Projects/2026', 'plan.md', Buffer.from('# Plan'))
    // Case-only rename of the same item is allowed.
    expect(await client.call('docs.rename', { path: 'Projects/2026', name: 'Year 2026' })).toMatchObject({ path: 'Projects/Year 2026', kind: 'folder' })
    expect(await client.call('docs.rename', { path: 'note.txt', name: 'Note.txt' })).toMatchObject({ path: 'Note.txt' })
    await expect(client.call('docs.rename', { path: 'Note.txt', name: 'projects' })).rejects.toMatchObject({ code: 'DOCS_EXISTS' })
    await expect(client.call('docs.rename', { path: 'missing.txt', name: 'x' })).rejects.toMatchObject({ code: 'DOCS_NOT_FOUND' })

    // A whole folder moves with what it holds.
    await client.call('docs.createFolder', { name: 'Archive' })
    const moved = await client.call('docs.move', { path: 'Projects/Year 2026', toFolder: 'Archive' })
    expect(moved).toMatchObject({ path: 'Archive/Year 2026', kind: 'folder' })
    expect((await readAll(client, 'Archive/Year 2026/plan.md')).toString()).toBe('# Plan')
    expect(await names(client, 'Projects')).toEqual(['big.bin'])
    expect(await client.call('docs.listFolders', {})).toEqual(['', 'Archive', 'Archive/Year 2026', 'Projects'])

    // Into itself, onto a name that is there, into a file: refused, nothing changes.
    await expect(client.call('docs.move', { path: 'Archive', toFolder: 'Archive/Year 2026' })).rejects.toMatchObject({ code: 'DOCS_INVALID_MOVE' })
    await expect(client.call('docs.move', { path: 'Archive', toFolder: 'Archive' })).rejects.toMatchObject({ code: 'DOCS_INVALID_MOVE' })
    await upload(client, 'Archive', 'Note.txt', Buffer.from('archived note'))
    await expect(client.call('docs.move', { path: 'Note.txt', toFolder: 'Archive' })).rejects.toMatchObject({ code: 'DOCS_EXISTS' })
    await expect(client.call('docs.move', { path: 'Note.txt', toFolder: 'Projects/big.bin' })).rejects.toMatchObject({ code: 'DOCS_NOT_A_FOLDER' })
    expect((await readAll(client, 'Note.txt')).toString()).toBe(`Hello ${marker}\n`)
    expect((await readAll(client, 'Archive/Note.txt')).toString()).toBe('archived note')

    const file = await client.call('docs.move', { path: 'Projects/big.bin', toFolder: '' })
    expect(file).toMatchObject({ path: 'big.bin', size: big.length })
    expect((await readAll(client, 'big.bin')).equals(big)).toBe(true)
  })

  it('refuses bad paths and names with DOCS_INVALID_NAME', async () => {
    const bad = ['..', '../x', 'a/../b', '/etc/passwd', 'C:\\Windows', 'a//b', 'trailing/', 'nul\u0000byte', 'line\nbreak', 'CON', 'lpt1.txt', 'Aux.log', 'what?', 'ends with dot.', 'x'.repeat(256), 'é'.repeat(128), '.planet-folder', 'e\u0301']
    for (const name of bad) {
      await expect(client.call('docs.createFolder', { name }), JSON.stringify(name)).rejects.toMatchObject({ code: 'DOCS_INVALID_NAME' })
    }
    for (const folder of ['..', '/abs', 'a/./b', 'Archive/../..', '\\\\server\\share']) {
      await expect(client.call('docs.list', { folder }), folder).rejects.toMatchObject({ code: 'DOCS_INVALID_NAME' })
      await expect(client.call('docs.startUpload', { folder, name: 'x.txt', size: 1 }), folder).rejects.toMatchObject({ code: 'DOCS_INVALID_NAME' })
    }
    await expect(client.call('docs.rename', { path: 'Note.txt', name: 'sub/dir.txt' })).rejects.toMatchObject({ code: 'DOCS_INVALID_NAME' })
    await expect(client.call('docs.delete', { path: '' })).rejects.toMatchObject({ code: 'DOCS_INVALID_NAME' })
    await expect(client.call('docs.readFile', { path: '../Note.txt' })).rejects.toMatchObject({ code: 'DOCS_INVALID_NAME' })
    // A name of exactly 255 UTF-8 bytes is fine.
    await client.call('docs.createFolder', { name: 'é'.repeat(127) + 'x' })
    await client.call('docs.delete', { path: 'é'.repeat(127) + 'x' })
    expect(await names(client)).toEqual(['📁Archive', '📁Projects', 'big.bin', 'empty.dat', 'Note.txt'])
  })

  it('refuses files over the limit and bad chunks, and drops a cancelled upload', async () => {
    await expect(client.call('docs.startUpload', { name: 'huge.iso', size: DOCS_LIMITS.fileBytes + 1 })).rejects.toMatchObject({ code: 'DOCS_TOO_LARGE' })
    await expect(client.call('docs.startUpload', { folder: 'Nowhere', name: 'x', size: 1 })).rejects.toMatchObject({ code: 'DOCS_NOT_FOUND' })
    await expect(client.call('docs.startUpload', { folder: 'big.bin', name: 'x', size: 1 })).rejects.toMatchObject({ code: 'DOCS_NOT_A_FOLDER' })

    const { uploadId } = await client.call('docs.startUpload', { name: 'partial.bin', size: 10 })
    await expect(client.call('docs.uploadChunk', { uploadId, offset: 3, data: 'AAAA' })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(client.call('docs.uploadChunk', { uploadId, offset: 0, data: Buffer.alloc(11).toString('base64') })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(client.call('docs.uploadChunk', { uploadId, offset: 0, data: 'not base64!' })).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await client.call('docs.uploadChunk', { uploadId, offset: 0, data: Buffer.alloc(4, 1).toString('base64') })
    await expect(client.call('docs.finishUpload', { uploadId })).rejects.toMatchObject({ code: 'UPLOAD_INCOMPLETE' })
    await client.call('docs.cancelUpload', { uploadId })
    await expect(client.call('docs.uploadChunk', { uploadId, offset: 4, data: 'AAAA' })).rejects.toMatchObject({ code: 'UPLOAD_NOT_FOUND' })
    await expect(client.call('docs.stat', { path: 'partial.bin' })).rejects.toMatchObject({ code: 'DOCS_NOT_FOUND' })
  })

  it('stores two uploads sent at the same time, chunk by chunk in turn', async () => {
    const a = randomBytes(300_000)
    const b = randomBytes(250_000)
    const chunk = 100_000
    const upA = await client.call('docs.startUpload', { name: 'a.bin', size: a.length })
    const upB = await client.call('docs.startUpload', { name: 'b.bin', size: b.length })
    for (let offset = 0; offset < Math.max(a.length, b.length); offset += chunk) {
      if (offset < a.length) await client.call('docs.uploadChunk', { uploadId: upA.uploadId, offset, data: a.subarray(offset, offset + chunk).toString('base64') })
      if (offset < b.length) await client.call('docs.uploadChunk', { uploadId: upB.uploadId, offset, data: b.subarray(offset, offset + chunk).toString('base64') })
    }
    await client.call('docs.finishUpload', { uploadId: upA.uploadId })
    await client.call('docs.finishUpload', { uploadId: upB.uploadId })
    expect((await readAll(client, 'a.bin')).equals(a)).toBe(true)
    expect((await readAll(client, 'b.bin', 77_777)).equals(b)).toBe(true)
    const part = await client.call('docs.readFile', { path: 'a.bin', offset: 99_990, length: 20 })
    expect(Buffer.from(part.data, 'base64').equals(a.subarray(99_990, 100_010))).toBe(true)
  })

  it('deletes a folder with everything in it', async () => {
    await client.call('docs.createFolder', { folder: 'Archive/Year 2026', name: 'Deep' })
    await upload(client, 'Archive/Year 2026/Deep', 'deeper.txt', Buffer.from('deep'))
    const result = await client.call('docs.delete', { path: 'Archive' })
    expect(result).toEqual({ files: 3, folders: 3 })
    await expect(client.call('docs.list', { folder: 'Archive' })).rejects.toMatchObject({ code: 'DOCS_NOT_FOUND' })
    await expect(client.call('docs.readFile', { path: 'Archive/Note.txt' })).rejects.toMatchObject({ code: 'DOCS_NOT_FOUND' })
    expect(await client.call('docs.delete', { path: 'a.bin' })).toEqual({ files: 1, folders: 0 })
    expect(await names(client)).toEqual(['📁Projects', 'b.bin', 'big.bin', 'empty.dat', 'Note.txt'])
  })

  it('keeps everything across lock and unlock, with no file content on disk in the clear', async () => {
    await client.call('vault.lock', {})
    await expect(client.call('docs.list', {})).rejects.toMatchObject({ code: 'VAULT_LOCKED' })
    // Locked: every core and the vault are closed; nothing on disk may hold the content or the names.
    const needles = [Buffer.from(marker), Buffer.from(marker, 'utf16le'), big.subarray(500_000, 500_064), Buffer.from('Year 2026'), Buffer.from('big.bin')]
    const files = await listFiles(person.dataDir)
    expect(files.some((file) => file.includes('cores'))).toBe(true)
    for (const file of files) {
      const content = await readFile(file).catch(() => Buffer.alloc(0))
      for (const needle of needles) expect(content.includes(needle), `${needle.subarray(0, 16).toString('hex')} in ${file}`).toBe(false)
    }

    await client.call('vault.unlock', { passphrase: PASSPHRASE })
    expect(await names(client)).toEqual(['📁Projects', 'b.bin', 'big.bin', 'empty.dat', 'Note.txt'])
    expect((await readAll(client, 'big.bin')).equals(big)).toBe(true)
    expect((await readAll(client, 'Note.txt')).toString()).toBe(`Hello ${marker}\n`)
  })
})

describe('my docs: abandoned uploads', () => {
  let person: TestCore
  let shift = 0

  beforeAll(async () => {
    person = await createTestCore({ clock: { now: () => Date.now() + shift, setTimeout: () => null, clearTimeout: () => undefined } })
    await person.client.call('identity.create', { passphrase: PASSPHRASE, displayName: 'Ben' })
  }, 60_000)

  afterAll(async () => {
    await person?.cleanup()
  })

  it('drops an upload left idle for 30 minutes, and limits how many run at once', async () => {
    const { client } = person
    const idle = await client.call('docs.startUpload', { name: 'idle.bin', size: 10 })
    await client.call('docs.uploadChunk', { uploadId: idle.uploadId, offset: 0, data: Buffer.alloc(5, 9).toString('base64') })
    shift += 31 * 60_000
    // The next start sweeps it away: its bytes are erased and it cannot go on.
    const fresh = await client.call('docs.startUpload', { name: 'fresh.bin', size: 3 })
    await expect(client.call('docs.uploadChunk', { uploadId: idle.uploadId, offset: 5, data: Buffer.alloc(5).toString('base64') })).rejects.toMatchObject({ code: 'UPLOAD_NOT_FOUND' })
    await client.call('docs.uploadChunk', { uploadId: fresh.uploadId, offset: 0, data: Buffer.from('abc').toString('base64') })
    expect(await client.call('docs.finishUpload', { uploadId: fresh.uploadId })).toMatchObject({ name: 'fresh.bin', size: 3 })

    const started = []
    for (let i = 0; i < DOCS_LIMITS.pendingUploads; i++) started.push(await client.call('docs.startUpload', { name: `f${i}`, size: 1 }))
    await expect(client.call('docs.startUpload', { name: 'one more', size: 1 })).rejects.toMatchObject({ code: 'VAULT_BUSY' })
    for (const { uploadId } of started) await client.call('docs.cancelUpload', { uploadId })
    await client.call('docs.startUpload', { name: 'one more', size: 1 })
    expect((await client.call('docs.list', {})).entries.map((entry) => entry.name)).toEqual(['fresh.bin'])
  })
})
