import { describe, expect, it } from 'vitest'
import { safeAppRoute } from './safe-route'

describe('safeAppRoute', () => {
  it('keeps in-app paths', () => {
    expect(safeAppRoute('/chats/' + 'a'.repeat(64))).toBe('/chats/' + 'a'.repeat(64))
    expect(safeAppRoute('/invites')).toBe('/invites')
  })
  it('sends anything else home', () => {
    for (const route of ['https://evil.example', '//evil.example', 'javascript:alert(1)', '', 'chats', '/a b', '/\\evil']) expect(safeAppRoute(route), route).toBe('/')
  })
})
