import { describe, expect, it } from 'vitest'
import { conflictOriginalPath, isConflictCopy } from '../../../shared/domain/folders'
import { conflictCopyPath, shortDeviceId } from './conflict-name'

const dev = '00'.repeat(32)
const time = Date.UTC(2026, 10, 21, 9, 5, 7)

describe('conflict copy names', () => {
  it("follow Syncthing's pattern, in UTC, with the loser's short device id", () => {
    expect(shortDeviceId(dev)).toBe('AAAAAAA')
    expect(conflictCopyPath('docs/report.final.docx', time, dev)).toBe('docs/report.final.sync-conflict-20261121-090507-AAAAAAA.docx')
    expect(conflictCopyPath('Makefile', time, dev)).toBe('Makefile.sync-conflict-20261121-090507-AAAAAAA')
    expect(conflictCopyPath('.bashrc', time, dev)).toBe('.bashrc.sync-conflict-20261121-090507-AAAAAAA')
  })
  it('depend only on the losing version, so every member derives the same one', () => {
    expect(conflictCopyPath('a.txt', time, 'ff'.repeat(32))).toBe(conflictCopyPath('a.txt', time, 'ff'.repeat(32)))
    expect(conflictCopyPath('a.txt', time, 'ff'.repeat(32))).not.toBe(conflictCopyPath('a.txt', time + 1000, 'ff'.repeat(32)))
  })
  it('stay within 255 bytes per name', () => {
    const long = `${'é'.repeat(120)}.txt`
    const name = conflictCopyPath(long, time, dev)
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255)
    expect(name.endsWith('-AAAAAAA.txt')).toBe(true)
  })
  it('are recognised', () => {
    expect(isConflictCopy(conflictCopyPath('x/y.md', time, dev))).toBe(true)
    expect(isConflictCopy('x/y.md')).toBe(false)
    expect(isConflictCopy(conflictCopyPath('x/archive.tar.gz', time, dev))).toBe(true)
    // The marker in a directory's name does not make the files in it copies.
    expect(isConflictCopy(`${conflictCopyPath('notes', time, dev)}/a.txt`)).toBe(false)
  })
  it('lead back to the path they were made for', () => {
    expect(conflictOriginalPath(conflictCopyPath('x/y.md', time, dev))).toBe('x/y.md')
    expect(conflictOriginalPath(conflictCopyPath('.env', time, dev))).toBe('.env')
  })
})
