import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { methods } from '../../shared/contract'
import type { MethodDef, MethodName } from '../../shared/contract'
import type { Result } from '../../shared/rpc'
import { ERROR_CODES } from '../../shared/rpc'
import { createTestCore } from '../../test/helpers/core'
import type { TestCore } from '../../test/helpers/core'
import type { CallContext } from './handler-types'

/**
 * The router's properties (shared/rpc/router.test.ts) against the real Core:
 * whatever a UI sends to any method, locked or unlocked, the answer is a
 * well-formed Result with a contract error code — never INTERNAL (a handler
 * bug) nor INVALID_OUTPUT (a handler breaking its own contract), and nothing
 * is logged as an internal error. Inputs that happen to be valid really run
 * (a vault may get created): that is fine, the properties hold in every state.
 */

const NUM_RUNS = 30
const PASSPHRASE = 'correct horse battery staple'
const ctx: CallContext = { transport: 'in-process' }
const methodNames = Object.keys(methods) as MethodName[]

/** The standard BIP39 test phrase: 23 × "abandon" + "art" is a valid 24-word phrase. */
const VALID_PHRASE = `${'abandon '.repeat(23)}art`
const phrases = fc.constantFrom(VALID_PHRASE, `${'abandon '.repeat(23)}zoo`, `${'abandon '.repeat(23)}qqqq`, 'abandon '.repeat(12).trim(), `  ${VALID_PHRASE.toUpperCase()}  `, '')
const passphrases = fc.oneof(fc.constantFrom(PASSPHRASE, 'wrong passphrase'), fc.string({ maxLength: 20 }))

/**
 * Near-valid inputs for methods whose inputs random values rarely satisfy, so
 * the properties also reach deep into the handlers. Passphrase changes keep
 * PASSPHRASE, so the runs can always unlock again.
 */
const HINTS: Partial<Record<MethodName, fc.Arbitrary<unknown>>> = {
  'vault.unlock': fc.record({ passphrase: passphrases }),
  'vault.changePassphrase': fc.record({ current: passphrases, next: fc.constant(PASSPHRASE) }),
  'vault.setAutoLock': fc.record({ minutes: fc.integer({ min: -5, max: 24 * 60 + 5 }) }),
  'identity.create': fc.record({ passphrase: passphrases, displayName: fc.string({ maxLength: 90 }) }),
  'identity.restore': fc.record({ phrase: phrases, passphrase: passphrases, displayName: fc.string({ maxLength: 90 }) }),
  'identity.checkPhrase': fc.record({ phrase: phrases }),
  'identity.revealPhrase': fc.record({ passphrase: passphrases }),
  'identity.confirmBackup': fc.record({
    words: fc.array(fc.record({ position: fc.integer({ min: 0, max: 25 }), word: fc.constantFrom('abandon', 'art', 'zoo', '', 'ABANDON') }), { minLength: 2, maxLength: 4 }),
  }),
  'identity.updateProfile': fc.record({ displayName: fc.string({ maxLength: 90 }), bio: fc.string({ maxLength: 100 }) }, { requiredKeys: [] }),
}

function inputArbitrary(method: MethodName): fc.Arbitrary<unknown> {
  const def: MethodDef = methods[method]
  const value = fc.oneof(fc.anything(), fc.string(), fc.integer({ min: -10, max: 2000 }), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 30 }))
  const arbitraries: Array<fc.Arbitrary<unknown>> = [fc.anything(), fc.jsonValue(), fc.constant({})]
  if (def.input instanceof z.ZodObject) {
    const keys = Object.keys(def.input.shape)
    if (keys.length > 0) {
      arbitraries.push(fc.record(Object.fromEntries(keys.map((key) => [key, value])), { requiredKeys: [] }))
      arbitraries.push(fc.record(Object.fromEntries(keys.map((key) => [key, fc.string({ minLength: 1, maxLength: 60 })]))))
    }
  }
  const hint = HINTS[method]
  if (hint) arbitraries.push(hint, hint, hint)
  return fc.oneof(...arbitraries)
}

function expectContractAnswer(method: string, result: Result): void {
  expect(typeof result.ok).toBe('boolean')
  if (result.ok) {
    expect(methods[method as MethodName].output.safeParse(result.value).success).toBe(true)
    return
  }
  expect(ERROR_CODES).toContain(result.error.code)
  expect(result.error.code, `${method}: ${result.error.message}`).not.toBe('INTERNAL')
  expect(result.error.code, `${method}: ${result.error.message}`).not.toBe('INVALID_OUTPUT')
  expect(JSON.parse(JSON.stringify(result))).toEqual(result)
}

