import { describe, expect, it } from 'vitest'
import { flattenPages, replaceMessage } from './messages-cache'

const m = (id: string, position: number, text = id) => ({ id, position, text })

describe('flattenPages', () => {
  it('orders newest-first pages into conversation order', () => {
    const pages = [
      { messages: [m('c', 2), m('d', 3)], hasMore: true },
      { messages: [m('a', 0), m('b', 1)], hasMore: false },
    ]
    expect(flattenPages(pages).map((message) => message.id)).toEqual(['a', 'b', 'c', 'd'])
  })
  it('drops a duplicate from a shifted page boundary, keeping the newest page’s copy', () => {
    const pages = [
      { messages: [m('b', 1, 'new'), m('c', 2)], hasMore: true },
      { messages: [m('a', 0), m('b', 1, 'old')], hasMore: false },
    ]
    const flat = flattenPages(pages)
    expect(flat.map((message) => message.id)).toEqual(['a', 'b', 'c'])
    expect(flat[1]!.text).toBe('new')
  })
})

describe('replaceMessage', () => {
  const data = { pages: [{ messages: [m('a', 0), m('b', 1)], hasMore: false }], pageParams: [undefined] }
  it('swaps the message in place', () => {
    const next = replaceMessage(data, m('b', 1, 'edited'))!
    expect(next.pages[0]!.messages[1]!.text).toBe('edited')
    expect(next.pages[0]!.messages[0]).toBe(data.pages[0]!.messages[0])
  })
  it('leaves the cache alone when the message is not loaded', () => {
    expect(replaceMessage(data, m('z', 9))).toBe(data)
    expect(replaceMessage(undefined, m('z', 9))).toBeUndefined()
  })
})
