import { describe, expect, it } from 'vitest'
import { checkDriveKey, checkRelativePath, foldName, MAX_COMPONENT_BYTES, MAX_PATH_BYTES } from './path-safety'

const reason = (key: string, rules = {}): string | null => {
  const r = checkDriveKey(key, rules)
  return r.ok ? null : r.reason
}

describe('checkDriveKey: what a peer may name', () => {
  it('accepts ordinary paths and returns them without the leading slash', () => {
    expect(checkDriveKey('/a.txt')).toEqual({ ok: true, path: 'a.txt' })
    expect(checkDriveKey('/Docs/2026/plan v2.final.md')).toEqual({ ok: true, path: 'Docs/2026/plan v2.final.md' })
    expect(checkDriveKey('/.hidden/.bashrc')).toEqual({ ok: true, path: '.hidden/.bashrc' })
    expect(checkDriveKey('/ünïcødé/日本語.txt')).toEqual({ ok: true, path: 'ünïcødé/日本語.txt' })
    expect(checkDriveKey('/console.txt')).toEqual({ ok: true, path: 'console.txt' })
    expect(checkDriveKey('/com10.txt')).toEqual({ ok: true, path: 'com10.txt' })
    expect(checkDriveKey('/meeting: notes.txt')).toEqual({ ok: true, path: 'meeting: notes.txt' })
  })
  it('refuses an empty key', () => expect(reason('')).toBe('empty'))
  it('refuses the bare root', () => expect(reason('/')).toBe('empty'))
  it('refuses a key without the leading slash', () => expect(reason('a.txt')).toBe('not-normalized'))
  it('refuses an absolute path', () => expect(reason('//etc/passwd')).toBe('absolute'))
  it('refuses a parent segment', () => expect(reason('/../x')).toBe('parent-segment'))
  it('refuses a parent segment in the middle', () => expect(reason('/a/../../x')).toBe('parent-segment'))
  it('refuses a trailing parent segment', () => expect(reason('/a/..')).toBe('parent-segment'))
  it('refuses a dot segment', () => expect(reason('/a/./x')).toBe('dot-segment'))
  it('refuses an empty segment', () => expect(reason('/a//x')).toBe('empty-segment'))
  it('refuses a trailing slash', () => expect(reason('/a/')).toBe('empty-segment'))
  it('refuses a backslash', () => expect(reason('/a\\..\\x')).toBe('backslash'))
  it('refuses a drive letter', () => expect(reason('/C:/Windows/x')).toBe('drive-letter'))
  it('refuses a drive-relative name', () => expect(reason('/d:x')).toBe('drive-letter'))
  it('refuses a NUL byte', () => expect(reason('/a\u0000b')).toBe('nul'))
  it('refuses a control character', () => expect(reason('/a\nb')).toBe('control-char'))
  it('refuses DEL', () => expect(reason('/a\u007fb')).toBe('control-char'))
  it.each(['CON', 'prn', 'Aux', 'NUL', 'com1', 'COM9', 'lpt1', 'LPT9', 'COM¹', 'CONIN$', 'conout$'])('refuses the reserved name %s', (name) => {
    expect(reason(`/${name}`)).toBe('reserved-name')
  })
  it('refuses a reserved name with an extension', () => expect(reason('/nul.txt')).toBe('reserved-name'))
  it('refuses a reserved name with several extensions', () => expect(reason('/Con.tar.gz')).toBe('reserved-name'))
  it('refuses a reserved name as a directory', () => expect(reason('/aux/readme.md')).toBe('reserved-name'))
  it('refuses a trailing dot', () => expect(reason('/name.')).toBe('trailing-dot-or-space'))
  it('refuses a trailing space', () => expect(reason('/dir /a')).toBe('trailing-dot-or-space'))
  it('accepts a component of exactly 255 bytes', () => expect(reason(`/${'é'.repeat(127)}a`)).toBeNull())
  it('refuses a component over 255 bytes', () => expect(reason(`/${'é'.repeat(MAX_COMPONENT_BYTES / 2 + 1)}`)).toBe('component-too-long'))
  it('refuses a path over the total limit', () => expect(reason(`/${'abcdefghi/'.repeat(MAX_PATH_BYTES / 10 + 1)}x`)).toBe('path-too-long'))
  it('refuses the engine temp names', () => expect(reason('/dir/.planet-tmp-123')).toBe('internal-name'))
  it('refuses the ignore file (each device keeps its own)', () => expect(reason('/.planetignore')).toBe('internal-name'))
  it('refuses characters Windows cannot store, only when asked', () => {
    for (const c of ['<', '>', ':', '"', '|', '?', '*']) {
      expect(reason(`/ab${c}c`, { windowsChars: true })).toBe('windows-char')
      expect(reason(`/ab${c}c`)).toBeNull()
    }
  })
})

describe('checkRelativePath', () => {
  it('is the same rule set for local files', () => {
    expect(checkRelativePath('docs/a.txt')).toEqual({ ok: true, path: 'docs/a.txt' })
    expect(checkRelativePath('LPT1.log')).toEqual({ ok: false, reason: 'reserved-name' })
    expect(checkRelativePath('/abs')).toEqual({ ok: false, reason: 'absolute' })
  })
})

describe('foldName', () => {
  it('folds case and Unicode normalization', () => {
    expect(foldName('README.md')).toBe(foldName('readme.MD'))
    expect(foldName('caf\u00e9')).toBe(foldName('cafe\u0301'))
    expect(foldName('a')).not.toBe(foldName('b'))
  })
})
