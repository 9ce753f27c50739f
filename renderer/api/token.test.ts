import { describe, expect, it } from 'vitest'
import { parseHashToken, takeToken, TOKEN_STORAGE_KEY } from './token'

function env(hash: string, stored: string | null = null) {
  const store = new Map<string, string>(stored === null ? [] : [[TOKEN_STORAGE_KEY, stored]])
  const replaced: string[] = []
  return {
    replaced,
    store,
    env: {
      location: { hash, pathname: '/', search: '' },
      history: { state: null, replaceState: (_state: unknown, _title: string, url?: string | URL | null) => void replaced.push(String(url)) },
      storage: { getItem: (key: string) => store.get(key) ?? null, setItem: (key: string, value: string) => void store.set(key, value) },
    },
  }
}

describe('parseHashToken', () => {
  it('reads #token=…', () => expect(parseHashToken('#token=abc123')).toBe('abc123'))
  it('ignores other fragments and empty or odd tokens', () => {
    expect(parseHashToken('')).toBeNull()
    expect(parseHashToken('#/settings')).toBeNull()
    expect(parseHashToken('#token=')).toBeNull()
    expect(parseHashToken(`#token=${'a'.repeat(600)}`)).toBeNull()
  })
})

describe('takeToken', () => {
  it('takes the token from the fragment, stores it for the tab and wipes the address bar', () => {
    const t = env('#token=fresh')
    expect(takeToken(t.env)).toBe('fresh')
    expect(t.store.get(TOKEN_STORAGE_KEY)).toBe('fresh')
    expect(t.replaced).toEqual(['/'])
  })
  it('falls back to the token this tab remembered (a reload)', () => {
    const t = env('', 'remembered')
    expect(takeToken(t.env)).toBe('remembered')
    expect(t.replaced).toEqual([])
  })
  it('prefers a fresh link over a remembered token', () => {
    const t = env('#token=new', 'old')
    expect(takeToken(t.env)).toBe('new')
    expect(t.store.get(TOKEN_STORAGE_KEY)).toBe('new')
  })
  it('returns null with neither, and survives missing storage', () => {
    expect(takeToken(env('').env)).toBeNull()
    expect(takeToken({ ...env('#token=x').env, storage: null })).toBe('x')
  })
})
