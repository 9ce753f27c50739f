import { describe, expect, it } from 'vitest'
import { RpcError } from '../../../shared/rpc/errors'
import { apiFieldErrors, errorFor, issuesToFieldErrors } from './field-errors'

describe('issuesToFieldErrors', () => {
  it('keeps the first issue of each field, as a sentence', () => {
    expect(
      issuesToFieldErrors([
        { path: ['mix', 'post'], message: 'a weight is between 0 and 1' },
        { path: ['mix', 'post'], message: 'second' },
        { path: 'title', message: 'use at most 300 characters' },
      ]),
    ).toEqual({ 'mix.post': 'A weight is between 0 and 1', title: 'Use at most 300 characters' })
  })
})

describe('apiFieldErrors', () => {
  it('reads the issues of an INVALID_INPUT answer', () => {
    const error = new RpcError('INVALID_INPUT', 'tags: use at most 20 tags', { issues: [{ path: 'tags', message: 'use at most 20 tags' }, { bad: 1 }] })
    expect(apiFieldErrors(error)).toEqual({ tags: 'Use at most 20 tags' })
  })
  it('is empty for other errors', () => {
    expect(apiFieldErrors(new RpcError('POST_NOT_FOUND', 'gone'))).toEqual({})
    expect(apiFieldErrors(new RpcError('INVALID_INPUT', 'x'))).toEqual({})
    expect(apiFieldErrors(new Error('x'))).toEqual({})
  })
})

describe('errorFor', () => {
  it('prefers what the form found', () => {
    expect(errorFor('title', { title: 'A' }, { title: 'B' })).toBe('A')
    expect(errorFor('title', {}, { title: 'B' })).toBe('B')
    expect(errorFor('body', {}, {})).toBeNull()
  })
})
