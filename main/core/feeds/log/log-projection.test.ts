import type Sqlite from 'better-sqlite3-multiple-ciphers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LogEntry } from '../../../../shared/domain/personal-log'
import { createTestVault } from '../../../../test/helpers/core'
import { editPost, reshare, signComment, signPost, signPostDeletion } from '../posts/post-signing'
import { T0, identity, postRecordOf } from '../posts/test-kit'
import type { LogRef } from './log-projection'
import { encodeLogEntry, projectLogBlocks } from './log-projection'

const ada = identity(1)
const ben = identity(2)

describe('personal log projection', () => {
  let db: Sqlite.Database
  let cleanup: () => Promise<void>
  const adaLog: LogRef = { key: 'a1'.repeat(32), owner: ada.hex }
  const benLog: LogRef = { key: 'b2'.repeat(32), owner: ben.hex }

  beforeEach(async () => {
    const test = await createTestVault('planet-log-')
    db = test.vault.db
    cleanup = test.cleanup
    for (const log of [adaLog, benLog]) {
      db.prepare('INSERT INTO feed_logs (key, owner, encryption_key, mine, read_length, rejected, added_at) VALUES (?, ?, ?, 0, 0, 0, 0)').run(log.key, log.owner, 'cc'.repeat(32))
    }
  })
  afterEach(async () => cleanup())

  /** Append entries at the log's current read position. */
  function project(log: LogRef, entries: Array<LogEntry | Buffer>) {
    const { read_length: from } = db.prepare('SELECT read_length FROM feed_logs WHERE key = ?').get(log.key) as { read_length: number }
    return projectLogBlocks(db, log, from, entries.map((entry) => (Buffer.isBuffer(entry) ? entry : encodeLogEntry(entry))))
  }
  const body = (id: string) => (db.prepare('SELECT body FROM posts WHERE author = ? AND id = ?').get(ada.hex, id) as { body: string } | undefined)?.body
  const items = () => (db.prepare('SELECT id FROM feed_items ORDER BY id').all() as Array<{ id: string }>).map((row) => row.id)

  it('keeps the latest version of a post; an older or equal version is dropped as stale', () => {
    const post = signPost(postRecordOf(ada), ada.secretKey)
    const edited = editPost(post, { body: 'v2' }, T0 + 1000, ada.secretKey)
    expect(project(adaLog, [{ t: 'post', post }, { t: 'post', post: edited }]).rejected).toEqual([])
    expect(body(post.id)).toBe('v2')
    expect(project(adaLog, [{ t: 'post', post }]).rejected).toEqual([{ seq: 2, reason: 'stale-edit' }])
    expect(body(post.id)).toBe('v2')
    expect(items()).toEqual([`p:${ada.hex}:${post.id}`])
  })

  it('a deletion withdraws the post and its feed items for good: a later copy or reshare cannot bring it back', () => {
    const post = signPost(postRecordOf(ada), ada.secretKey)
    project(adaLog, [{ t: 'post', post }])
    project(benLog, [{ t: 'reshare', reshare: reshare(post, ben, 'see this', T0 + 10) }])
    expect(items()).toHaveLength(2)
    project(adaLog, [{ t: 'post.delete', deletion: signPostDeletion({ v: 1, id: post.id, author: ada.hex, deletedAt: T0 + 20 }, ada.secretKey) }])
    expect(items()).toEqual([])
    expect(body(post.id)).toBe('')
    const later = editPost(post, { body: 'revived?' }, T0 + 30, ada.secretKey)
    expect(project(adaLog, [{ t: 'post', post: later }]).rejected).toEqual([])
    project(benLog, [{ t: 'reshare', reshare: reshare(later, ben, 'again', T0 + 40) }])
    expect(body(post.id)).toBe('')
    expect(items()).toEqual([])
  })

  it('refuses records that are not the log owner’s, and counts every drop on the log', () => {
    const adasPost = signPost(postRecordOf(ada), ada.secretKey)
    const comment = signComment(
      { v: 1, id: 'ab'.repeat(16), author: ada.hex, postAuthor: ada.hex, postId: adasPost.id, replyTo: null, body: 'hi', createdAt: T0 },
      ada.secretKey,
    )
    const result = project(benLog, [
      { t: 'post', post: adasPost },
      { t: 'comment', comment },
      { t: 'reshare', reshare: reshare(adasPost, ada, '', T0) },
      { t: 'follow', author: ben.hex, on: true, at: T0 },
      Buffer.from('[]'),
    ])
    expect(result.rejected.map((drop) => drop.reason)).toEqual(['not-owner', 'not-owner', 'not-owner', 'self-follow', 'malformed'])
    expect(db.prepare('SELECT read_length, rejected FROM feed_logs WHERE key = ?').get(benLog.key)).toEqual({ read_length: 5, rejected: 5 })
    expect(items()).toEqual([])
  })

  it('records a comment once, and reports it as new only the first time', () => {
    const post = signPost(postRecordOf(ada), ada.secretKey)
    const comment = signComment(
      { v: 1, id: 'cd'.repeat(16), author: ben.hex, postAuthor: ada.hex, postId: post.id, replyTo: null, body: 'Nice', createdAt: T0 },
      ben.secretKey,
    )
    expect(project(benLog, [{ t: 'comment', comment }]).comments).toEqual([comment])
    expect(project(benLog, [{ t: 'comment', comment }]).comments).toEqual([])
    expect(db.prepare('SELECT COUNT(*) AS n FROM post_comments').get()).toEqual({ n: 1 })
  })

  it('does nothing when asked to project from a position the log has already passed', () => {
    const post = signPost(postRecordOf(ada), ada.secretKey)
    project(adaLog, [{ t: 'post', post }])
    const again = projectLogBlocks(db, adaLog, 0, [encodeLogEntry({ t: 'post', post: editPost(post, { body: 'x' }, T0 + 5, ada.secretKey) })])
    expect(again.accepted).toBe(0)
    expect(body(post.id)).not.toBe('x')
  })
})
