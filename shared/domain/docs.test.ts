import { describe, expect, it } from 'vitest'
import { DOCS_LIMITS, docMime, freeName, isWithin, nameKey, nameProblem, parentOf, parseDocPath, previewKind, utf8Bytes } from './docs'

describe('doc names', () => {
  it('accepts ordinary names in any script', () => {
    for (const name of ['report.pdf', 'Plan 2026', '.hidden', 'a', 'Ünïcödé', '日本語のファイル.txt', 'emoji 🎉.png', 'con-notes.txt', 'CONSOLE', 'x'.repeat(255)]) {
      expect(nameProblem(name), name).toBeNull()
    }
  })

  it('refuses what is unsafe on some disk or means something else', () => {
    const bad: Array<[string, RegExp]> = [
      ['', /empty/],
      ['   ', /empty/],
      ['.', /not a name/],
      ['..', /not a name/],
      ['a/b', /cannot contain/],
      ['a\\b', /cannot contain/],
      ['nul\u0000', /control/],
      ['tab\t', /control/],
      ['del\u007f', /control/],
      ['c1\u0085', /control/],
      ['what?', /cannot contain/],
      ['a:b', /cannot contain/],
      ['<x>', /cannot contain/],
      ['pipe|', /cannot contain/],
      ['star*', /cannot contain/],
      ['quote"', /cannot contain/],
      ['dot.', /end with/],
      ['space ', /end with/],
      [' lead', /start with/],
      ['CON', /Windows/],
      ['con.txt', /Windows/],
      ['LPT9.log', /Windows/],
      ['Com1', /Windows/],
      ['.planet-folder', /PLANET/],
      ['.PLANET-FOLDER', /PLANET/],
      ['x'.repeat(256), /255 bytes/],
      ['é'.repeat(128), /255 bytes/],
      ['e\u0301', /NFC/],
    ]
    for (const [name, problem] of bad) expect(nameProblem(name), JSON.stringify(name)).toMatch(problem)
  })

  it('counts UTF-8 bytes without TextEncoder', () => {
    expect(utf8Bytes('aé日🎉')).toBe(1 + 2 + 3 + 4)
    expect(utf8Bytes('\ud800')).toBe(3)
  })
})

describe('doc paths', () => {
  it('splits relative paths; the root is empty', () => {
    expect(parseDocPath('')).toEqual({ ok: true, segments: [] })
    expect(parseDocPath('Projects/2026/report.pdf')).toEqual({ ok: true, segments: ['Projects', '2026', 'report.pdf'] })
  })

  it('refuses absolute, traversing, empty or too deep paths', () => {
    for (const path of ['/etc', '\\\\server\\share', 'C:/Windows', 'c:x', '..', 'a/../b', 'a/./b', 'a//b', 'a/', '/', 'a/CON/b', 'a/\u0000', Array(DOCS_LIMITS.depth + 1).fill('a').join('/'), 'x'.repeat(4097)]) {
      expect(parseDocPath(path).ok, JSON.stringify(path.slice(0, 40))).toBe(false)
    }
  })

  it('knows parents and containment', () => {
    expect(parentOf('a/b/c')).toBe('a/b')
    expect(parentOf('a')).toBe('')
    expect(isWithin('a/b', 'a')).toBe(true)
    expect(isWithin('a', 'a')).toBe(true)
    expect(isWithin('ab', 'a')).toBe(false)
    expect(isWithin('anything', '')).toBe(true)
  })

  it('treats names that differ only in case as the same, and finds a free one', () => {
    expect(nameKey('Report.PDF')).toBe(nameKey('report.pdf'))
    const taken = new Set(['report.pdf', 'report (2).pdf', 'notes'].map(nameKey))
    expect(freeName('Report.pdf', taken)).toBe('Report (3).pdf')
    expect(freeName('Notes', taken)).toBe('Notes (2)')
    expect(freeName('fresh.txt', taken)).toBe('fresh.txt')
    const long = `${'x'.repeat(251)}.txt`
    const free = freeName(long, new Set([nameKey(long)]))
    expect(utf8Bytes(free)).toBeLessThanOrEqual(255)
    expect(free.endsWith('.txt')).toBe(true)
  })
})

describe('types and previews', () => {
  it('records a type from the browser, else from the extension', () => {
    expect(docMime('a.png', 'image/png')).toBe('image/png')
    expect(docMime('a.PNG', '')).toBe('image/png')
    expect(docMime('notes.md', 'application/octet-stream')).toBe('text/plain')
    expect(docMime('paper.pdf', '')).toBe('application/pdf')
    expect(docMime('x', 'text/plain; charset=utf-8')).toBe('text/plain')
    expect(docMime('weird', '<script>')).toBe('application/octet-stream')
  })

  it('previews raster images, text and PDF; never SVG', () => {
    expect(previewKind({ mime: 'image/png', size: 10 })).toBe('image')
    expect(previewKind({ mime: 'image/svg+xml', size: 10 })).toBe('none')
    expect(previewKind({ mime: 'image/png', size: 21 * 1024 * 1024 })).toBe('none')
    expect(previewKind({ mime: 'text/html', size: 10 })).toBe('text')
    expect(previewKind({ mime: 'application/pdf', size: 10 })).toBe('pdf')
    expect(previewKind({ mime: 'application/zip', size: 10 })).toBe('none')
  })
})
