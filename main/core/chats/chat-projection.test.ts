import type Sqlite from 'better-sqlite3-multiple-ciphers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { message as messageSchema } from '../../../shared/contract/chats'
import type { SpaceOp } from '../../../shared/domain/ops'
import { createTestVault } from '../../../test/helpers/core'
import type { ViewEntry } from '../spaces/space-state'
import type { ProjectedEntry } from './chat-projection'
import { ChatProjection } from './chat-projection'
import type { ChatContext, Message } from './chat-queries'
import { excerptOf, getConversation, getMessage, listMessages, totalUnread, unreadCount } from './chat-queries'

const ADA = 'a'.repeat(64)
const BEN = 'b'.repeat(64)
const ADA_WRITER = 'c'.repeat(64)
const BEN_WRITER = 'd'.repeat(64)
const SPACE = 'e'.repeat(64)
const OTHER_SPACE = 'f'.repeat(64)

const id = (n: number) => n.toString(16).padStart(32, '0')
const M1 = id(1)
const M2 = id(2)
const M3 = id(3)
const M4 = id(4)
const M5 = id(5)
const M6 = id(6)

let nextOp = 100
/** An entry as the view log holds it; `at` is the op's own id number so times are easy to read. */
function entry(by: 'ada' | 'ben', op: Record<string, unknown> & { t: SpaceOp['t'] }): ViewEntry {
  const opId = (op.id as string | undefined) ?? id(nextOp++)
  return {
    w: by === 'ada' ? ADA_WRITER : BEN_WRITER,
    a: by === 'ada' ? ADA : BEN,
    op: { at: parseInt(opId, 16) * 1000, sp: SPACE, ...op, id: opId } as SpaceOp,
  }
}

const post = (by: 'ada' | 'ben', messageId: string, text: string, replyTo?: string) =>
  entry(by, { t: 'message.post', id: messageId, text, ...(replyTo ? { replyTo } : {}) })
const react = (by: 'ada' | 'ben', target: string, emoji: string, on: boolean) => entry(by, { t: 'reaction.set', target, emoji, on })

/** Positions are the array index: M1 at 2, M2 at 3, M3 at 9, M4 at 11, M5 at 13. */
const LOG: ViewEntry[] = [
  entry('ada', { t: 'space.create', kind: 'dm' }),
  entry('ada', { t: 'member.add', member: BEN, device: '1'.repeat(64), writer: BEN_WRITER, deviceCert: '0'.repeat(128), memberSig: '0'.repeat(128), role: 'member' }),
  post('ada', M1, 'hello'),
  post('ben', M2, 'hi Ada', M1),
  entry('ada', { t: 'message.edit', id: id(50), target: M1, text: 'hello   there\n  Ben' }),
  react('ben', M1, '👍', true),
  react('ada', M1, '👍', true),
  react('ada', M1, '🎉', true),
  react('ada', M1, '🎉', false),
  post('ada', M3, 'oops, wrong chat'),
  entry('ada', { t: 'message.delete', target: M3 }),
  post('ada', M4, 'sorry', M3),
  entry('ben', { t: 'read.mark', upTo: M1 }),
  post('ben', M5, 'no worries'),
]

let db: Sqlite.Database
let cleanup: () => Promise<void>
let projected: ProjectedEntry[]
let projection: ChatProjection
let signed: number
let context: ChatContext

