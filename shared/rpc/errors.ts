/**
 * Stable error codes that cross the process boundary. Renderer code and tests
 * match on these strings, so a code is never renamed or reused for something
 * else — add new ones at the end of their group.
 */
export const ERROR_CODES = [
  // transport and router
  'UNKNOWN_METHOD',
  'UNKNOWN_EVENT',
  'INVALID_INPUT',
  'INVALID_OUTPUT',
  'BAD_ENVELOPE',
  'UNAUTHORIZED',
  'TRANSPORT_CLOSED',
  'INTERNAL',
  // vault
  'VAULT_NOT_FOUND',
  'VAULT_EXISTS',
  'VAULT_LOCKED',
  'WRONG_PASSPHRASE',
  'VAULT_CORRUPT',
  'VAULT_TRUNCATED',
  'VAULT_TOO_NEW',
  'VAULT_BUSY',
  // identity
  'IDENTITY_EXISTS',
  'IDENTITY_MISSING',
  'PHRASE_WRONG_LENGTH',
  'PHRASE_UNKNOWN_WORD',
  'PHRASE_BAD_CHECKSUM',
  'BACKUP_WORDS_MISMATCH',
  // network and invites
  'NETWORK_OFFLINE',
  'INVITE_MALFORMED',
  'INVITE_EXPIRED',
  'INVITE_USED',
  'INVITE_REVOKED',
  'INVITE_REJECTED',
  'INVITE_OWN',
  'INVITE_UNREACHABLE',
  'INVITE_NOT_FOUND',
  // contacts and chats
  'CONTACT_NOT_FOUND',
  'CONTACT_EXISTS',
  'CONTACT_BLOCKED',
  'CONVERSATION_NOT_FOUND',
  'MESSAGE_NOT_FOUND',
  'NOT_AUTHOR',
  'MESSAGE_TOO_LONG',
  'ATTACHMENT_TOO_LARGE',
  'ATTACHMENT_NOT_FOUND',
  'UPLOAD_NOT_FOUND',
  'UPLOAD_INCOMPLETE',
  'CONVERSATION_NOT_READY',
  // groups
  'GROUP_NOT_FOUND',
  'GROUP_FORBIDDEN',
  'GROUP_NOT_MEMBER',
  'GROUP_MEMBER_NOT_FOUND',
  'GROUP_ALREADY_MEMBER',
  'GROUP_OWNER_CANNOT_LEAVE',
  'GROUP_FULL',
  'GROUP_JOIN_REFUSED',
  'GROUP_REQUEST_NOT_FOUND',
  'GROUP_LINK_NOT_FOUND',
  'GROUP_INVITATION_NOT_FOUND',
  'THREAD_NOT_FOUND',
  'MEMBER_MUTED',
  'NEWS_NOT_FOUND',
  'NEWS_FEED_NOT_FOUND',
  // relays
  'RELAY_CODE_INVALID',
  'RELAY_EXISTS',
  'RELAY_LIMIT',
  'RELAY_NOT_FOUND',
  // feeds and blog
  'POST_NOT_FOUND',
  'FEED_NOT_FOUND',
  'FEED_AUTHOR_UNKNOWN',
  'FEED_NOT_READY',
  'FEED_LINK_INVALID',
  // my docs
  'DOCS_NOT_READY',
  'DOCS_INVALID_NAME',
  'DOCS_NOT_FOUND',
  'DOCS_NOT_A_FOLDER',
  'DOCS_EXISTS',
  'DOCS_INVALID_MOVE',
  'DOCS_TOO_LARGE',
  // shared folders
  'FOLDER_NOT_FOUND',
  'FOLDER_WRONG_MODE',
  'FOLDER_LIMIT',
  'FOLDER_BAD_DIR',
  'FOLDER_UNAVAILABLE',
  'FOLDER_BAD_PATH',
  'FOLDER_NO_SUCH_VERSION',
  'FOLDER_NO_SUCH_FILE',
  'FOLDER_TOO_LARGE',
  'FOLDER_PAUSED',
  'FOLDER_NOT_SYNCED',
] as const

export type ErrorCode = (typeof ERROR_CODES)[number]

/** The error shape on the wire: plain JSON, no prototype. */
export interface WireError {
  code: ErrorCode
  message: string
  /** Optional structured hints, e.g. which phrase word was unknown. Plain JSON only. */
  details?: Record<string, unknown>
}

/**
 * The one error class handlers throw on purpose. Anything else that escapes a
 * handler is reported to the caller as INTERNAL without its message, so
 * internals (paths, SQL) never leak to a renderer.
 */
export class RpcError extends Error {
  readonly code: ErrorCode
  readonly details?: Record<string, unknown>

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>) {
    super(message)
    this.name = 'RpcError'
    this.code = code
    this.details = details
  }

  toWire(): WireError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details }
  }

  static fromWire(error: WireError): RpcError {
    return new RpcError(error.code, error.message, error.details)
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value)
}
