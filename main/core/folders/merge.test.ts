import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { FolderRecord } from '../../../shared/domain/folders'
import type { Candidate } from './merge'
import { mergePath } from './merge'

const A = 'a'.repeat(64)
const B = 'b'.repeat(64)
const C = 'c'.repeat(64)
const blob = { blockOffset: 0, blockLength: 1, byteOffset: 0, byteLength: 1 }

function version(drive: string, vv: Record<string, number>, over: Partial<FolderRecord> = {}): Candidate {
  const deleted = over.deleted ?? false
  const record: FolderRecord = { v: 1, vv, deleted, hash: deleted ? null : (over.hash ?? drive.slice(0, 1).repeat(64)), size: 1, mtime: 1, time: 1000, author: drive, src: null, ...over }
  return { drive, record, location: deleted ? null : { drive, blob } }
}

describe('mergePath', () => {
  it('takes the version that has seen the others', () => {
    const m = mergePath('f', [version(A, { [A]: 1 }), version(B, { [A]: 1, [B]: 1 })])!
    expect(m.winner.drive).toBe(B)
    expect(m.maxima).toHaveLength(1)
    expect(m.copies).toEqual([])
  })

  it('keeps the newer of two concurrent edits and the other as a conflict copy named from the loser', () => {
    const older = version(A, { [A]: 2 }, { time: Date.UTC(2026, 0, 2, 3, 4, 5) })
    const newer = version(B, { [A]: 1, [B]: 1 }, { time: Date.UTC(2026, 0, 2, 3, 4, 6) })
    const m = mergePath('docs/a.txt', [older, newer])!
    expect(m.winner).toBe(newer)
    expect(m.vv).toEqual({ [A]: 2, [B]: 1 })
    expect(m.copies).toEqual([{ path: 'docs/a.sync-conflict-20260102-030405-VKVKVKV.txt', loser: older }])
  })

  it('breaks a tie in time by author, the same way on every member', () => {
    const x = version(A, { [A]: 1 })
    const y = version(B, { [B]: 1 })
    expect(mergePath('f', [x, y])!.winner).toBe(y)
    expect(mergePath('f', [y, x])!.winner).toBe(y)
  })

  it('lets an edit win over a concurrent delete, even a newer delete, with no copy', () => {
    const edit = version(A, { [A]: 2 }, { time: 1 })
    const del = version(B, { [A]: 1, [B]: 1 }, { deleted: true, time: 9 })
    const m = mergePath('f', [del, edit])!
    expect(m.winner).toBe(edit)
    expect(m.copies).toEqual([])
  })

  it('needs no copy for concurrent versions with the same content', () => {
    const m = mergePath('f', [version(A, { [A]: 1 }, { hash: 'e'.repeat(64) }), version(B, { [B]: 1 }, { hash: 'e'.repeat(64) })])!
    expect(m.maxima).toHaveLength(2)
    expect(m.copies).toEqual([])
  })

  it('keeps one copy per losing content among three concurrent edits', () => {
    const m = mergePath('f.md', [version(A, { [A]: 1 }, { time: 3 }), version(B, { [B]: 1 }, { time: 2 }), version(C, { [C]: 1 }, { time: 1 })])!
    expect(m.winner.drive).toBe(A)
    expect(m.copies.map((c) => c.loser.drive)).toEqual([B, C])
  })

  it('gives the same answer whatever the order of the drives (property)', () => {
    const devices = [A, B, C]
    const arb = fc.array(
      fc.record({
        drive: fc.constantFrom(...devices),
        counters: fc.tuple(fc.nat(3), fc.nat(3), fc.nat(3)),
        deleted: fc.boolean(),
        time: fc.nat(5),
        hash: fc.constantFrom('1', '2'),
      }),
      { minLength: 1, maxLength: 5 },
    )
    fc.assert(
      fc.property(arb, fc.nat(), (specs, seed) => {
        const candidates = specs.map((s) => {
          const vv: Record<string, number> = {}
          s.counters.forEach((n, i) => n > 0 && (vv[devices[i]!] = n))
          if (Object.keys(vv).length === 0) vv[s.drive] = 1
          return version(s.drive, vv, { deleted: s.deleted, time: s.time, hash: s.deleted ? null : s.hash.repeat(64) })
        })
        const shuffled = [...candidates].sort((x, y) => ((candidates.indexOf(x) * 7919 + seed) % 13) - ((candidates.indexOf(y) * 7919 + seed) % 13))
        const a = mergePath('p.txt', candidates)!
        const b = mergePath('p.txt', shuffled)!
        expect(b.winner.record).toEqual(a.winner.record)
        expect(b.vv).toEqual(a.vv)
        expect(b.copies.map((c) => c.path).sort()).toEqual(a.copies.map((c) => c.path).sort())
      }),
    )
  })
})