describe.each([
  ['with no vault', false],
  ['unlocked with an identity', true],
] as const)('real Core router %s', (_label, unlocked) => {
  let test: TestCore
  const internalErrors: unknown[] = []

  beforeAll(async () => {
    test = await createTestCore({ log: (level, message, data) => level === 'error' && internalErrors.push({ message, data }) })
    if (unlocked) await test.client.call('identity.create', { passphrase: PASSPHRASE, displayName: 'Ada' })
  })

  afterAll(async () => {
    await test.cleanup()
  })

  it.each(methodNames)('%s answers any input with a contract Result', async (method) => {
    internalErrors.length = 0
    await fc.assert(
      fc.asyncProperty(inputArbitrary(method), async (input) => {
        if (unlocked && !test.core.vault.isUnlocked) await test.client.call('vault.unlock', { passphrase: PASSPHRASE })
        const result = await test.core.router.call(method, input, ctx)
        expectContractAnswer(method, result)
      }),
      { numRuns: NUM_RUNS },
    )
    expect(internalErrors.map((e) => JSON.stringify(e, (k, v) => (v instanceof Error ? v.stack : v)))).toEqual([])
  })

  it('answers unknown methods with UNKNOWN_METHOD', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string(), fc.anything()), fc.anything(), async (name, input) => {
        fc.pre(!(typeof name === 'string' && name in methods))
        expect(await test.core.router.call(name, input, ctx)).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
      }),
      { numRuns: 100 },
    )
  })
})

describe('real Core router under random sequences of calls', () => {
  type Step = [MethodName, unknown]
  const lock: Step = ['vault.lock', {}]
  const unlock: Step = ['vault.unlock', { passphrase: PASSPHRASE }]
  const change: Step = ['vault.changePassphrase', { current: PASSPHRASE, next: PASSPHRASE }]
  const steps: Step[] = [
    ['vault.lock', {}],
    ['vault.unlock', { passphrase: PASSPHRASE }],
    ['vault.unlock', { passphrase: 'wrong passphrase' }],
    ['vault.changePassphrase', { current: PASSPHRASE, next: PASSPHRASE }],
    ['vault.changePassphrase', { current: 'wrong passphrase', next: PASSPHRASE }],
    ['vault.setAutoLock', { minutes: 5 }],
    ['vault.setAutoLock', { minutes: 0 }],
    ['vault.getStatus', {}],
    ['identity.get', {}],
    ['identity.updateProfile', { bio: 'hello' }],
    ['identity.revealPhrase', { passphrase: PASSPHRASE }],
    ['identity.getBackupChallenge', {}],
  ]

  it('never answers INTERNAL or INVALID_OUTPUT, whatever the order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom(...steps), { minLength: 1, maxLength: 8 }), async (sequence) => {
        const internalErrors: unknown[] = []
        const test = await createTestCore({ log: (level, message, data) => level === 'error' && internalErrors.push({ message, data }) })
        try {
          await test.client.call('identity.create', { passphrase: PASSPHRASE, displayName: 'Ada' })
          for (const [method, input] of sequence) expectContractAnswer(method, await test.core.router.call(method, input, ctx))
          expect(internalErrors).toEqual([])
        } finally {
          await test.cleanup()
        }
      }),
      // Sequences that once failed stay checked on every run, whatever the seed.
      { numRuns: 12, examples: [[[lock, unlock, change, change]]] },
    )
  })
})

