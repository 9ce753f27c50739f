import Sqlite from 'better-sqlite3-multiple-ciphers'
import { randomUUID } from 'node:crypto'
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { RpcClient } from '../../shared/rpc'
import { createTestCore, makeTempDir } from '../helpers/core'
import { listFiles } from '../helpers/files'
import { connect, createPerson, waitFor } from '../helpers/people'
import { startTestnet } from '../helpers/testnet'

/**
 * ARCHITECTURE.md §5: nothing in the data dir is plaintext. Onboard a user
 * through the client as the UI does, then read every byte of every file under
 * the data dir and look for what must never be there in the clear: the
 * profile text, the passphrase, the DID, any run of phrase words, and the
 * header of an unencrypted SQLite database. Done once with the vault locked
 * (everything checkpointed and closed) and once while it is still unlocked
 * (the WAL holds the latest writes).
 */

const cleanups: Array<() => Promise<void>> = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

interface Needle {
  label: string
  bytes: Buffer
}

interface Finding {
  file: string
  needle: string
}

/** Each text as UTF-8 and as UTF-16LE (SQLite can store text either way; so can anything else). */
function textNeedles(label: string, text: string): Needle[] {
  return [
    { label: `${label} (utf-8)`, bytes: Buffer.from(text, 'utf8') },
    { label: `${label} (utf-16le)`, bytes: Buffer.from(text, 'utf16le') },
  ]
}

const SQLITE_HEADER: Needle = { label: 'plaintext SQLite header', bytes: Buffer.from('SQLite format 3\0', 'latin1') }

async function scan(dir: string, needles: Needle[]): Promise<{ files: string[]; findings: Finding[] }> {
  const files = await listFiles(dir)
  const findings: Finding[] = []
  for (const file of files) {
    // The corestore's RocksDB may compact a file away between listing and reading.
    const content = await readFile(file).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return Buffer.alloc(0)
      throw error
    })
    for (const needle of needles) if (content.includes(needle.bytes)) findings.push({ file: file.slice(dir.length + 1), needle: needle.label })
  }
  return { files: files.map((file) => file.slice(dir.length + 1)), findings }
}

interface Onboarded {
  dataDir: string
  needles: Needle[]
  client: RpcClient
  /** Close the core as the app does on quit, keeping the data dir for the scan. */
  close: () => Promise<void>
}

/** A user as the UI makes one: create, profile, backup check, phrase shown again. */
async function onboard(): Promise<Onboarded> {
  const t = await createTestCore()
  cleanups.push(t.cleanup)
  const nameMarker = `NameMarker-${randomUUID()}`
  const bioMarker = `BioMarker-${randomUUID()}`
  const passphrase = `Passphrase-${randomUUID()}`
  const created = await t.client.call('identity.create', { passphrase, displayName: nameMarker })
  await t.client.call('identity.updateProfile', { bio: `About me: ${bioMarker}. Ünïcödé too.` })
  await t.client.call('identity.confirmBackup', {
    words: created.confirmPositions.map((position) => ({ position, word: created.phrase[position - 1]! })),
  })
  await t.client.call('identity.revealPhrase', { passphrase })

  const phrase = created.phrase
  const needles = [
    ...textNeedles('display name', nameMarker),
    ...textNeedles('bio', bioMarker),
    ...textNeedles('passphrase', passphrase),
    ...textNeedles('DID', created.identity.did),
    ...textNeedles('public key (hex)', created.identity.publicKey),
    ...textNeedles('whole phrase', phrase.join(' ')),
    ...textNeedles('phrase as JSON', JSON.stringify(phrase)),
    // Every run of three consecutive words: catches a phrase stored in pieces or with other separators trimmed.
    ...phrase.slice(0, -2).flatMap((_, i) => textNeedles(`words ${i + 1}-${i + 3}`, phrase.slice(i, i + 3).join(' '))),
    SQLITE_HEADER,
  ]
  const close = async () => {
    t.client.close()
    await t.core.close()
  }
  return { dataDir: t.dataDir, needles, client: t.client, close }
}

