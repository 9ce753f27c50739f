import type Sqlite from 'better-sqlite3-multiple-ciphers'
import type { z } from 'zod'
import type { feedEntry } from '../../../shared/contract/feeds'
import { currentMembers } from '../groups/group-queries'
import { memberName } from '../groups/group-service'
import { encodeTags } from './ranking/feed-query'

type GroupEntry = NonNullable<z.infer<typeof feedEntry>['group']>

/**
 * Group news and announcements of the groups I am in, as feed items: the
 * group projection owns them, and this copies what ranking needs into
 * `feed_items` before a feed is read (news carries no local relevance, so it
 * counts as 'world'). Only content this device could open is copied.
 */
export function refreshGroupItems(db: Sqlite.Database, groups: ReadonlyMap<string, string>): void {
  const insert = db.prepare(
    'INSERT OR REPLACE INTO feed_items (id, kind, author, tags, relevance, created_at, upvotes, group_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  )
  db.transaction(() => {
    db.prepare("DELETE FROM feed_items WHERE kind IN ('groupNews', 'announcement')").run()
    for (const groupId of groups.keys()) {
      const votes = upvotes(db, groupId)
      const news = db.prepare('SELECT id, author, tags, created_at FROM group_news WHERE space = ? AND sealed = 0').all(groupId) as Array<{
        id: string
        author: string
        tags: string
        created_at: number
      }>
      for (const item of news) {
        insert.run(`n:${groupId}:${item.id}`, 'groupNews', item.author, encodeTags(JSON.parse(item.tags) as string[]), 'world', item.created_at, votes.get(item.id) ?? 0, groupId)
      }
      const announcements = db
        .prepare(
          `SELECT m.id, m.author, m.created_at FROM space_messages m
           WHERE m.space = ? AND m.channel = 'announcements' AND m.sealed = 0
             AND NOT EXISTS (SELECT 1 FROM space_message_changes c WHERE c.space = m.space AND c.target = m.id AND c.kind = 'delete')`,
        )
        .all(groupId) as Array<{ id: string; author: string; created_at: number }>
      for (const message of announcements) insert.run(`a:${groupId}:${message.id}`, 'announcement', message.author, ' ', 'world', message.created_at, 0, groupId)
    }
  })()
}

/** Upvotes per news item: current members whose newest vote on it is an upvote (as groups.listNews counts). */
function upvotes(db: Sqlite.Database, groupId: string): Map<string, number> {
  const members = new Set(currentMembers(db, groupId).map((member) => member.identity))
  const standing = db
    .prepare(
      `SELECT v.target, v.author, v.on_ FROM group_news_votes v
       WHERE v.space = ? AND v.seq = (SELECT MAX(seq) FROM group_news_votes w WHERE w.space = v.space AND w.target = v.target AND w.author = v.author)`,
    )
    .all(groupId) as Array<{ target: string; author: string; on_: number }>
  const counts = new Map<string, number>()
  for (const vote of standing) if (vote.on_ === 1 && members.has(vote.author)) counts.set(vote.target, (counts.get(vote.target) ?? 0) + 1)
  return counts
}

/** What a feed card shows for a group item (id 'n:<group>:<item>' or 'a:<group>:<message>'), or null if it is gone. */
export function groupEntryOf(db: Sqlite.Database, itemId: string, upvoteCount: number, groups: ReadonlyMap<string, string>): GroupEntry | null {
  const [prefix, groupId, id] = itemId.split(':')
  if (!groupId || !id) return null
  const groupName = groups.get(groupId) ?? 'A group'
  if (prefix === 'n') {
    const row = db.prepare('SELECT author, title, text, link, created_at FROM group_news WHERE space = ? AND id = ? AND sealed = 0').get(groupId, id) as
      | { author: string; title: string; text: string; link: string | null; created_at: number }
      | undefined
    if (!row) return null
    return { groupId, groupName, itemId: id, authorName: memberName(db, groupId, row.author), title: row.title, text: row.text, link: row.link, upvotes: upvoteCount, createdAt: row.created_at }
  }
  if (prefix === 'a') {
    const row = db.prepare('SELECT author, text, created_at FROM space_messages WHERE space = ? AND id = ? AND sealed = 0').get(groupId, id) as
      | { author: string; text: string; created_at: number }
      | undefined
    if (!row) return null
    const edit = db
      .prepare("SELECT text FROM space_message_changes WHERE space = ? AND target = ? AND kind = 'edit' ORDER BY seq DESC LIMIT 1")
      .get(groupId, id) as { text: string } | undefined
    return {
      groupId,
      groupName,
      itemId: id,
      authorName: memberName(db, groupId, row.author),
      title: `Announcement in ${groupName}`,
      text: edit?.text ?? row.text,
      link: null,
      upvotes: 0,
      createdAt: row.created_at,
    }
  }
  return null
}
