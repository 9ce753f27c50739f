import { mkdir, symlink } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { FolderRefusalReason } from '../../shared/domain/folders'
import type { FolderEngineOptions } from '../../main/core/folders/folder-engine'
import { FolderMesh, put, read, sha256, tree, waitFor } from '../../main/core/folders/test-kit'
import type { HostilePeer, Member } from '../../main/core/folders/test-kit'

/**
 * Nothing a peer sends can write outside the folder. A hostile member writes
 * raw entries into its drive; an honest member (Ada) must refuse each one,
 * report why, and still sync the good file the same peer sent next to it.
 */
let mesh: FolderMesh | null = null

afterEach(async () => {
  await mesh?.close()
  mesh = null
})

async function setup(options: Partial<FolderEngineOptions> = {}): Promise<{ ada: Member; evil: HostilePeer; m: FolderMesh }> {
  const m = await FolderMesh.create(['ada'], options)
  mesh = m
  const evil = await m.addHostile()
  return { ada: m.members[0]!, evil, m }
}

/** Wait for the good file (so the bad entry, written before it, has been judged too). */
async function synced(ada: Member, evil: HostilePeer): Promise<void> {
  await evil.putFile('/ok.txt', 'fine')
  await waitFor(async () => (await read(ada.dir, 'ok.txt')) === 'fine', 'ada has ok.txt')
  await ada.engine.whenIdle()
}

/** No file anywhere under the test's root carries the payload marker, except inside stores (ciphertext). */
async function nothingEscaped(m: FolderMesh): Promise<void> {
  const all = (await tree(m.root)).filter((p) => !p.includes('/store/'))
  expect(all.filter((p) => p.toLowerCase().includes('evil'))).toEqual([])
}

const cases: Array<[string, string, FolderRefusalReason]> = [
  ['a parent segment', '/../evil.txt', 'parent-segment'],
  ['a parent segment deeper down', '/docs/../../evil.txt', 'parent-segment'],
  ['a dot segment', '/./evil.txt', 'dot-segment'],
  ['an empty segment', '/docs//evil.txt', 'empty-segment'],
  ['an absolute path', '//tmp/evil.txt', 'absolute'],
  ['a drive letter', '/C:/evil.txt', 'drive-letter'],
  ['a drive-relative name', '/c:evil.txt', 'drive-letter'],
  ['a backslash', '/..\\evil.txt', 'backslash'],
  ['a NUL byte', '/evil\u0000.txt', 'nul'],
  ['a control character', '/evil\u0007.txt', 'control-char'],
  ['a reserved name', '/CON', 'reserved-name'],
  ['a reserved name with an extension', '/nul.evil.txt', 'reserved-name'],
  ['a reserved name in lower case, in a directory', '/docs/com1.evil', 'reserved-name'],
  ['a reserved printer name', '/LPT9.txt', 'reserved-name'],
  ['a trailing dot', '/evil.', 'trailing-dot-or-space'],
  ['a trailing space', '/evil ', 'trailing-dot-or-space'],
  ['a component over 255 bytes', `/evil${'é'.repeat(126)}`, 'component-too-long'],
  ['a path over the length limit', `/${`evil${'d'.repeat(200)}/`.repeat(6)}f.txt`, 'path-too-long'],
  ['an engine temp name', '/.planet-tmp-evil', 'internal-name'],
]

