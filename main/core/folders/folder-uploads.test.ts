import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { FOLDER_TRANSFER_LIMITS } from '../../../shared/domain/folders'
import { FolderUploads, UPLOAD_IDLE_MS } from './folder-uploads'

let root = ''
let dir = ''
let now = 1_000_000
let uploads: FolderUploads

const target = (path: string, size: number) => ({ groupId: 'g'.repeat(64), folderId: 'f'.repeat(32), path, size })
const b64 = (bytes: Buffer): string => bytes.toString('base64')

async function staged(): Promise<string[]> {
  return readdir(dir).catch(() => [])
}

async function plaintextOf(upload: Awaited<ReturnType<FolderUploads['take']>>): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const part of upload.reader(upload.file)) parts.push(part)
  return Buffer.concat(parts)
}

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'planet-folder-uploads-'))
  dir = join(root, 'folders-uploads')
  now = 1_000_000
  uploads = new FolderUploads(dir, () => now)
})

afterEach(async () => {
  await uploads.close()
  await rm(root, { recursive: true, force: true })
})

describe('FolderUploads', () => {
  it('stages chunks encrypted on disk and gives the plaintext back, in 64 KiB blocks', async () => {
    // Left by a crash: unreadable without its lost key, removed before first use.
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'stale.part'), 'left over')
    const content = Buffer.concat([Buffer.from('a plaintext marker '.repeat(100)), randomBytes(FOLDER_TRANSFER_LIMITS.chunkBytes * 2)])
    const { uploadId, chunkBytes } = await uploads.start(target('docs/a.bin', content.length))
    expect(chunkBytes).toBe(FOLDER_TRANSFER_LIMITS.chunkBytes)
    expect(uploadId).toMatch(/^[0-9a-f]{32}$/)
    for (let at = 0; at < content.length; at += chunkBytes) {
      expect(await uploads.chunk(uploadId, at, b64(content.subarray(at, at + chunkBytes)))).toEqual({ received: Math.min(at + chunkBytes, content.length) })
    }
    expect(await staged()).toEqual([`${uploadId}.part`])
    const onDisk = await readFile(join(dir, `${uploadId}.part`))
    expect(onDisk.length).toBe(content.length)
    expect(onDisk.includes(Buffer.from('a plaintext marker'))).toBe(false)

    const taken = await uploads.take(uploadId)
    expect(taken).toMatchObject(target('docs/a.bin', content.length))
    const blocks: number[] = []
    for await (const part of taken.reader(taken.file)) blocks.push(part.length)
    expect(blocks.slice(0, -1).every((n) => n === 64 * 1024)).toBe(true)
    expect((await plaintextOf(taken)).equals(content)).toBe(true)
    // Taken: out of the table, the caller owns the file until it discards it.
    await expect(uploads.chunk(uploadId, content.length, 'AA==')).rejects.toMatchObject({ code: 'UPLOAD_NOT_FOUND' })
    await taken.discard()
    expect(await staged()).toEqual([])
  })

  it('refuses chunks out of order, too long, past the size, not base64, and for unknown uploads', async () => {
    const { uploadId } = await uploads.start(target('a.txt', 10))
    await expect(uploads.chunk('0'.repeat(32), 0, 'AA==')).rejects.toMatchObject({ code: 'UPLOAD_NOT_FOUND' })
    await expect(uploads.chunk(uploadId, 3, b64(Buffer.from('abc')))).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(uploads.chunk(uploadId, 0, b64(Buffer.alloc(11)))).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(uploads.chunk(uploadId, 0, 'not base64!')).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    await expect(uploads.chunk(uploadId, 0, '')).rejects.toMatchObject({ code: 'INVALID_INPUT' })
    // Two calls for the same offset at once: one is taken, the other refused.
    const both = await Promise.allSettled([uploads.chunk(uploadId, 0, b64(Buffer.from('hello'))), uploads.chunk(uploadId, 0, b64(Buffer.from('HELLO')))])
    expect(both.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected'])
    expect(await uploads.chunk(uploadId, 5, b64(Buffer.from('world')))).toEqual({ received: 10 })
    expect((await plaintextOf(await uploads.take(uploadId))).toString()).toBe('helloworld')
  })

  it('an incomplete finish drops the upload and its file', async () => {
    const { uploadId } = await uploads.start(target('a.txt', 10))
    await uploads.chunk(uploadId, 0, b64(Buffer.from('half')))
    await expect(uploads.take(uploadId)).rejects.toMatchObject({ code: 'UPLOAD_INCOMPLETE' })
    await expect(uploads.take(uploadId)).rejects.toMatchObject({ code: 'UPLOAD_NOT_FOUND' })
    expect(await staged()).toEqual([])
  })

  it('at most openUploads at once; cancel, a removed folder and idleness free them and their files', async () => {
    const ids: string[] = []
    for (let i = 0; i < FOLDER_TRANSFER_LIMITS.openUploads; i++) ids.push((await uploads.start(target(`f${i}.txt`, 1))).uploadId)
    await expect(uploads.start(target('one-more.txt', 1))).rejects.toMatchObject({ code: 'VAULT_BUSY' })
    await uploads.cancel(ids[0]!)
    await uploads.cancel(ids[0]!)
    expect(uploads.open).toBe(FOLDER_TRANSFER_LIMITS.openUploads - 1)
    const other = await uploads.start({ ...target('elsewhere.txt', 1), folderId: 'e'.repeat(32) })
    await uploads.dropFolder('g'.repeat(64), 'f'.repeat(32))
    expect(uploads.open).toBe(1)
    expect(await staged()).toEqual([`${other.uploadId}.part`])

    // Idle up to the limit: kept. A chunk makes it active again; idle past the limit: gone, file and all.
    now += UPLOAD_IDLE_MS
    await uploads.expire()
    expect(uploads.open).toBe(1)
    const idle = await uploads.start(target('idle.txt', 1))
    now += 1
    await uploads.expire()
    expect(uploads.open).toBe(1)
    await expect(uploads.chunk(other.uploadId, 0, 'AA==')).rejects.toMatchObject({ code: 'UPLOAD_NOT_FOUND' })
    now += UPLOAD_IDLE_MS
    await uploads.chunk(idle.uploadId, 0, 'AA==')
    now += UPLOAD_IDLE_MS + 1
    await uploads.expire()
    expect(uploads.open).toBe(0)
    await expect(uploads.take(idle.uploadId)).rejects.toMatchObject({ code: 'UPLOAD_NOT_FOUND' })
    expect(await staged()).toEqual([])
  })

  it('closing (the vault locks) drops every upload and refuses new ones', async () => {
    const { uploadId } = await uploads.start(target('a.txt', 2))
    await uploads.chunk(uploadId, 0, 'AA==')
    await uploads.close()
    expect(await staged()).toEqual([])
    await expect(uploads.chunk(uploadId, 1, 'AA==')).rejects.toMatchObject({ code: 'UPLOAD_NOT_FOUND' })
    await expect(uploads.start(target('b.txt', 1))).rejects.toMatchObject({ code: 'FOLDER_UNAVAILABLE' })
  })
})