describe('real Core router while locked', () => {
  it('refuses every non-public method with VAULT_LOCKED before its handler runs', async () => {
    const test = await createTestCore()
    try {
      await test.client.call('identity.create', { passphrase: PASSPHRASE, displayName: 'Ada' })
      await test.client.call('vault.lock', {})
      const valid: Partial<Record<MethodName, unknown>> = {
        'identity.get': {},
        'identity.getBackupChallenge': {},
        'identity.updateProfile': { bio: 'x' },
        'identity.revealPhrase': { passphrase: PASSPHRASE },
        'identity.confirmBackup': { words: [1, 2, 3].map((position) => ({ position, word: 'abandon' })) },
        'vault.setAutoLock': { minutes: 5 },
        'vault.reportActivity': {},
        'vault.changePassphrase': { current: PASSPHRASE, next: 'another passphrase' },
        'network.getStatus': {},
        'invites.create': {},
        'invites.list': {},
        'invites.revoke': { id: '0'.repeat(32) },
        'invites.accept': { code: 'x' },
        'contacts.list': {},
        'contacts.get': { id: '0'.repeat(64) },
        'contacts.setNotes': { id: '0'.repeat(64), notes: '' },
        'contacts.remove': { id: '0'.repeat(64) },
        'contacts.block': { id: '0'.repeat(64) },
        'contacts.unblock': { id: '0'.repeat(64) },
        'chats.listConversations': {},
        'chats.getConversation': { conversationId: '0'.repeat(64) },
        'chats.listMessages': { conversationId: '0'.repeat(64) },
        'chats.sendMessage': { conversationId: '0'.repeat(64), text: 'hi' },
        'chats.editMessage': { conversationId: '0'.repeat(64), messageId: '0'.repeat(32), text: 'hi' },
        'chats.deleteMessage': { conversationId: '0'.repeat(64), messageId: '0'.repeat(32) },
        'chats.react': { conversationId: '0'.repeat(64), messageId: '0'.repeat(32), emoji: '👍', on: true },
        'chats.markRead': { conversationId: '0'.repeat(64), messageId: '0'.repeat(32) },
        'chats.startUpload': { name: 'a.txt', size: 1 },
        'chats.uploadChunk': { uploadId: '0'.repeat(32), offset: 0, data: 'AA==' },
        'chats.downloadAttachment': { conversationId: '0'.repeat(64), messageId: '0'.repeat(32), attachmentId: '0'.repeat(32) },
        'chats.readAttachment': { conversationId: '0'.repeat(64), messageId: '0'.repeat(32), attachmentId: '0'.repeat(32) },
        'chats.pinMessage': { conversationId: '0'.repeat(64), messageId: '0'.repeat(32), on: true },
        'groups.create': { name: 'Garden' },
        'groups.list': {},
        'groups.get': { groupId: '0'.repeat(64) },
        'groups.updateProfile': { groupId: '0'.repeat(64), name: 'G', purpose: '', description: '', avatar: null },
        'groups.updateSettings': { groupId: '0'.repeat(64), mode: 'chat' },
        'groups.listMembers': { groupId: '0'.repeat(64) },
        'groups.setRole': { groupId: '0'.repeat(64), memberId: '0'.repeat(64), role: 'member' },
        'groups.removeMember': { groupId: '0'.repeat(64), memberId: '0'.repeat(64) },
        'groups.muteMember': { groupId: '0'.repeat(64), memberId: '0'.repeat(64), minutes: 60 },
        'groups.leave': { groupId: '0'.repeat(64) },
        'groups.forget': { groupId: '0'.repeat(64) },
        'groups.inviteContact': { groupId: '0'.repeat(64), contactId: '0'.repeat(64) },
        'groups.listInvitations': {},
        'groups.acceptInvitation': { id: '0'.repeat(32) },
        'groups.declineInvitation': { id: '0'.repeat(32) },
        'groups.createLink': { groupId: '0'.repeat(64) },
        'groups.listLinks': { groupId: '0'.repeat(64) },
        'groups.revokeLink': { groupId: '0'.repeat(64), linkId: '0'.repeat(32) },
        'groups.join': { code: 'x' },
        'groups.listOutgoingRequests': {},
        'groups.cancelRequest': { id: '0'.repeat(32) },
        'groups.listJoinRequests': { groupId: '0'.repeat(64) },
        'groups.approveRequest': { groupId: '0'.repeat(64), requestId: '0'.repeat(32) },
        'groups.refuseRequest': { groupId: '0'.repeat(64), requestId: '0'.repeat(32) },
        'groups.listThreads': { groupId: '0'.repeat(64) },
        'groups.getThread': { groupId: '0'.repeat(64), threadId: '0'.repeat(32) },
        'groups.createThread': { groupId: '0'.repeat(64), title: 'T' },
        'groups.listNews': { groupId: '0'.repeat(64) },
        'groups.postNews': { groupId: '0'.repeat(64), title: 'T' },
        'groups.voteNews': { groupId: '0'.repeat(64), itemId: '0'.repeat(32), on: true },
        'groups.listNewsFeeds': { groupId: '0'.repeat(64) },
        'groups.addNewsFeed': { groupId: '0'.repeat(64), url: 'https://example.org/feed.xml' },
        'groups.removeNewsFeed': { groupId: '0'.repeat(64), feedId: '0'.repeat(32) },
        'groups.refreshNewsFeed': { groupId: '0'.repeat(64), feedId: '0'.repeat(32) },
        'relays.listGroupRelays': { groupId: '0'.repeat(64) },
        'relays.addGroupRelay': { groupId: '0'.repeat(64), code: 'x' },
        'relays.removeGroupRelay': { groupId: '0'.repeat(64), relayKey: '0'.repeat(64) },
        'relays.getSettings': {},
        'relays.setSettings': { shareDms: true },
        'feeds.createPost': { body: 'x' },
        'feeds.editPost': { id: '0'.repeat(32), body: 'y' },
        'feeds.deletePost': { id: '0'.repeat(32) },
        'feeds.getPost': { authorId: '0'.repeat(64), id: '0'.repeat(32) },
        'feeds.listPosts': { authorId: '0'.repeat(64) },
        'feeds.comment': { authorId: '0'.repeat(64), postId: '0'.repeat(32), body: 'hi' },
        'feeds.reshare': { key: 'p:x:y' },
        'feeds.getFeedLink': {},
        'feeds.addFeedLink': { link: 'planet://feed/x' },
        'feeds.listAuthors': {},
        'feeds.follow': { authorId: '0'.repeat(64), allPosts: true },
        'feeds.unfollow': { authorId: '0'.repeat(64) },
        'feeds.listFollows': {},
        'feeds.listFeeds': {},
        'feeds.saveFeed': { v: 1, name: 'F', mix: { post: 1, blog: 1, groupNews: 1, announcement: 1 }, trust: { contacts: 1, contactsOfContacts: 1, groupMembers: 1, others: 1 }, recencyHalfLifeHours: 24, upvoteWeight: 0, includeTags: [], excludeTags: [], relevance: [], limit: 50 },
        'feeds.deleteFeed': { id: 'x' },
        'feeds.getFeed': { feedId: 'home' },
        'feeds.exportBlog': {},
        'docs.list': {},
        'docs.listFolders': {},
        'docs.stat': { path: 'a' },
        'docs.createFolder': { name: 'a' },
        'docs.startUpload': { name: 'a', size: 1 },
        'docs.uploadChunk': { uploadId: '0'.repeat(32), offset: 0, data: 'AA==' },
        'docs.finishUpload': { uploadId: '0'.repeat(32) },
        'docs.cancelUpload': { uploadId: '0'.repeat(32) },
        'docs.rename': { path: 'a', name: 'b' },
        'docs.move': { path: 'a', toFolder: '' },
        'docs.delete': { path: 'a' },
        'docs.readFile': { path: 'a' },
        'folders.list': { groupId: '0'.repeat(64) },
        'folders.create': { groupId: '0'.repeat(64), name: 'F' },
        'folders.remove': { groupId: '0'.repeat(64), folderId: '0'.repeat(32) },
        'folders.bind': { groupId: '0'.repeat(64), folderId: '0'.repeat(32), dir: '/tmp/planet-folder' },
        'folders.unbind': { groupId: '0'.repeat(64), folderId: '0'.repeat(32) },
        'folders.pause': { groupId: '0'.repeat(64), folderId: '0'.repeat(32) },
        'folders.resume': { groupId: '0'.repeat(64), folderId: '0'.repeat(32) },
        'folders.setSelected': { groupId: '0'.repeat(64), folderId: '0'.repeat(32), selected: null },
        'folders.listFiles': { groupId: '0'.repeat(64), folderId: '0'.repeat(32) },
        'folders.listDeleted': { groupId: '0'.repeat(64), folderId: '0'.repeat(32) },
        'folders.history': { groupId: '0'.repeat(64), folderId: '0'.repeat(32), path: 'a.txt' },
        'folders.restore': { groupId: '0'.repeat(64), folderId: '0'.repeat(32), path: 'a.txt', versionId: 'x' },
        'folders.conflicts': { groupId: '0'.repeat(64), folderId: '0'.repeat(32) },
        'folders.startUpload': { groupId: '0'.repeat(64), folderId: '0'.repeat(32), path: 'a.txt', size: 1 },
        'folders.uploadChunk': { uploadId: '0'.repeat(32), offset: 0, data: 'AA==' },
        'folders.finishUpload': { uploadId: '0'.repeat(32) },
        'folders.cancelUpload': { uploadId: '0'.repeat(32) },
        'folders.readFile': { groupId: '0'.repeat(64), folderId: '0'.repeat(32), path: 'a.txt' },
        'folders.deleteFile': { groupId: '0'.repeat(64), folderId: '0'.repeat(32), path: 'a.txt' },
        'alerts.list': {},
        'alerts.markRead': {},
        'alerts.getBadge': {},
      }
      for (const method of methodNames.filter((name) => !methods[name].public)) {
        expect(valid, `add a valid input for ${method}`).toHaveProperty([method])
        expect(await test.core.router.call(method, valid[method], ctx), method).toMatchObject({ ok: false, error: { code: 'VAULT_LOCKED' } })
      }
      // Nothing changed behind the refusals: the old passphrase still unlocks.
      expect(await test.client.call('vault.unlock', { passphrase: PASSPHRASE })).toMatchObject({ state: 'unlocked' })
    } finally {
      await test.cleanup()
    }
  })
})