describe('path safety against a hostile member', () => {
  it.each(cases)('refuses %s', async (_what, key, reason) => {
    const { ada, evil, m } = await setup()
    await evil.putFile(key, 'evil payload')
    await synced(ada, evil)
    expect(ada.refusals).toContainEqual({ path: key, reason, source: 'peer', drive: evil.hex })
    expect(await tree(ada.dir)).toEqual(['ok.txt'])
    await nothingEscaped(m)
  })

  it('refuses a symlink entry', async () => {
    const { ada, evil, m } = await setup()
    await evil.putRaw('/evil-link', { linkname: '/etc/passwd' })
    await synced(ada, evil)
    expect(ada.refusals).toContainEqual({ path: 'evil-link', reason: 'symlink', source: 'peer', drive: evil.hex })
    expect(await tree(ada.dir)).toEqual(['ok.txt'])
    await nothingEscaped(m)
  })

  it('refuses an entry whose record is not a valid version', async () => {
    const { ada, evil } = await setup()
    const blob = await evil.putBlob(Buffer.from('no record'))
    await evil.putRaw('/evil.txt', { blob, metadata: { v: 1, hash: 'nope' } })
    await synced(ada, evil)
    expect(ada.refusals).toContainEqual({ path: 'evil.txt', reason: 'bad-record', source: 'peer', drive: evil.hex })
    expect(await tree(ada.dir)).toEqual(['ok.txt'])
  })

  it('never follows a local symlink that points out of the folder', async () => {
    const { ada, evil, m } = await setup()
    const outside = join(m.root, 'outside')
    await mkdir(outside)
    await symlink(outside, join(ada.dir, 'link'))
    await evil.putFile('/link/evil.txt', 'evil payload')
    await synced(ada, evil)
    expect(ada.refusals).toContainEqual({ path: 'link/evil.txt', reason: 'symlink-in-path', source: 'peer', drive: evil.hex })
    expect(await tree(outside)).toEqual([])
    await nothingEscaped(m)
  })

  it('refuses names differing only in case from an existing path on a case-insensitive disk', async () => {
    const { ada, evil } = await setup({ caseInsensitive: true })
    await put(ada.dir, 'Readme.md', 'mine')
    await put(ada.dir, 'Docs/a.txt', 'mine too')
    await waitFor(() => ada.engine.list().length === 2, 'ada published her files')
    await evil.putFile('/README.md', 'evil payload')
    await evil.putFile('/docs/evil.txt', 'evil payload')
    await synced(ada, evil)
    expect(ada.refusals).toContainEqual({ path: 'README.md', reason: 'case-collision', source: 'peer', drive: evil.hex })
    expect(ada.refusals).toContainEqual({ path: 'docs/evil.txt', reason: 'case-collision', source: 'peer', drive: evil.hex })
    expect(await read(ada.dir, 'Readme.md')).toBe('mine')
    expect(await tree(ada.dir)).toEqual(['Docs/a.txt', 'Readme.md', 'ok.txt'])
  })

  it('refuses a file over the size limit before downloading any of it', async () => {
    const { ada, evil, m } = await setup({ maxFileBytes: 1000 })
    const big = await evil.putFile('/evil-big.bin', Buffer.alloc(200_000, 7))
    await synced(ada, evil)
    expect(ada.refusals).toContainEqual({ path: 'evil-big.bin', reason: 'too-large', source: 'peer', drive: evil.hex })
    // Ada's replica of the peer's blobs core holds none of that file's blocks.
    const blobsKey = (await evil.drive.getBlobs()).core.key
    const replica = ada.store.get({ key: blobsKey, encryptionKey: m.encryptionKey })
    await replica.ready()
    expect(big.blockLength).toBeGreaterThan(1)
    for (let i = big.blockOffset; i < big.blockOffset + big.blockLength; i++) expect(await replica.has(i)).toBe(false)
    await replica.close()
    expect(await tree(ada.dir)).toEqual(['ok.txt'])
  })

  it('refuses content that is not what its record says, and leaves no temp file', async () => {
    const { ada, evil } = await setup()
    await evil.putFile('/evil-hash.txt', 'evil payload', { hash: sha256('something else') })
    const blob = await evil.putBlob(Buffer.alloc(5000, 1))
    await evil.putRaw('/evil-size.txt', {
      blob,
      metadata: { v: 1, vv: { [evil.hex]: 99 }, deleted: false, hash: sha256(Buffer.alloc(10, 1)), size: 10, mtime: 1, time: 1, author: evil.hex, src: null },
    })
    await synced(ada, evil)
    expect(ada.refusals).toContainEqual({ path: 'evil-hash.txt', reason: 'content-mismatch', source: 'peer', drive: evil.hex })
    expect(ada.refusals).toContainEqual({ path: 'evil-size.txt', reason: 'content-mismatch', source: 'peer', drive: evil.hex })
    expect(await tree(ada.dir)).toEqual(['ok.txt'])
  })

  it('refuses names Windows cannot store when asked to', async () => {
    const { ada, evil } = await setup({ windowsChars: true })
    await evil.putFile('/evil?.txt', 'evil payload')
    await synced(ada, evil)
    expect(ada.refusals).toContainEqual({ path: '/evil?.txt', reason: 'windows-char', source: 'peer', drive: evil.hex })
  })

  it('does not publish a local file whose name a peer would refuse, nor a local symlink', async () => {
    const { ada, m } = await setup()
    await put(ada.dir, 'aux.txt', 'local')
    await symlink(m.root, join(ada.dir, 'escape'))
    await put(ada.dir, 'fine.txt', 'local')
    await waitFor(() => ada.engine.list().some((e) => e.path === 'fine.txt'), 'fine.txt published')
    await ada.engine.whenIdle()
    expect(ada.engine.list().map((e) => e.path)).toEqual(['fine.txt'])
    expect(ada.refusals).toContainEqual({ path: 'aux.txt', reason: 'reserved-name', source: 'local', drive: null })
    expect(ada.refusals).toContainEqual({ path: 'escape', reason: 'symlink', source: 'local', drive: null })
  })
})
