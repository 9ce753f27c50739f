import { describe, expect, it } from 'vitest'
import { breadcrumbOf, entriesIn, isInside, joinPath, nameOf, subfolderChoices, subfolderExists, uploadTargetProblem } from './folder-tree'

const file = (path: string, size = 1, mtime = 1) => ({ path, size, mtime })
const files = [file('b.txt'), file('file 10.txt'), file('file 2.txt'), file('Plans/garden.txt', 10, 5), file('Plans/2026/beds.md', 20, 9), file('photos/a.jpg', 100, 3)]

describe('entriesIn', () => {
  it('lists the top: subfolders with what they hold, then files in a file manager’s order', () => {
    const top = entriesIn(files, '')
    expect(top.folders).toEqual([
      { name: 'photos', path: 'photos', files: 1, bytes: 100, modified: 3 },
      { name: 'Plans', path: 'Plans', files: 2, bytes: 30, modified: 9 },
    ])
    expect(top.files.map((entry) => entry.name)).toEqual(['b.txt', 'file 2.txt', 'file 10.txt'])
  })

  it('lists a subfolder, and nothing outside it', () => {
    const plans = entriesIn(files, 'Plans')
    expect(plans.folders.map((entry) => entry.path)).toEqual(['Plans/2026'])
    expect(plans.files.map((entry) => entry.file.path)).toEqual(['Plans/garden.txt'])
    // A sibling whose name starts the same is not inside.
    expect(entriesIn([file('Plans2/x')], 'Plans')).toEqual({ folders: [], files: [] })
  })

  it('knows which subfolders exist', () => {
    expect(subfolderExists(files, '')).toBe(true)
    expect(subfolderExists(files, 'Plans/2026')).toBe(true)
    expect(subfolderExists(files, 'Plan')).toBe(false)
    expect(subfolderExists(files, 'b.txt')).toBe(false)
  })
})

describe('paths and breadcrumbs', () => {
  it('joins and splits paths', () => {
    expect(joinPath('', 'a.txt')).toBe('a.txt')
    expect(joinPath('Plans/2026', 'a.txt')).toBe('Plans/2026/a.txt')
    expect(nameOf('Plans/2026/a.txt')).toBe('a.txt')
    expect(nameOf('a.txt')).toBe('a.txt')
  })

  it('goes from the folder’s top down', () => {
    expect(breadcrumbOf('Shared', '')).toEqual([{ name: 'Shared', subfolder: '' }])
    expect(breadcrumbOf('Shared', 'a/b')).toEqual([
      { name: 'Shared', subfolder: '' },
      { name: 'a', subfolder: 'a' },
      { name: 'b', subfolder: 'a/b' },
    ])
  })
})

describe('subfolderChoices', () => {
  it('offers the top-level subfolders, and selected ones that emptied out', () => {
    expect(subfolderChoices(files, null)).toEqual(['photos', 'Plans'])
    expect(subfolderChoices(files, ['old'])).toEqual(['old', 'photos', 'Plans'])
    expect(subfolderChoices([file('a.txt')], null)).toEqual([])
  })
})

describe('uploadTargetProblem', () => {
  it('refuses a file over a subfolder of the same name, and lets a file replace a file', () => {
    expect(uploadTargetProblem(files, 'Plans')).toMatch(/name of a subfolder/)
    expect(uploadTargetProblem(files, 'Plans/garden.txt')).toBeNull()
    expect(uploadTargetProblem(files, 'new.txt')).toBeNull()
  })
})

describe('isInside', () => {
  it('holds paths at any depth below the subfolder, and not its namesakes', () => {
    expect(isInside('beds/south.txt', 'beds')).toBe(true)
    expect(isInside('beds/a/b.txt', 'beds')).toBe(true)
    expect(isInside('beds.txt', 'beds')).toBe(false)
    expect(isInside('bedside/x.txt', 'beds')).toBe(false)
    expect(isInside('anything.txt', '')).toBe(true)
  })
})
