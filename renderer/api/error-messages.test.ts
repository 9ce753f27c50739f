import { describe, expect, it } from 'vitest'
import { ERROR_CODES, RpcError } from '../../shared/rpc/errors'
import { describeError, errorFromCode } from './error-messages'

describe('describeError', () => {
  it('names the wrong passphrase plainly', () => {
    expect(describeError(new RpcError('WRONG_PASSPHRASE', 'bad key')).title).toBe('Wrong passphrase')
  })
  it('says what to do for a damaged, cut or future vault', () => {
    expect(describeError(new RpcError('VAULT_CORRUPT', 'x')).message).toMatch(/recovery phrase/)
    expect(describeError(new RpcError('VAULT_TRUNCATED', 'x')).message).toMatch(/copy of the data folder/)
    expect(describeError(new RpcError('VAULT_TOO_NEW', 'x')).message).toMatch(/Update PLANET/)
  })
  it('points at the unknown word', () => {
    expect(describeError(new RpcError('PHRASE_UNKNOWN_WORD', 'x', { position: 7, word: 'zebraa' })).message).toBe(
      'Word 7 “zebraa” is not in the recovery word list. Check its spelling.',
    )
  })
  it('never shows internal messages', () => {
    expect(describeError(new RpcError('INTERNAL', '/home/me/.planet/vault.db: SQLITE_IOERR')).message).not.toMatch(/SQLITE/)
    expect(describeError(new Error('boom')).message).not.toMatch(/boom/)
  })
  it('shows validation messages from the core', () => {
    expect(describeError(new RpcError('INVALID_INPUT', 'passphrase: use at least 8 characters')).message).toBe('passphrase: use at least 8 characters')
  })
  it('tells an invitee what to do for each invite failure', () => {
    expect(describeError(new RpcError('INVITE_UNREACHABLE', 'timeout')).message).toMatch(/the person who invited you must have PLANET open/)
    expect(describeError(new RpcError('INVITE_EXPIRED', 'x')).message).toMatch(/new one/)
    expect(describeError(new RpcError('INVITE_USED', 'x')).message).toMatch(/works once/)
    expect(describeError(new RpcError('INVITE_REVOKED', 'x')).title).toBe('This invite was cancelled')
    expect(describeError(new RpcError('INVITE_OWN', 'x')).title).toBe('This is your own invite')
    expect(describeError(new RpcError('CONTACT_EXISTS', 'x')).message).toMatch(/Contacts/)
  })
  it('shows the core’s specific words for a malformed code', () => {
    expect(describeError(new RpcError('INVITE_MALFORMED', 'This invite code has a typo: check it against the one you were sent.')).message).toMatch(/typo/)
    expect(describeError(new RpcError('INVITE_MALFORMED', '')).message).toMatch(/not a PLANET invite/)
  })
  it('states the limits it refers to', () => {
    expect(describeError(new RpcError('ATTACHMENT_TOO_LARGE', 'x')).message).toMatch(/100 MB/)
    expect(describeError(new RpcError('MESSAGE_TOO_LONG', 'x')).message).toMatch(/16,000/)
  })
  it('words every group error, never the generic fallback', () => {
    const codes = ERROR_CODES.filter((code) => code.startsWith('GROUP_') || code === 'THREAD_NOT_FOUND' || code === 'MEMBER_MUTED')
    expect(codes.length).toBeGreaterThan(10)
    for (const code of codes) expect(describeError(new RpcError(code, 'x')).title, code).not.toBe('Something went wrong')
    expect(describeError(new RpcError('GROUP_OWNER_CANNOT_LEAVE', 'x')).message).toMatch(/transfer ownership/)
    expect(describeError(new RpcError('GROUP_FULL', 'x')).message).toMatch(/200 members/)
  })
  it('rebuilds an error that travelled as data', () => {
    expect(describeError(errorFromCode('INVITE_UNREACHABLE')).title).toBe('Could not reach the person who invited you')
  })
})
