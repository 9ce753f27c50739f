import type { ErrorCode } from '../../shared/rpc/errors'
import { RpcError } from '../../shared/rpc/errors'

export interface HumanError {
  /** Short, for an Alert title. */
  title: string
  /** What happened and what to do next. */
  message: string
}

/**
 * What users read when a call fails. Codes are stable (shared/rpc/errors.ts);
 * the core's own message is used only where it names the specific problem
 * (input validation, phrase checks), never for internal failures.
 */
const MESSAGES: Partial<Record<ErrorCode, HumanError>> = {
  WRONG_PASSPHRASE: { title: 'Wrong passphrase', message: 'That passphrase does not open this vault. Check Caps Lock and try again.' },
  VAULT_CORRUPT: {
    title: 'The vault is damaged',
    message:
      'PLANET cannot read the vault file in its data folder, and has not changed it. If you have a copy of the data folder, put it back. Otherwise move the damaged folder aside and restore your identity from your recovery phrase.',
  },
  VAULT_TRUNCATED: {
    title: 'The vault file is incomplete',
    message:
      'The vault file was cut short — usually by a full disk, a crash during a write or an interrupted copy. Free some space or put back a complete copy of the data folder; if you have none, move the folder aside and restore your identity from your recovery phrase.',
  },
  VAULT_TOO_NEW: {
    title: 'This vault needs a newer PLANET',
    message: 'The vault was written by a newer version of PLANET. Update PLANET to open it; nothing has been changed.',
  },
  VAULT_NOT_FOUND: { title: 'No vault on this device', message: 'There is no PLANET vault in this data folder. Create an identity or restore one from your recovery phrase.' },
  VAULT_EXISTS: { title: 'An identity already exists', message: 'This data folder already holds a PLANET vault. Unlock it instead, or use another data folder.' },
  IDENTITY_EXISTS: { title: 'An identity already exists', message: 'This vault already holds an identity.' },
  IDENTITY_MISSING: { title: 'No identity yet', message: 'This vault has no identity. Create one or restore it from your recovery phrase.' },
  VAULT_LOCKED: { title: 'PLANET is locked', message: 'Unlock PLANET with your passphrase to continue.' },
  VAULT_BUSY: { title: 'PLANET is busy', message: 'Another operation on the vault is still running. Try again in a moment.' },
  BACKUP_WORDS_MISMATCH: {
    title: 'Those words do not match',
    message: 'At least one word is not the one at that position in your recovery phrase. Check what you wrote down and try again.',
  },
  PHRASE_WRONG_LENGTH: { title: 'Wrong number of words', message: 'A PLANET recovery phrase has exactly 24 words.' },
  PHRASE_BAD_CHECKSUM: {
    title: 'The phrase does not add up',
    message: 'Every word is valid, but together they are not a valid recovery phrase. Look for a swapped or mistyped word.',
  },
  TRANSPORT_CLOSED: { title: 'Disconnected from PLANET', message: 'The connection to PLANET was lost. Reconnect and try again.' },
  UNAUTHORIZED: { title: 'Not allowed', message: 'PLANET refused this request. Reload the page from the link PLANET printed.' },
  INTERNAL: { title: 'Something went wrong', message: 'PLANET hit an unexpected problem. Try again; if it keeps happening, restart PLANET.' },
}

/** Codes whose server message is specific and safe to show (validation, not internals). */
const SERVER_MESSAGE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['INVALID_INPUT', 'PHRASE_WRONG_LENGTH', 'PHRASE_BAD_CHECKSUM'])

export function describeError(error: unknown): HumanError {
  if (!(error instanceof RpcError)) {
    return { title: 'Something went wrong', message: 'PLANET hit an unexpected problem. Try again.' }
  }
  if (error.code === 'PHRASE_UNKNOWN_WORD') {
    return { title: 'Unknown word', message: unknownWordMessage(error.details) ?? error.message }
  }
  const known = MESSAGES[error.code]
  if (known) return SERVER_MESSAGE_CODES.has(error.code) && error.message ? { ...known, message: error.message } : known
  if (SERVER_MESSAGE_CODES.has(error.code)) return { title: 'Check what you entered', message: error.message }
  return { title: 'Something went wrong', message: `PLANET could not do that (${error.code}). Try again.` }
}

export function hasCode(error: unknown, code: ErrorCode): boolean {
  return error instanceof RpcError && error.code === code
}

function unknownWordMessage(details: Record<string, unknown> | undefined): string | null {
  const position = details?.position
  const word = details?.word
  if (typeof position !== 'number') return null
  const shown = typeof word === 'string' && word ? ` “${word}”` : ''
  return `Word ${position}${shown} is not in the recovery word list. Check its spelling.`
}
