import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Corestore from 'corestore'
import Hyperdrive from 'hyperdrive'
import type { BlobId, Hyperblobs } from 'hyperdrive'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { BLOCK_BYTES, DEDUP_MIN_BYTES, discardAppended, readIntoBlobs } from './local-publisher'

let dir = ''
let store: Corestore
let drive: Hyperdrive
let blobs: Hyperblobs

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'planet-publisher-'))
  store = new Corestore(join(dir, 'store'))
  drive = new Hyperdrive(store.namespace('t'))
  await drive.ready()
  blobs = await drive.getBlobs()
})
afterEach(async () => {
  await drive.close()
  await store.close()
  await rm(dir, { recursive: true, force: true })
})

async function content(id: BlobId): Promise<Buffer> {
  if (id.blockLength === 0) return Buffer.alloc(0)
  const parts: Buffer[] = []
  for await (const chunk of blobs.createReadStream(id)) parts.push(chunk)
  return Buffer.concat(parts)
}

describe('readIntoBlobs', () => {
  it('stores a file in 64 KiB blocks and counts every byte read once', async () => {
    const data = randomBytes(3 * BLOCK_BYTES + 10)
    await writeFile(join(dir, 'f'), data)
    let read = 0
    const r = await readIntoBlobs(join(dir, 'f'), blobs, null, (n) => (read += n))
    expect(read).toBe(data.length)
    expect(r.size).toBe(data.length)
    expect((await content(r.blob)).equals(data)).toBe(true)
  })

  it('stores only the changed block of an edit in place', async () => {
    const data = randomBytes(8 * BLOCK_BYTES)
    await writeFile(join(dir, 'f'), data)
    const first = await readIntoBlobs(join(dir, 'f'), blobs, null, () => undefined, undefined, DEDUP_MIN_BYTES)
    data[5 * BLOCK_BYTES + 3] = data[5 * BLOCK_BYTES + 3]! ^ 1
    await writeFile(join(dir, 'f'), data)
    const second = await readIntoBlobs(join(dir, 'f'), blobs, first.blob, () => undefined, undefined, DEDUP_MIN_BYTES)
    // one new data block + the block map
    expect(second.appended.end - second.appended.start).toBe(2)
    expect((await content(second.blob)).equals(data)).toBe(true)
  })

  it('handles an empty file, and a later version of it', async () => {
    await writeFile(join(dir, 'f'), '')
    const empty = await readIntoBlobs(join(dir, 'f'), blobs, null, () => undefined, undefined, DEDUP_MIN_BYTES)
    expect(empty.size).toBe(0)
    await writeFile(join(dir, 'f'), 'now with content')
    const next = await readIntoBlobs(join(dir, 'f'), blobs, empty.blob, () => undefined, undefined, DEDUP_MIN_BYTES)
    expect((await content(next.blob)).toString()).toBe('now with content')
  })

  it('discarding a touched read frees only its own blocks: the previous version stays readable', async () => {
    const data = randomBytes(4 * BLOCK_BYTES)
    await writeFile(join(dir, 'f'), data)
    const first = await readIntoBlobs(join(dir, 'f'), blobs, null, () => undefined, undefined, DEDUP_MIN_BYTES)
    const again = await readIntoBlobs(join(dir, 'f'), blobs, first.blob, () => undefined, undefined, DEDUP_MIN_BYTES)
    await discardAppended(blobs, again.appended)
    expect((await content(first.blob)).equals(data)).toBe(true)
  })

  it('stores a small file as a plain blob (one append, no block map)', async () => {
    await writeFile(join(dir, 'f'), 'small')
    const r = await readIntoBlobs(join(dir, 'f'), blobs, null, () => undefined, undefined, 5)
    expect(r.blob.blockMap).toBeUndefined()
    expect(r.appended.end - r.appended.start).toBe(1)
    expect((await content(r.blob)).toString()).toBe('small')
  })

  it('fails (and leaves the core usable) when the file cannot be read', async () => {
    await expect(readIntoBlobs(join(dir, 'missing'), blobs, null, () => undefined)).rejects.toMatchObject({ code: 'ENOENT' })
    await writeFile(join(dir, 'f'), 'ok')
    const r = await readIntoBlobs(join(dir, 'f'), blobs, null, () => undefined)
    expect((await content(r.blob)).toString()).toBe('ok')
  })
})
