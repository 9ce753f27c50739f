import type Sqlite from 'better-sqlite3-multiple-ciphers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { GroupOp } from '../../../shared/domain/group-ops'
import { createTestVault } from '../../../test/helpers/core'
import { newEpochKey, sealContent, sealEpochKey } from './epoch-crypto'
import type { ProjectedGroupEntry } from './group-projection'
import { GroupProjection } from './group-projection'
import { signImport } from '../feeds/posts/post-signing'
import { listNews } from './group-news'
import type { GroupContext } from './group-queries'
import { currentMembers, groupProfile, myWindow } from './group-queries'
import type { GroupEntry } from './group-state'
import type { Person } from './test-kit'
import { person, randomHex } from './test-kit'

/**
 * The projection opens sealed content with the epoch keys sealed to "me"
 * (Ben here), keeps what it cannot open yet and opens it when the key
 * arrives, refuses content that opens but is invalid, and rolls back.
 */
const SPACE = 'e'.repeat(64)
const ada = person('Ada')
const ben = person('Ben')

let db: Sqlite.Database
let cleanup: () => Promise<void>
let projected: ProjectedGroupEntry[]
let bad: string[]
let projection: GroupProjection
let seq = 0
let nextId = 1

function id(): string {
  return (nextId++).toString(16).padStart(32, '0')
}

function entry(by: Person, op: Record<string, unknown> & { t: GroupOp['t'] }, opId = id()): GroupEntry {
  return { w: by.writer, a: by.id, op: { at: 1_000 + nextId, sp: SPACE, ...op, id: opId } as GroupOp }
}

function sealed(by: Person, t: 'message.post' | 'group.profile' | 'reaction.set' | 'thread.open' | 'news.post' | 'news.feed.add' | 'news.import', header: Record<string, unknown>, content: unknown, epoch: number, key: Buffer): GroupEntry {
  const opId = id()
  return entry(by, { t, ...header, box: sealContent(content, epoch, key, { space: SPACE, opId, type: t }) }, opId)
}

function project(...entries: GroupEntry[]): void {
  projection.project(SPACE, seq, entries)
  seq += entries.length
}

function texts(): Array<[string, number]> {
  return (db.prepare('SELECT text, sealed FROM space_messages WHERE space = ? ORDER BY seq').all(SPACE) as Array<{ text: string; sealed: number }>).map((row) => [row.text, row.sealed])
}

const epoch0 = newEpochKey()
const epoch1 = newEpochKey()

beforeEach(async () => {
  const made = await createTestVault()
  cleanup = made.cleanup
  db = made.vault.db
  db.prepare("INSERT INTO spaces (key, kind, namespace, encryption_key, created_at) VALUES (?, 'group', 'n', ?, 0)").run(SPACE, randomHex(32))
  projected = []
  bad = []
  seq = 0
  projection = new GroupProjection({
    db: () => db,
    me: () => ({ identity: ben.id, sealing: ben.seal }),
    afterEntries: (entries) => projected.push(...entries),
    onBadContent: (_space, type) => bad.push(type),
  })
  project(
    entry(ada, { t: 'group.create', mode: 'chat', visibility: 'restricted', device: ada.device, deviceCert: '0'.repeat(128), sealKey: ada.sealKey, keys: [{ m: ada.id, k: sealEpochKey(epoch0, ada.seal.publicKey) }] }),
    sealed(ada, 'group.profile', {}, { name: 'Garden', purpose: 'p', description: 'd', avatar: null }, 0, epoch0),
    sealed(ada, 'message.post', { ch: 'chat' }, { text: 'before Ben' }, 0, epoch0),
  )
})

afterEach(async () => {
  await cleanup()
})

function addBen(grantEpoch: number, key: Buffer): GroupEntry {
  return entry(ada, {
    t: 'member.add',
    member: ben.id,
    device: ben.device,
    writer: ben.writer,
    deviceCert: '0'.repeat(128),
    sealKey: ben.sealKey,
    memberSig: '0'.repeat(128),
    role: 'member',
    grant: { e: grantEpoch, k: sealEpochKey(key, ben.seal.publicKey) },
  })
}

