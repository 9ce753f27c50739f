import { describe, expect, it } from 'vitest'
import { RpcError } from '../../shared/rpc/errors'
import { describeError } from './error-messages'

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
})
