import type { MethodOutput } from '../../shared/contract'
import type { GroupTab } from '../../shared/domain/groups'

type VaultState = MethodOutput<'vault.getStatus'>['state']

/** Routes, in one place so links and the gate agree. */
export const ROUTES = {
  home: '/',
  chats: '/chats',
  groups: '/groups',
  newGroup: '/groups/new',
  feeds: '/feeds',
  docs: '/docs',
  contacts: '/contacts',
  invites: '/invites',
  settings: '/settings',
  welcome: '/welcome',
  create: '/create',
  restore: '/restore',
  unlock: '/unlock',
} as const

const ONBOARDING: readonly string[] = [ROUTES.welcome, ROUTES.create, ROUTES.restore]

/**
 * Where the vault's state allows the user to be. Returns the path to go to
 * instead, or null to stay.
 * - none: only onboarding;
 * - locked: only the unlock screen (remembering where they were);
 * - unlocked: the app, and /create, whose later steps (phrase, check) run after
 *   identity.create has already unlocked the vault.
 * `from` is where a locked user was headed; unlocking returns them there.
 */
export function redirectFor(state: VaultState, pathname: string, from?: string | null): string | null {
  switch (state) {
    case 'none':
      return ONBOARDING.includes(pathname) ? null : ROUTES.welcome
    case 'locked':
      return pathname === ROUTES.unlock ? null : ROUTES.unlock
    case 'unlocked':
      if (pathname === ROUTES.unlock) return from && isAppPath(from) ? from : ROUTES.home
      return pathname === ROUTES.welcome || pathname === ROUTES.restore ? ROUTES.home : null
  }
}

/** Where onboarding with an invite starts: the create flow, with the invite field and a last "Connect" step. */
export const CREATE_WITH_INVITE = `${ROUTES.create}?invite`

export function chatPath(conversationId: string): string {
  return `${ROUTES.chats}/${conversationId}`
}

export function contactPath(contactId: string): string {
  return `${ROUTES.contacts}/${contactId}`
}

/**
 * A group's page, on one of its tabs (the chat when omitted). Alerts from the
 * core link here too, e.g. `/groups/<id>/announcements`.
 */
export function groupPath(groupId: string, tab?: GroupTab): string {
  return tab === undefined ? `${ROUTES.groups}/${groupId}` : `${ROUTES.groups}/${groupId}/${tab}`
}

/** One Discuss thread of a group. */
export function threadPath(groupId: string, threadId: string): string {
  return `${ROUTES.groups}/${groupId}/discuss/${threadId}`
}

const APP_PAGES: readonly string[] = [ROUTES.home, ROUTES.settings, ROUTES.invites, ROUTES.contacts, ROUTES.chats, ROUTES.groups, ROUTES.newGroup, ROUTES.feeds, ROUTES.docs]
/** /chats/<id> and /contacts/<id>: ids are 64 hex characters. */
const APP_DETAIL = /^\/(chats|contacts)\/[0-9a-f]{64}$/
/**
 * /groups/<id>, /groups/<id>/<tab>, /groups/<id>/discuss/<thread id (32 hex)>,
 * /groups/<id>/folders/<folder id (32 hex)>/<subfolder segments> (features/folders/folders-location.ts).
 */
const GROUP_DETAIL = /^\/groups\/[0-9a-f]{64}(\/[a-z]{2,20}|\/discuss\/[0-9a-f]{32}|\/folders\/[0-9a-f]{32}(\/[^/]+){0,64})?$/
/** The views of Feeds (features/feeds/feeds-location.ts): tabs, a feed, its builder, a post, someone's blog. */
const FEEDS_DETAIL = /^\/feeds\/(following|blog|new|feed\/[a-z0-9-]{1,64}(\/edit)?|people\/[0-9a-f]{64}|post\/[0-9a-f]{64}\/[0-9a-f]{32})$/

/** A folder of My docs: /docs/<segment>/<segment>, each URI-encoded (features/docs/docs-location.ts). */
const DOCS_DETAIL = /^\/docs(\/[^/]+){1,64}$/

/** Paths inside the app shell, where a locked user may be sent back after unlocking. */
export function isAppPath(pathname: string): boolean {
  return APP_PAGES.includes(pathname) || APP_DETAIL.test(pathname) || GROUP_DETAIL.test(pathname) || FEEDS_DETAIL.test(pathname) || DOCS_DETAIL.test(pathname)
}

/** The id in /chats/<id>, /contacts/<id> or /groups/<id> when it has the shape of one, else null (a stale or mistyped link). */
export function validId(value: string | undefined): string | null {
  return value !== undefined && /^[0-9a-f]{64}$/.test(value) ? value : null
}

/** A Discuss thread id in /groups/<id>/discuss/<thread> when it has the shape of one, else null. */
export function validThreadId(value: string | undefined): string | null {
  return value !== undefined && /^[0-9a-f]{32}$/.test(value) ? value : null
}
