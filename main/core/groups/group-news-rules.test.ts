import { beforeEach, describe, expect, it } from 'vitest'
import type { GroupOp } from '../../../shared/domain/group-ops'
import type { Person } from './test-kit'
import { Harness, T0, fakeBox, groupOf, person, randomHex, snapshot } from './test-kit'

/** Ada owns the group; Ben is an admin, Cy a moderator, Dee and Eve members; Fay is outside. */
const ada = person('Ada')
const ben = person('Ben')
const cy = person('Cy')
const dee = person('Dee')
const eve = person('Eve')
const fay = person('Fay')
const group = groupOf(ada)

let g: Harness

beforeEach(() => {
  g = new Harness(group).staff(ada, { admin: ben, moderator: cy, members: [dee, eve] })
})

const reasonOf = (by: Person, value: GroupOp, writer = by.writer) => g.reasonOf(by, value, writer)
const newsPost = (e = 0, at = T0) => g.op('news.post', { box: fakeBox(e) }, at)
const vote = (target: string, on = true) => g.op('news.vote', { target, on })
const feedAdd = (e = 0) => g.op('news.feed.add', { box: fakeBox(e) })
const feedRemove = (feed: string) => g.op('news.feed.remove', { feed })
const newsImport = (feed: string, e = 0) => g.op('news.import', { feed, box: fakeBox(e) })

describe('news.post', () => {
  it('any member may post; outsiders may not', () => {
    expect(reasonOf(dee, newsPost())).toBe('ok')
    expect(reasonOf(cy, newsPost())).toBe('ok')
    expect(reasonOf(fay, newsPost())).toBe('not-member-writer')
  })

  it('muted: a muted member cannot post until the mute ends', () => {
    g.accept(cy, g.op('member.mute', { member: dee.id, until: T0 + 60_000 }))
    expect(reasonOf(dee, newsPost(0, T0 + 1))).toBe('muted')
    expect(reasonOf(dee, newsPost(0, T0 + 60_000))).toBe('ok')
  })

  it('unknown-epoch: a box sealed for an epoch that has not started', () => {
    expect(reasonOf(dee, newsPost(1))).toBe('unknown-epoch')
  })
})

describe('news.vote', () => {
  it('any member may upvote a news item, once; on:false retracts; a second on is refused', () => {
    const item = g.accept(dee, newsPost()).entry.op.id
    g.accept(eve, vote(item))
    expect(reasonOf(eve, vote(item))).toBe('already-voted')
    expect(reasonOf(dee, vote(item))).toBe('ok')
    g.accept(eve, vote(item, false))
    expect(reasonOf(eve, vote(item, false))).toBe('not-voted')
    g.accept(eve, vote(item))
    expect(g.state.newsVotes.has(`${item}:${eve.id}`)).toBe(true)
  })

  it('not-voted: retracting a vote that was never cast', () => {
    const item = g.accept(dee, newsPost()).entry.op.id
    expect(reasonOf(eve, vote(item, false))).toBe('not-voted')
  })

  it('unknown-target: votes only on news posts and imports', () => {
    const chat = g.accept(dee, g.post()).entry.op.id
    expect(reasonOf(eve, vote(chat))).toBe('unknown-target')
    expect(reasonOf(eve, vote(randomHex(16)))).toBe('unknown-target')
    const feed = g.accept(ada, feedAdd()).entry.op.id
    expect(reasonOf(eve, vote(feed))).toBe('unknown-target')
    const imported = g.accept(ada, newsImport(feed)).entry.op.id
    expect(reasonOf(eve, vote(imported))).toBe('ok')
  })

  it('outsiders cannot vote', () => {
    const item = g.accept(dee, newsPost()).entry.op.id
    expect(reasonOf(fay, vote(item))).toBe('not-member-writer')
  })

  it('votes are undone with the view: truncating restores the exact state', () => {
    const item = g.accept(dee, newsPost()).entry.op.id
    const before = snapshot(g.state)
    const length = g.state.length
    g.accept(eve, vote(item))
    g.accept(ada, vote(item))
    g.accept(eve, vote(item, false))
    g.state.truncate(length)
    expect(snapshot(g.state)).toEqual(before)
    expect(reasonOf(eve, vote(item, false))).toBe('not-voted')
  })
})

describe('news feeds', () => {
  it('not-admin: only the owner and admins add or remove feeds', () => {
    expect(reasonOf(cy, feedAdd())).toBe('not-admin')
    expect(reasonOf(dee, feedAdd())).toBe('not-admin')
    expect(reasonOf(ben, feedAdd())).toBe('ok')
    const feed = g.accept(ada, feedAdd()).entry.op.id
    expect(reasonOf(cy, feedRemove(feed))).toBe('not-admin')
    expect(reasonOf(ben, feedRemove(feed))).toBe('ok')
  })

  it('unknown-epoch: a feed sealed for a future epoch', () => {
    expect(reasonOf(ada, feedAdd(3))).toBe('unknown-epoch')
  })

  it('unknown-feed: removing something that is not a standing feed', () => {
    const post = g.accept(dee, newsPost()).entry.op.id
    expect(reasonOf(ada, feedRemove(post))).toBe('unknown-feed')
    const feed = g.accept(ada, feedAdd()).entry.op.id
    g.accept(ben, feedRemove(feed))
    expect(reasonOf(ada, feedRemove(feed))).toBe('unknown-feed')
  })
})

describe('news.import', () => {
  it('not-admin: only admins import (only their devices fetch)', () => {
    const feed = g.accept(ada, feedAdd()).entry.op.id
    expect(reasonOf(dee, newsImport(feed))).toBe('not-admin')
    expect(reasonOf(cy, newsImport(feed))).toBe('not-admin')
    expect(reasonOf(ben, newsImport(feed))).toBe('ok')
  })

  it('unknown-feed: the feed must exist and not be removed', () => {
    expect(reasonOf(ada, newsImport(randomHex(16)))).toBe('unknown-feed')
    const post = g.accept(dee, newsPost()).entry.op.id
    expect(reasonOf(ada, newsImport(post))).toBe('unknown-feed')
    const feed = g.accept(ada, feedAdd()).entry.op.id
    const length = g.state.length
    g.accept(ada, feedRemove(feed))
    expect(reasonOf(ada, newsImport(feed))).toBe('unknown-feed')
    // Undo of the removal (a reorder) makes the feed stand again.
    g.state.truncate(length)
    expect(reasonOf(ada, newsImport(feed))).toBe('ok')
  })

  it('unknown-epoch: an import sealed for a future epoch', () => {
    const feed = g.accept(ada, feedAdd()).entry.op.id
    expect(reasonOf(ada, newsImport(feed, 2))).toBe('unknown-epoch')
  })
})
