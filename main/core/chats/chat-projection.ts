import type Sqlite from 'better-sqlite3-multiple-ciphers'
import type { SpaceProjection } from '../spaces/space'
import type { ViewEntry } from '../spaces/space-state'

/** Every projection table; rollback (and removing a contact) deletes from all of them. */
export const SPACE_TABLES = [
  'space_members',
  'space_profiles',
  'space_relationships',
  'space_messages',
  'space_message_changes',
  'space_reactions',
  'space_reads',
  'space_group_invites',
  'space_group_answers',
] as const

export interface ProjectedEntry {
  space: string
  seq: number
  entry: ViewEntry
  /** False when this op was projected before and is only being re-applied after a reorder. */
  fresh: boolean
}

/**
 * Writes a space's accepted ops into the vault's `space_*` tables (migration
 * 0003). Side effects outside the projection (contact status from a
 * relationship record, profile names, alerts) run in `afterEntries`, inside
 * the same transaction, so they commit together with the rows.
 */
export class ChatProjection implements SpaceProjection {
  readonly #db: () => Sqlite.Database
  readonly #afterEntries: (entries: ProjectedEntry[]) => void
  /** Op ids removed by the last rollback: re-projecting them is not news. */
  readonly #rolledBack = new Set<string>()

  constructor(db: () => Sqlite.Database, afterEntries: (entries: ProjectedEntry[]) => void) {
    this.#db = db
    this.#afterEntries = afterEntries
  }

  projectedLength(space: string): number {
    const row = this.#db().prepare('SELECT projected_length FROM spaces WHERE key = ?').get(space) as { projected_length: number } | undefined
    return row?.projected_length ?? 0
  }

  rollback(space: string, from: number): void {
    const db = this.#db()
    db.transaction(() => {
      const ids = db.prepare('SELECT id FROM space_messages WHERE space = ? AND seq >= ?').all(space, from) as Array<{ id: string }>
      for (const { id } of ids) this.#rolledBack.add(id)
      for (const table of SPACE_TABLES) db.prepare(`DELETE FROM ${table} WHERE space = ? AND seq >= ?`).run(space, from)
      db.prepare('UPDATE spaces SET projected_length = MIN(projected_length, ?) WHERE key = ?').run(from, space)
    })()
  }

  project(space: string, from: number, entries: ViewEntry[]): void {
    const db = this.#db()
    const statements = prepare(db)
    const projected: ProjectedEntry[] = []
    db.transaction(() => {
      entries.forEach((entry, index) => {
        const seq = from + index
        const { op, a: author, w: writer } = entry
        switch (op.t) {
          case 'space.create':
            statements.member.run(space, seq, author, '', writer, 'admin')
            break
          case 'member.add':
            statements.member.run(space, seq, op.member, op.device, op.writer, op.role)
            break
          case 'relationship.sign':
            statements.relationship.run(space, seq, op.inviter, op.invitee, op.since, op.inviterSig, op.inviteeSig)
            break
          case 'profile.set':
            statements.profile.run(space, seq, author, op.displayName, op.bio)
            break
          case 'message.post':
            statements.message.run(space, seq, op.id, author, op.text, op.replyTo ?? null, op.files?.length ? JSON.stringify(op.files) : null, op.at)
            break
          case 'message.edit':
            statements.change.run(space, seq, op.target, 'edit', op.text, op.at)
            break
          case 'message.delete':
            statements.change.run(space, seq, op.target, 'delete', null, op.at)
            break
          case 'reaction.set':
            statements.reaction.run(space, seq, op.target, author, op.emoji, op.on ? 1 : 0)
            break
          case 'read.mark':
            statements.read.run(space, seq, author, op.upTo)
            break
          case 'group.invite':
            statements.groupInvite.run(space, seq, op.id, author, op.group, op.encryptionKey, op.name, op.mode, op.at)
            break
          case 'group.accept': {
            const request = { device: op.device, writer: op.writer, deviceCert: op.deviceCert, sealKey: op.sealKey, memberSig: op.memberSig }
            statements.groupAnswer.run(space, seq, op.invitation, author, 'accept', JSON.stringify(request))
            break
          }
          case 'group.decline':
            statements.groupAnswer.run(space, seq, op.invitation, author, 'decline', null)
            break
          case 'feed.share':
            // Not a chat row: the feeds feature records the log (afterDmEntries).
            break
        }
        const fresh = !this.#rolledBack.delete(op.id)
        projected.push({ space, seq, entry, fresh })
      })
      db.prepare('UPDATE spaces SET projected_length = ? WHERE key = ?').run(from + entries.length, space)
      this.#afterEntries(projected)
    })()
  }
}

const statementCache = new WeakMap<Sqlite.Database, ReturnType<typeof build>>()

function prepare(db: Sqlite.Database): ReturnType<typeof build> {
  let statements = statementCache.get(db)
  if (!statements) statementCache.set(db, (statements = build(db)))
  return statements
}

function build(db: Sqlite.Database) {
  return {
    member: db.prepare('INSERT OR REPLACE INTO space_members (space, seq, identity, device, writer, role) VALUES (?, ?, ?, ?, ?, ?)'),
    relationship: db.prepare(
      'INSERT OR REPLACE INTO space_relationships (space, seq, inviter, invitee, since, inviter_sig, invitee_sig) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    profile: db.prepare('INSERT OR REPLACE INTO space_profiles (space, seq, author, display_name, bio) VALUES (?, ?, ?, ?, ?)'),
    message: db.prepare('INSERT OR REPLACE INTO space_messages (space, seq, id, author, text, reply_to, files, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)'),
    change: db.prepare('INSERT OR REPLACE INTO space_message_changes (space, seq, target, kind, text, at) VALUES (?, ?, ?, ?, ?, ?)'),
    reaction: db.prepare('INSERT OR REPLACE INTO space_reactions (space, seq, target, author, emoji, on_) VALUES (?, ?, ?, ?, ?, ?)'),
    read: db.prepare('INSERT OR REPLACE INTO space_reads (space, seq, author, up_to) VALUES (?, ?, ?, ?)'),
    groupInvite: db.prepare(
      'INSERT OR REPLACE INTO space_group_invites (space, seq, id, author, group_key, encryption_key, name, mode, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    ),
    groupAnswer: db.prepare('INSERT OR REPLACE INTO space_group_answers (space, seq, invitation, author, answer, request) VALUES (?, ?, ?, ?, ?, ?)'),
  }
}