function addSpace(key: string): void {
  db.prepare('INSERT INTO spaces (key, kind, namespace, encryption_key, peer_id, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(key, 'dm', 'ns', '00'.repeat(32), BEN, 1)
}

beforeEach(async () => {
  const created = await createTestVault('planet-chats-')
  db = created.vault.db
  cleanup = created.cleanup
  db.prepare("INSERT INTO contacts (id, did, display_name, status, invited_by, created_at) VALUES (?, 'did:key:zBen', 'Ben', 'connected', 'me', 1)").run(BEN)
  addSpace(SPACE)
  projected = []
  projection = new ChatProjection(
    () => db,
    (entries) => projected.push(...entries),
  )
  signed = 0
  context = { me: ADA, myName: 'Ada', signedLength: (space) => (space === SPACE ? signed : 0), names: new Map() }
})
afterEach(async () => {
  await cleanup()
})

function messages(space = SPACE): Message[] {
  return listMessages(db, context, space, undefined, 100).messages
}

function byId(list: Message[]): Record<string, Message> {
  return Object.fromEntries(list.map((m) => [m.id, m]))
}

describe('ChatProjection.project and listMessages', () => {
  beforeEach(() => {
    projection.project(SPACE, 0, LOG)
  })

  it('records how far the space is projected', () => {
    expect(projection.projectedLength(SPACE)).toBe(LOG.length)
    expect(projection.projectedLength(OTHER_SPACE)).toBe(0)
  })

  it('hands every entry to afterEntries with its position, all fresh', () => {
    expect(projected.map((p) => [p.space, p.seq, p.entry.op.id, p.fresh])).toEqual(LOG.map((e, seq) => [SPACE, seq, e.op.id, true]))
  })

  it('lists messages oldest first, at their positions, in the contract’s shape', () => {
    const list = messages()
    expect(list.map((m) => [m.id, m.position])).toEqual([
      [M1, 2],
      [M2, 3],
      [M3, 9],
      [M4, 11],
      [M5, 13],
    ])
    for (const m of list) expect(messageSchema.parse(m)).toEqual(m)
  })

  it('shows the latest edit and when it was made', () => {
    const m1 = byId(messages())[M1]!
    expect(m1).toMatchObject({ text: 'hello   there\n  Ben', createdAt: 1000, editedAt: 50_000, deleted: false, authorName: 'Ada', mine: true })
  })

  it('empties a deleted message but keeps its place', () => {
    expect(byId(messages())[M3]).toMatchObject({ text: '', deleted: true, editedAt: null, reactions: [], attachments: [] })
  })

  it('counts reactions whose newest toggle is on, marking mine', () => {
    expect(byId(messages())[M1]!.reactions).toEqual([{ emoji: '👍', count: 2, mine: true, authorNames: ['Ben', 'Ada'] }])
    expect(byId(messages())[M2]!.reactions).toEqual([])
  })

  it('quotes the message replied to, as a one-line excerpt of its edited text', () => {
    const list = byId(messages())
    expect(list[M2]!.replyTo).toEqual({ id: M1, authorName: 'Ada', excerpt: 'hello there Ben', deleted: false })
    expect(list[M4]!.replyTo).toEqual({ id: M3, authorName: 'Ada', excerpt: '', deleted: true })
    expect(list[M1]!.replyTo).toBeNull()
  })

  it('names people from the contacts, and strangers as Unknown', () => {
    expect(byId(messages())[M2]).toMatchObject({ authorId: BEN, authorName: 'Ben', mine: false })
    const stranger: ViewEntry = { ...post('ben', id(7), 'who am I?'), a: '9'.repeat(64) }
    projection.project(SPACE, LOG.length, [stranger])
    expect(getMessage(db, context, SPACE, id(7))).toMatchObject({ authorName: 'Unknown', mine: false })
  })

  it('cuts long excerpts to 120 characters on one line', () => {
    const long = excerptOf(`  ${'word\n'.repeat(40)}`)
    expect(long).toHaveLength(120)
    expect(long).toMatch(/^word word .*…$/)
    expect(excerptOf(' short\n\ttext ')).toBe('short text')
  })

  it('derives delivery of my messages from the peer’s read mark and the signed length', () => {
    signed = 10
    const list = byId(messages())
    // Ben marked M1 (position 2) read; M3 (9) is below the signed length; M4 (11) is not.
    expect(list[M1]!.delivery).toBe('read')
    expect(list[M3]!.delivery).toBe('delivered')
    expect(list[M4]!.delivery).toBe('sent')
    // Others' messages are simply delivered.
    expect(list[M2]!.delivery).toBe('delivered')
    expect(list[M5]!.delivery).toBe('delivered')
    signed = 12
    expect(byId(messages())[M4]!.delivery).toBe('delivered')
  })

  it('pages backwards by position', () => {
    const newest = listMessages(db, context, SPACE, undefined, 2)
    expect(newest.messages.map((m) => m.id)).toEqual([M4, M5])
    expect(newest.hasMore).toBe(true)
    const older = listMessages(db, context, SPACE, newest.messages[0]!.position, 10)
    expect(older.messages.map((m) => m.id)).toEqual([M1, M2, M3])
    expect(older.hasMore).toBe(false)
  })

  it('finds one message by id', () => {
    expect(getMessage(db, context, SPACE, M2)).toEqual(byId(messages())[M2])
    expect(getMessage(db, context, SPACE, id(999))).toBeNull()
  })

  it('counts the peer’s messages after my read position, leaving out deleted ones', () => {
    expect(unreadCount(db, SPACE, ADA)).toBe(2)
    expect(totalUnread(db, ADA)).toBe(2)
    db.prepare('UPDATE spaces SET read_seq = ? WHERE key = ?').run(3, SPACE)
    expect(unreadCount(db, SPACE, ADA)).toBe(1)
    // From Ben's side, Ada's M3 is deleted: only M1 and M4 count.
    expect(unreadCount(db, SPACE, BEN)).toBe(1)
    db.prepare('UPDATE spaces SET read_seq = -1 WHERE key = ?').run(SPACE)
    expect(unreadCount(db, SPACE, BEN)).toBe(2)
  })

  it('summarises the conversation', () => {
    const conversation = getConversation(
      db,
      context,
      SPACE,
      () => true,
      () => true,
    )
    expect(conversation).toMatchObject({
      id: SPACE,
      title: 'Ben',
      contactId: BEN,
      lastMessage: { id: M5, authorName: 'Ben', mine: false, excerpt: 'no worries', createdAt: 5000 },
      lastActivityAt: 5000,
      unreadCount: 2,
    })
  })
})

describe('ChatProjection.rollback', () => {
  /** After a reorder, positions 9… hold different ops; M3 comes back later, M6 is new. */
  const REORDERED: ViewEntry[] = [
    entry('ben', { t: 'read.mark', upTo: M2 }),
    post('ben', M6, 'did you get my file?'),
    react('ben', M1, '👍', false),
    post('ada', M3, 'oops, wrong chat'),
  ]

  beforeEach(() => {
    projection.project(SPACE, 0, LOG)
    projected = []
  })

  function rowsFrom(seq: number): number {
    const tables = ['space_members', 'space_profiles', 'space_relationships', 'space_messages', 'space_message_changes', 'space_reactions', 'space_reads']
    return tables.reduce((n, table) => n + (db.prepare(`SELECT COUNT(*) AS n FROM ${table} WHERE space = ? AND seq >= ?`).get(SPACE, seq) as { n: number }).n, 0)
  }

  it('removes every row at or after the position and rewinds the projected length', () => {
    expect(rowsFrom(9)).toBe(5)
    projection.rollback(SPACE, 9)
    expect(rowsFrom(9)).toBe(0)
    expect(rowsFrom(0)).toBe(9)
    expect(projection.projectedLength(SPACE)).toBe(9)
    signed = 10
    const list = messages()
    expect(list.map((m) => m.id)).toEqual([M1, M2])
    // Ben's read mark went with the rollback: M1 is delivered, no longer read.
    expect(byId(list)[M1]!.delivery).toBe('delivered')
    expect(unreadCount(db, SPACE, ADA)).toBe(1)
  })

  it('never moves the projected length forward', () => {
    projection.rollback(SPACE, 9)
    projection.rollback(SPACE, 12)
    expect(projection.projectedLength(SPACE)).toBe(9)
  })

  it('leaves other spaces alone', () => {
    addSpace(OTHER_SPACE)
    projection.project(OTHER_SPACE, 0, LOG)
    projection.rollback(SPACE, 2)
    expect(messages(OTHER_SPACE)).toHaveLength(5)
    expect(projection.projectedLength(OTHER_SPACE)).toBe(LOG.length)
  })

  it('re-projects a different order to the same result as projecting it from scratch', () => {
    projection.rollback(SPACE, 9)
    projection.project(SPACE, 9, REORDERED)
    expect(projection.projectedLength(SPACE)).toBe(13)

    addSpace(OTHER_SPACE)
    new ChatProjection(
      () => db,
      () => undefined,
    ).project(OTHER_SPACE, 0, [...LOG.slice(0, 9), ...REORDERED])
    signed = 11
    context.signedLength = () => signed
    const strip = (list: Message[]) => list.map(({ conversationId: _, ...rest }) => rest)
    expect(strip(messages())).toEqual(strip(messages(OTHER_SPACE)))

    const list = byId(messages())
    expect(Object.keys(list)).toEqual([M1, M2, M6, M3])
    expect(list[M3]).toMatchObject({ position: 12, deleted: false, text: 'oops, wrong chat' })
    expect(list[M1]!.reactions).toEqual([{ emoji: '👍', count: 1, mine: true, authorNames: ['Ada'] }])
    // Ben read up to M2 (position 3), which covers M1.
    expect(list[M1]!.delivery).toBe('read')
    expect(list[M3]!.delivery).toBe('sent')
  })

  it('tells afterEntries which messages are only coming back after the reorder', () => {
    projection.rollback(SPACE, 9)
    projection.project(SPACE, 9, REORDERED)
    expect(projected.map((p) => [p.seq, p.entry.op.id, p.fresh])).toEqual([
      [9, REORDERED[0]!.op.id, true],
      [10, M6, true],
      [11, REORDERED[2]!.op.id, true],
      [12, M3, false],
    ])
    // Ben's M5, rolled back too, is still not news when it arrives in a later batch.
    projection.project(SPACE, 13, [post('ben', M5, 'no worries'), post('ben', id(7), 'new')])
    expect(projected.slice(-2).map((p) => [p.entry.op.id, p.fresh])).toEqual([
      [M5, false],
      [id(7), true],
    ])
  })

  it('commits nothing when afterEntries fails: rows and side effects go together', () => {
    projection.rollback(SPACE, 9)
    const failing = new ChatProjection(
      () => db,
      () => {
        throw new Error('side effect failed')
      },
    )
    expect(() => failing.project(SPACE, 9, REORDERED)).toThrow('side effect failed')
    expect(projection.projectedLength(SPACE)).toBe(9)
    expect(rowsFrom(9)).toBe(0)
    expect(messages().map((m) => m.id)).toEqual([M1, M2])
  })
})