describe('plaintext at rest', () => {
  it('finds what it looks for (the scanner can fail)', async () => {
    const { dir, cleanup } = await makeTempDir()
    cleanups.push(cleanup)
    const marker = `Marker-${randomUUID()}`
    const needles = [...textNeedles('marker', marker), SQLITE_HEADER]

    expect((await scan(dir, needles)).findings).toEqual([])
    // A marker in UTF-16LE, two directories down, in a hidden file, after a megabyte of noise.
    await mkdir(join(dir, 'a', '.b'), { recursive: true })
    await writeFile(join(dir, 'a', '.b', '.hidden'), Buffer.concat([Buffer.alloc(1 << 20, 7), Buffer.from(marker, 'utf16le')]))
    // And an unencrypted SQLite database holding it, as a forgotten plain store would.
    const plain = new Sqlite(join(dir, 'plain.db'))
    plain.exec('CREATE TABLE t (v TEXT)')
    plain.prepare('INSERT INTO t VALUES (?)').run(marker)
    plain.close()

    const { findings } = await scan(dir, needles)
    expect(findings).toEqual(
      expect.arrayContaining([
        { file: join('a', '.b', '.hidden'), needle: 'marker (utf-16le)' },
        { file: 'plain.db', needle: 'marker (utf-8)' },
        { file: 'plain.db', needle: 'plaintext SQLite header' },
      ]),
    )
  })

  it('holds nothing in the clear after onboarding and locking', async () => {
    const user = await onboard()
    await user.client.call('vault.lock', {})
    await user.close()

    const { files, findings } = await scan(user.dataDir, user.needles)
    expect(files).toContain('vault.db')
    expect(findings).toEqual([])
  })

  it('holds nothing in the clear while unlocked, WAL included', async () => {
    const user = await onboard()
    expect(await user.client.call('vault.getStatus', {})).toMatchObject({ state: 'unlocked' })

    const { files, findings } = await scan(user.dataDir, user.needles)
    expect(files).toEqual(expect.arrayContaining(['vault.db', 'vault.db-wal']))
    // The latest writes are still only in the WAL: this run really scanned them.
    expect((await stat(join(user.dataDir, 'vault.db-wal'))).size).toBeGreaterThan(0)
    expect(findings).toEqual([])
  })

  it('keeps a group’s messages, names and files out of the clear on every member’s disk', async () => {
    const testnet = await startTestnet()
    cleanups.push(() => testnet.destroy())
    const ada = await createPerson(testnet, 'Ada')
    cleanups.push(ada.cleanup)
    const ben = await createPerson(testnet, 'Ben')
    cleanups.push(ben.cleanup)
    const groupName = `GroupMarker-${randomUUID()}`
    const text = `MessageMarker-${randomUUID()}`
    const fileText = `FileMarker-${randomUUID()} `.repeat(5000)
    const group = await ada.client.call('groups.create', { name: groupName, mode: 'working', visibility: 'open' })
    const link = await ada.client.call('groups.createLink', { groupId: group.id })
    await ben.client.call('groups.join', { code: link.code })
    await waitFor('Ben to be a member', async () => (await ben.client.call('groups.get', { groupId: group.id })).ready)
    const file = Buffer.from(fileText)
    const { uploadId } = await ada.client.call('chats.startUpload', { name: 'notes.txt', size: file.length, mime: 'text/plain' })
    await ada.client.call('chats.uploadChunk', { uploadId, offset: 0, data: file.toString('base64') })
    const sent = await ada.client.call('chats.sendMessage', { conversationId: group.id, text, uploadIds: [uploadId] })
    const attachmentId = sent.attachments[0]!.id
    await waitFor('Ben to read the message', async () => (await ben.client.call('chats.listMessages', { conversationId: group.id })).messages.find((m) => m.id === sent.id)?.text === text)
    await ben.client.call('chats.downloadAttachment', { conversationId: group.id, messageId: sent.id, attachmentId })
    await waitFor('Ben to have the file', async () => {
      const message = (await ben.client.call('chats.listMessages', { conversationId: group.id })).messages.find((m) => m.id === sent.id)
      return message?.attachments[0]?.state === 'available'
    })
    const read = await ben.client.call('chats.readAttachment', { conversationId: group.id, messageId: sent.id, attachmentId, length: file.length })
    expect(Buffer.from(read.data, 'base64').equals(file)).toBe(true)

    // A shared folder: Ada uploads through the app, Ben keeps it in a directory of his own (outside the data dir, where it is meant to be plain).
    const folderName = `FolderMarker-${randomUUID()}`
    const sharedName = `SharedFileMarker-${randomUUID()}.txt`
    const sharedText = `SharedContentMarker-${randomUUID()} `.repeat(3000)
    const folder = await ada.client.call('folders.create', { groupId: group.id, name: folderName })
    const ref = { groupId: group.id, folderId: folder.id }
    const { dir: benDir, cleanup: removeBenDir } = await makeTempDir('planet-folder-')
    cleanups.push(removeBenDir)
    await waitFor('Ben to open the folder', async () => (await ben.client.call('folders.list', { groupId: group.id })).some((f) => f.id === folder.id && f.available))
    await ben.client.call('folders.bind', { ...ref, dir: benDir })
    const shared = Buffer.from(sharedText)
    const upload = await ada.client.call('folders.startUpload', { ...ref, path: `plans/${sharedName}`, size: shared.length })
    await ada.client.call('folders.uploadChunk', { uploadId: upload.uploadId, offset: 0, data: shared.toString('base64') })
    await ada.client.call('folders.finishUpload', { uploadId: upload.uploadId })
    await waitFor('the shared file on Ben’s disk', async () => (await readFile(join(benDir, 'plans', sharedName)).catch(() => null))?.equals(shared) === true, 30_000)
    await ben.client.call('vault.lock', {}) // the local index is saved on close

    const needles = [
      ...textNeedles('group name', groupName),
      ...textNeedles('message', text),
      ...textNeedles('file content', fileText.slice(0, 60)),
      ...textNeedles('shared folder name', folderName),
      ...textNeedles('shared file name', sharedName),
      ...textNeedles('shared file content', sharedText.slice(0, 60)),
      SQLITE_HEADER,
    ]
    for (const person of [ada, ben]) {
      const { files, findings } = await scan(person.dataDir, needles)
      expect(files.some((name) => name.startsWith('cores'))).toBe(true)
      expect(findings).toEqual([])
    }
    expect((await listFiles(ben.dataDir)).some((name) => name.includes('local-index'))).toBe(true)
  }, 90_000)

  it('keeps posts and comments out of the clear on the author’s and the reader’s disk', async () => {
    const testnet = await startTestnet()
    cleanups.push(() => testnet.destroy())
    const ada = await createPerson(testnet, 'Ada')
    cleanups.push(ada.cleanup)
    const ben = await createPerson(testnet, 'Ben')
    cleanups.push(ben.cleanup)
    await connect(ada.client, ben.client, 'Ben')
    const adaId = (await ada.client.call('identity.get', {})).publicKey
    const title = `PostTitleMarker-${randomUUID()}`
    const body = `PostBodyMarker-${randomUUID()}`
    const remark = `CommentMarker-${randomUUID()}`
    const post = await ada.client.call('feeds.createPost', { kind: 'blog', title, body, tags: ['marker'] })
    await waitFor('Ben to hold Ada’s post', async () => (await ben.client.call('feeds.getPost', { authorId: adaId, id: post.id })).post.body === body)
    await ben.client.call('feeds.comment', { authorId: adaId, postId: post.id, body: remark })
    await waitFor('Ada to read Ben’s comment', async () => (await ada.client.call('feeds.getPost', { authorId: adaId, id: post.id })).comments.some((c) => c.body === remark))

    const needles = [...textNeedles('post title', title), ...textNeedles('post body', body), ...textNeedles('comment', remark), SQLITE_HEADER]
    for (const person of [ada, ben]) {
      const { files, findings } = await scan(person.dataDir, needles)
      expect(files.some((name) => name.startsWith('feeds'))).toBe(true)
      expect(findings).toEqual([])
    }
  }, 60_000)
})