describe('GroupProjection', () => {
  it('keeps content sealed until a key for its epoch arrives, then opens it (not as news)', () => {
    expect(texts()).toEqual([['', 1]])
    expect(groupProfile(db, SPACE).name).toBe('Group')
    project(addBen(0, epoch0))
    expect(texts()).toEqual([['before Ben', 0]])
    expect(groupProfile(db, SPACE).name).toBe('Garden')
    expect(db.prepare('SELECT COUNT(*) AS n FROM group_sealed').get()).toEqual({ n: 0 })
    const reopened = projected.filter((item) => item.entry.op.t === 'message.post')
    expect(reopened.at(-1)).toMatchObject({ fresh: false, content: { text: 'before Ben' } })
    // History before my join is not mine to see.
    expect(myWindow(db, SPACE, ben.id)).toEqual({ from: 3, to: Number.MAX_SAFE_INTEGER })
  })

  it('leaves later epochs sealed for someone who was removed, and the window ends at the removal', () => {
    project(addBen(0, epoch0), sealed(ada, 'message.post', { ch: 'chat' }, { text: 'hello Ben' }, 0, epoch0))
    project(entry(ada, { t: 'member.remove', member: ben.id }), entry(ada, { t: 'epoch.rotate', e: 1, keys: [{ m: ada.id, k: sealEpochKey(epoch1, ada.seal.publicKey) }] }))
    project(sealed(ada, 'message.post', { ch: 'chat' }, { text: 'after Ben' }, 1, epoch1))
    expect(texts()).toEqual([
      ['before Ben', 0],
      ['hello Ben', 0],
      ['', 1],
    ])
    expect(currentMembers(db, SPACE).map((member) => member.identity)).toEqual([ada.id])
    expect(myWindow(db, SPACE, ben.id)).toEqual({ from: 3, to: 5 })
  })

  it('refuses content that opens but is invalid, and content sealed under another op', () => {
    project(addBen(0, epoch0))
    project(sealed(ada, 'message.post', { ch: 'chat' }, { text: '   ' }, 0, epoch0))
    project(sealed(ada, 'message.post', { ch: 'chat' }, { text: 'hi', extra: true }, 0, epoch0))
    const moved = sealed(ada, 'message.post', { ch: 'chat' }, { text: 'moved' }, 0, epoch0)
    project(entry(ada, { t: 'message.post', ch: 'chat', box: (moved.op as { box: unknown }).box }))
    expect(bad).toEqual(['message.post', 'message.post', 'message.post'])
    expect(texts().slice(1)).toEqual([
      ['', 1],
      ['', 1],
      ['', 1],
    ])
  })

  it('rolls back everything from a position, keys included', () => {
    project(addBen(0, epoch0), sealed(ada, 'message.post', { ch: 'announcements' }, { text: 'news' }, 0, epoch0))
    expect(projection.projectedLength(SPACE)).toBe(5)
    projection.rollback(SPACE, 3)
    seq = 3
    expect(projection.projectedLength(SPACE)).toBe(3)
    expect(db.prepare('SELECT COUNT(*) AS n FROM group_epoch_keys').get()).toEqual({ n: 0 })
    expect(db.prepare('SELECT COUNT(*) AS n FROM group_member_events WHERE seq >= 3').get()).toEqual({ n: 0 })
    expect(texts()).toEqual([['before Ben', 0]])
  })
})

describe('GroupProjection: group news', () => {
  const context = { me: ben.id, nameOf: (identity: string) => identity.slice(0, 4) } as unknown as GroupContext
  const item = (importer: Person) =>
    signImport(
      { v: 1, sourceUrl: 'https://example.org/feed.xml', title: 'An item', link: 'https://example.org/1', summary: 'text', publishedAt: null, importer: importer.id, importedAt: 5 },
      importer.keys.secretKey,
    )

  it('opens posts and imports; an import signed by someone other than its author is refused; votes rank and roll back', () => {
    project(addBen(0, epoch0))
    const feed = sealed(ada, 'news.feed.add', {}, { url: 'https://example.org/feed.xml' }, 0, epoch0)
    const post = sealed(ben, 'news.post', {}, { title: 'Post', link: null, text: 'hi', tags: [] }, 0, epoch0)
    const good = sealed(ada, 'news.import', { feed: feed.op.id }, { item: item(ada), guid: 'g1' }, 0, epoch0)
    const forged = sealed(ada, 'news.import', { feed: feed.op.id }, { item: item(ben), guid: 'g2' }, 0, epoch0)
    project(feed, post, good, forged)
    expect(bad).toEqual(['news.import'])
    expect(listNews(db, context, SPACE).map((news) => [news.title, news.readable, news.signatureValid])).toEqual([
      ['Post', true, null],
      ['An item', true, true],
      ['', false, null],
    ])
    const votesFrom = seq
    project(entry(ben, { t: 'news.vote', target: good.op.id, on: true }), entry(ada, { t: 'news.vote', target: good.op.id, on: true }))
    expect(listNews(db, context, SPACE).map((news) => [news.id, news.votes, news.myVote])).toEqual([
      [good.op.id, 2, true],
      [post.op.id, 0, false],
      [forged.op.id, 0, false],
    ])
    projection.rollback(SPACE, votesFrom)
    seq = votesFrom
    expect(listNews(db, context, SPACE).map((news) => news.id)).toEqual([post.op.id, good.op.id, forged.op.id])
  })
})
