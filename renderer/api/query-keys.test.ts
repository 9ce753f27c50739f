import { describe, expect, it } from 'vitest'
import { apiQueryKey, inputHas, queriesWithInput } from './query-keys'

describe('apiQueryKey', () => {
  it('is [method, input], or [method] for the whole method', () => {
    expect(apiQueryKey('contacts.list', {})).toEqual(['contacts.list', {}])
    expect(apiQueryKey('contacts.list')).toEqual(['contacts.list'])
  })
})

describe('queriesWithInput', () => {
  const id = 'a'.repeat(64)
  const filter = queriesWithInput('chats.listMessages', { conversationId: id })
  it('matches the method and the fields given', () => {
    expect(filter.queryKey).toEqual(['chats.listMessages'])
    expect(filter.predicate({ queryKey: ['chats.listMessages', { conversationId: id, limit: 50 }, 'pages'] })).toBe(true)
    expect(filter.predicate({ queryKey: ['chats.listMessages', { conversationId: 'b'.repeat(64) }] })).toBe(false)
    expect(filter.predicate({ queryKey: ['chats.listMessages'] })).toBe(false)
  })
  it('compares by value', () => {
    expect(inputHas({ a: 1, b: 2 }, { a: 1 })).toBe(true)
    expect(inputHas({ a: 1 }, { a: 2 })).toBe(false)
    expect(inputHas(null, {})).toBe(false)
  })
})
