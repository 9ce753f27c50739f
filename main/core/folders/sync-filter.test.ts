import { describe, expect, it } from 'vitest'
import { SyncFilter } from './sync-filter'

describe('SyncFilter', () => {
  it('applies gitignore patterns to files and to whole directories', () => {
    const f = new SyncFilter()
    f.setPatterns('*.tmp\nbuild/\n!keep.tmp\n/root-only.txt\n')
    expect(f.includes('a.tmp')).toBe(false)
    expect(f.includes('keep.tmp')).toBe(true)
    expect(f.includes('build/out.bin')).toBe(false)
    expect(f.includes('src/build/x')).toBe(false)
    expect(f.includes('root-only.txt')).toBe(false)
    expect(f.includes('sub/root-only.txt')).toBe(true)
    expect(f.includes('notes.md')).toBe(true)
    expect(f.walksInto('build')).toBe(false)
    expect(f.walksInto('src')).toBe(true)
  })

  it('never syncs its own ignore file or temp files', () => {
    const f = new SyncFilter()
    expect(f.includes('.planetignore')).toBe(false)
    expect(f.includes('docs/.planet-tmp-abc')).toBe(false)
    expect(f.includes('docs/.planetignore')).toBe(true)
  })

  it('reports whether the patterns changed', () => {
    const f = new SyncFilter()
    expect(f.setPatterns('')).toBe(false)
    expect(f.setPatterns('*.log')).toBe(true)
    expect(f.setPatterns('*.log')).toBe(false)
  })

  it('keeps only the selected subfolders, and walks only towards them', () => {
    const f = new SyncFilter(['docs/', '/photos/2026'])
    expect(f.selected).toEqual(['docs', 'photos/2026'])
    expect(f.includes('docs/a.txt')).toBe(true)
    expect(f.includes('photos/2026/x.jpg')).toBe(true)
    expect(f.includes('photos/2025/x.jpg')).toBe(false)
    expect(f.includes('top.txt')).toBe(false)
    expect(f.includes('docsx/a.txt')).toBe(false)
    expect(f.walksInto('photos')).toBe(true)
    expect(f.walksInto('photos/2025')).toBe(false)
    expect(f.walksInto('docs/deep')).toBe(true)
    f.setSelected(null)
    expect(f.includes('top.txt')).toBe(true)
  })
})
