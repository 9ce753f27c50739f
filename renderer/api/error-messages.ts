import { GROUP_LIMITS } from '../../shared/domain/groups'
import { LIMITS } from '../../shared/domain/people'
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
  NETWORK_OFFLINE: { title: 'You are offline', message: 'PLANET cannot reach the network right now. Check your internet connection and try again.' },
  // Invites: each says what happened and what the person can do about it.
  INVITE_MALFORMED: { title: 'Not a valid invite', message: 'This is not a PLANET invite code. Copy the whole code or link again from the message you were sent.' },
  INVITE_EXPIRED: { title: 'This invite has expired', message: 'Invites only work for a limited time. Ask the person who invited you to send a new one.' },
  INVITE_USED: { title: 'This invite was already used', message: 'Each invite works once. Ask the person who invited you to send a new one.' },
  INVITE_REVOKED: { title: 'This invite was cancelled', message: 'The person who made it cancelled it. Ask them to send a new one.' },
  INVITE_REJECTED: { title: 'The invite was refused', message: 'The other side did not accept the connection. Ask the person who invited you to send a new invite.' },
  INVITE_OWN: { title: 'This is your own invite', message: 'Send it to the person you want to connect with: they accept it on their device.' },
  INVITE_UNREACHABLE: {
    title: 'Could not reach the person who invited you',
    message: 'No answer in time: the person who invited you must have PLANET open and unlocked while you accept. Ask them to open it, then try again.',
  },
  INVITE_NOT_FOUND: { title: 'Invite not found', message: 'This invite no longer exists. It may have been removed after it expired.' },
  CONTACT_EXISTS: { title: 'Already connected', message: 'You are already connected with the person who made this invite. You will find them in Contacts.' },
  CONTACT_NOT_FOUND: { title: 'Contact not found', message: 'This contact is not on this device any more. It may have been removed.' },
  CONVERSATION_NOT_READY: {
    title: 'Not ready yet',
    message: 'You can write here once you and the other person have been online at the same time.',
  },
  CONTACT_BLOCKED: { title: 'This contact is blocked', message: 'You blocked this contact. Unblock them on their contact page to send messages again.' },
  CONVERSATION_NOT_FOUND: { title: 'Conversation not found', message: 'This conversation is not on this device. It may have been removed with its contact.' },
  MESSAGE_NOT_FOUND: { title: 'Message not found', message: 'That message is not in this conversation any more. It may have been deleted.' },
  NOT_AUTHOR: { title: 'Not your message', message: 'You can only edit or delete messages you wrote.' },
  MESSAGE_TOO_LONG: {
    title: 'Message too long',
    message: `A message can have at most ${LIMITS.messageText.toLocaleString('en')} characters. Split it in parts, or send it as a file.`,
  },
  ATTACHMENT_TOO_LARGE: {
    title: 'File too large',
    message: `Files can be at most ${LIMITS.attachmentBytes / (1024 * 1024)} MB. Share a smaller one, or split it.`,
  },
  ATTACHMENT_NOT_FOUND: { title: 'File not available', message: 'This file is not on this device yet. Download it first; the sender must be online.' },
  UPLOAD_NOT_FOUND: { title: 'Upload lost', message: 'PLANET lost track of this upload (it may have restarted). Attach the file again.' },
  UPLOAD_INCOMPLETE: { title: 'Upload incomplete', message: 'Not every byte of the file arrived. Attach it again and resend.' },
  // Groups
  GROUP_NOT_FOUND: { title: 'Group not found', message: 'This group is not on this device. It may have been forgotten; open Groups to see the ones you are in.' },
  GROUP_FORBIDDEN: {
    title: 'Not allowed in this group',
    message: 'Your role in this group does not allow that. Ask an admin of the group (or its owner, for admin roles) to do it.',
  },
  GROUP_NOT_MEMBER: {
    title: 'You are not a member',
    message: 'You are no longer a member of this group, so you cannot write or change anything in it. Ask an admin to invite you again.',
  },
  GROUP_MEMBER_NOT_FOUND: { title: 'Not a member', message: 'That person is no longer in this group. The member list has been refreshed.' },
  GROUP_ALREADY_MEMBER: { title: 'Already a member', message: 'That person is already in this group. You find the group in Groups.' },
  GROUP_OWNER_CANNOT_LEAVE: {
    title: 'Hand the group over first',
    message: 'The owner cannot leave a group. In Members, transfer ownership to another member (they become the owner, you an admin), then leave.',
  },
  GROUP_FULL: {
    title: 'The group is full',
    message: `A group can have at most ${GROUP_LIMITS.members} members. Someone has to leave before anyone else can join.`,
  },
  GROUP_JOIN_REFUSED: { title: 'Your request was refused', message: 'An admin of the group refused your request to join. Ask them directly if you think this is a mistake.' },
  GROUP_REQUEST_NOT_FOUND: { title: 'Request not found', message: 'This join request no longer exists: another admin may have answered it, or it was cancelled.' },
  GROUP_LINK_NOT_FOUND: { title: 'Link not found', message: 'This group link no longer exists. Create a new one in Members.' },
  GROUP_INVITATION_NOT_FOUND: {
    title: 'Invitation not found',
    message: 'This invitation is no longer on this device. Ask the person who invited you to send a new one.',
  },
  THREAD_NOT_FOUND: { title: 'Thread not found', message: 'This thread is not in the group any more. It may have been deleted; the thread list shows the ones that remain.' },
  MEMBER_MUTED: {
    title: 'You are muted',
    message: 'A moderator muted you in this group for a while. You can read everything, and write again when the mute ends.',
  },
  NEWS_NOT_FOUND: { title: 'News item not found', message: 'That item is not in this group’s news (yet). The list has been refreshed.' },
  RELAY_CODE_INVALID: { title: 'Not a relay code', message: 'Check the code against the one the relay’s operator gave you.' },
  RELAY_EXISTS: { title: 'Relay already added', message: 'This group already uses that relay.' },
  RELAY_LIMIT: { title: 'Too many relays', message: 'A group can use at most 8 relays: remove one first.' },
  RELAY_NOT_FOUND: { title: 'Relay not found', message: 'This group does not use that relay (any more).' },
  NEWS_FEED_NOT_FOUND: { title: 'Feed not found', message: 'That feed is not in this group’s news any more: an admin may have removed it.' },
  POST_NOT_FOUND: { title: 'Post not found', message: 'That post does not exist, or its author deleted it. The list has been refreshed.' },
  FEED_NOT_FOUND: { title: 'Feed not found', message: 'That feed does not exist any more. Pick another feed, or make a new one.' },
  FEED_AUTHOR_UNKNOWN: {
    title: 'You cannot follow this person yet',
    message: 'PLANET does not have their personal log. People share it with their contacts: connect with them first.',
  },
  FEED_LINK_INVALID: { title: 'Not a valid feed link', message: 'Copy the whole feed link again from the message you were sent.' },
  FEED_NOT_READY: { title: 'Your personal log is not open', message: 'PLANET could not open your personal log. Lock and unlock to try again.' },
  DOCS_NOT_READY: { title: 'My docs is not open', message: 'PLANET could not open My docs. Lock and unlock to try again.' },
  DOCS_INVALID_NAME: { title: 'Not a usable name', message: 'Choose another name: no / \\ < > : " | ? *, no control characters, at most 255 bytes.' },
  DOCS_NOT_FOUND: { title: 'Not in My docs', message: 'That file or folder is not there any more. The list has been refreshed.' },
  DOCS_NOT_A_FOLDER: { title: 'Not a folder', message: 'Pick a folder for that, not a file.' },
  DOCS_EXISTS: { title: 'Name already taken', message: 'Something with that name is already in this folder. Choose another name; nothing was overwritten.' },
  DOCS_INVALID_MOVE: { title: 'Cannot move there', message: 'A folder cannot go into itself or into one of its own folders.' },
  DOCS_TOO_LARGE: { title: 'File too large', message: 'A file in My docs can be at most 2 GB.' },
  FOLDER_NOT_FOUND: { title: 'Folder not found', message: 'That shared folder is not in this group (any more): an admin may have removed it.' },
  FOLDER_WRONG_MODE: { title: 'No shared folders here', message: 'Shared folders are for working and trading groups. An admin can change the group’s mode in its settings.' },
  FOLDER_LIMIT: { title: 'Too many shared folders', message: 'A group can have at most 32 shared folders: remove one first.' },
  FOLDER_BAD_DIR: { title: 'Cannot use that directory', message: 'Choose a directory on this computer, outside PLANET’s own data, that PLANET can create or write to.' },
  FOLDER_UNAVAILABLE: { title: 'Folder not available yet', message: 'This device does not hold the folder’s key yet: it comes with the group’s keys from an admin’s device.' },
  FOLDER_BAD_PATH: { title: 'Not a path in the folder', message: 'Pick a file from the folder’s list.' },
  FOLDER_NO_SUCH_VERSION: { title: 'Version not found', message: 'That version of the file is not there any more. The history has been refreshed.' },
  FOLDER_NO_SUCH_FILE: { title: 'File not found', message: 'That file is no longer in the folder. The list has been refreshed.' },
  FOLDER_TOO_LARGE: { title: 'File too large', message: 'That file is over the folder’s size limit, so it was not sent.' },
  FOLDER_PAUSED: { title: 'Folder paused', message: 'Sync is paused for this folder on this device. Resume it to add or delete files.' },
  FOLDER_NOT_SYNCED: { title: 'Not on this device yet', message: 'No member who holds this file is online right now. Try again when one of them is.' },
}

/** Codes whose server message is specific and safe to show (validation, not internals). */
const SERVER_MESSAGE_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'INVALID_INPUT',
  'PHRASE_WRONG_LENGTH',
  'PHRASE_BAD_CHECKSUM',
  'INVITE_MALFORMED',
  'FEED_LINK_INVALID',
  // My docs: the core names the file or folder, or says exactly what is wrong with a name.
  'DOCS_INVALID_NAME',
  'DOCS_NOT_FOUND',
  'DOCS_NOT_A_FOLDER',
  'DOCS_EXISTS',
  'DOCS_TOO_LARGE',
])

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

/** Rebuild an error that travelled as plain data (router state) so describeError can word it. */
export function errorFromCode(code: ErrorCode, message = ''): RpcError {
  return new RpcError(code, message)
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
