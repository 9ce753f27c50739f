import type Sqlite from 'better-sqlite3-multiple-ciphers'
import type { z } from 'zod'
import type { feedEntry } from '../../../shared/contract/feeds'
import { standingUpvotes } from '../groups/group-news'
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
      const { votes } = standingUpvotes(db, groupId, '')
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
