import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ZodError } from 'zod'
import type { FeedDefinition } from '../../../shared/domain/feed-builder'
import { feedDefinition } from '../../../shared/domain/feed-builder'
import type { LogEntry } from '../../../shared/domain/personal-log'
import type { Reshare, SignedPost } from '../../../shared/domain/posts'
import { RpcError } from '../../../shared/rpc/errors'
import type { AreaHandlers } from '../handler-types'
import { readProfile } from '../identity/identity-store'
import type { PeopleService } from '../people/people-service'
import { requireSession } from '../people/people-service'
import type { PeopleSession } from '../people/session'
import type { CoreServices } from '../services'
import type { FeedService } from './feed-service'
import {
  Names,
  didOf,
  feedContext,
  findComment,
  getComment,
  getPostRow,
  getReshareRow,
  groupsIAmIn,
  listAuthors,
  listComments,
  listFeedDefinitions,
  listPostRows,
  readFollows,
  toCommentView,
  toFollowView,
  toPostView,
  toReshareView,
} from './feed-queries'
import { createFeedLink, readFeedLink } from './feed-links'
import { groupEntryOf, refreshGroupItems } from './group-items'
import type { PersonalLogs } from './log/personal-logs'
import { exportBlog } from './posts/blog-export'
import { reshareId } from './log/log-projection'
import { editPost, postVersionTime, reshare, signComment, signPost, signPostDeletion } from './posts/post-signing'
import { rankedFeed } from './ranking/feed-query'

/** A record of mine the schema refuses (say, a blog post without a title): the person's input, so INVALID_INPUT. */
function invalid(error: unknown): never {
  if (error instanceof ZodError) throw new RpcError('INVALID_INPUT', error.issues[0]?.message ?? 'That is not valid.')
  throw error
}

export function createFeedHandlers(services: CoreServices, people: PeopleService, feeds: FeedService, dataDir: string): AreaHandlers<'feeds'> {
  const { clock } = services

  async function open(): Promise<{ session: PeopleSession; logs: PersonalLogs; names: Names }> {
    const session = await requireSession(people)
    const logs = await feeds.logsOf(session).catch(() => {
      throw new RpcError('FEED_NOT_READY', 'Your personal log could not be opened. Lock and unlock to try again.')
    })
    return { session, logs, names: new Names(session.db, session.me) }
  }

  async function append(logs: PersonalLogs, entries: LogEntry[]): Promise<void> {
    await logs.append(entries)
    services.events.emit('feeds.onFeedsChanged', {})
  }

  function myPost(session: PeopleSession, id: string) {
    const row = getPostRow(session.db, session.me, id)
    if (row) return row
    const someoneElses = session.db.prepare('SELECT 1 FROM posts WHERE id = ? AND author != ? AND deleted_at IS NULL').get(id, session.me)
    if (someoneElses) throw new RpcError('NOT_AUTHOR', 'Only its author can change a post.')
    throw new RpcError('POST_NOT_FOUND', 'That post does not exist or was deleted.')
  }

  function definitionOf(session: PeopleSession, id: string): FeedDefinition {
    const found = listFeedDefinitions(session.db).find((feed) => feed.id === id)
    if (!found) throw new RpcError('FEED_NOT_FOUND', 'That feed does not exist any more.')
    return found
  }

  return {
    'feeds.createPost': async (input) => {
      const { session, logs, names } = await open()
      let post: SignedPost
      try {
        post = signPost(
          {
            v: 1,
            id: randomBytes(16).toString('hex'),
            author: session.me,
            kind: input.kind,
            title: input.title,
            body: input.body,
            tags: input.tags,
            relevance: input.relevance,
            mentions: input.mentions.filter((id) => id !== session.me),
            images: [],
            createdAt: clock.now(),
            editedAt: null,
          },
          session.identity.signing.secretKey,
        )
      } catch (error) {
        invalid(error)
      }
      await append(logs, [{ t: 'post', post }])
      return toPostView(session.db, myPost(session, post.id), session.me, names)
    },

    'feeds.editPost': async ({ id, ...changes }) => {
      const { session, logs, names } = await open()
      const previous = JSON.parse(myPost(session, id).record) as SignedPost
      // Strictly later than the version it replaces, even if the clock went back.
      const editedAt = Math.max(clock.now(), postVersionTime(previous) + 1)
      let post: SignedPost
      try {
        post = editPost(previous, changes, editedAt, session.identity.signing.secretKey)
      } catch (error) {
        invalid(error)
      }
      await append(logs, [{ t: 'post', post }])
      return toPostView(session.db, myPost(session, id), session.me, names)
    },

    'feeds.deletePost': async ({ id }) => {
      const { session, logs } = await open()
      myPost(session, id)
      const deletion = signPostDeletion({ v: 1, id, author: session.me, deletedAt: clock.now() }, session.identity.signing.secretKey)
      await append(logs, [{ t: 'post.delete', deletion }])
      return {}
    },

    'feeds.getPost': async ({ authorId, id }) => {
      const { session, names } = await open()
      const row = getPostRow(session.db, authorId, id)
      if (!row) throw new RpcError('POST_NOT_FOUND', 'That post does not exist or was deleted.')
      return { post: toPostView(session.db, row, session.me, names), comments: listComments(session.db, authorId, id, session.me, names) }
    },

    'feeds.listPosts': async ({ authorId, kind }) => {
      const { session, names } = await open()
      return listPostRows(session.db, authorId, kind).map((row) => toPostView(session.db, row, session.me, names))
    },

    'feeds.comment': async ({ authorId, postId, replyTo, body }) => {
      const { session, logs, names } = await open()
      if (!getPostRow(session.db, authorId, postId)) throw new RpcError('POST_NOT_FOUND', 'That post does not exist or was deleted.')
      if (replyTo !== null && !findComment(session.db, authorId, postId, replyTo)) {
        throw new RpcError('POST_NOT_FOUND', 'The comment you are answering is not on this post.')
      }
      const id = randomBytes(16).toString('hex')
      let comment
      try {
        comment = signComment(
          { v: 1, id, author: session.me, postAuthor: authorId, postId, replyTo, body, createdAt: clock.now() },
          session.identity.signing.secretKey,
        )
      } catch (error) {
        invalid(error)
      }
      await append(logs, [{ t: 'comment', comment }])
      const row = getComment(session.db, session.me, id)
      if (!row) throw new Error('my comment was not projected')
      return toCommentView(row, session.me, names)
    },

    'feeds.reshare': async ({ key, comment }) => {
      const { session, logs, names } = await open()
      const [prefix, author, id] = key.split(':')
      let original: SignedPost | Reshare | null = null
      if (prefix === 'p' && author && id) {
        const row = getPostRow(session.db, author, id)
        if (row) original = JSON.parse(row.record) as SignedPost
      } else if (prefix === 'r' && author && id) {
        const row = getReshareRow(session.db, author, id)
        if (row && getPostRow(session.db, row.post_author, row.post_id)) original = JSON.parse(row.record) as Reshare
      }
      if (original === null) throw new RpcError('POST_NOT_FOUND', 'That post does not exist or was deleted.')
      let chain: Reshare
      try {
        chain = reshare(original, session.identity.signing, comment, clock.now())
      } catch (error) {
        if (error instanceof TypeError) throw new RpcError('INVALID_INPUT', 'This post cannot be reshared: its chain of custody does not verify, or it is already reshared 16 times over.')
        throw error
      }
      await append(logs, [{ t: 'reshare', reshare: chain }])
      const row = getReshareRow(session.db, session.me, reshareId(chain))
      if (!row) throw new Error('my reshare was not projected')
      return toReshareView(row, names)
    },

    'feeds.getFeedLink': async () => {
      const { session, logs, names } = await open()
      const mine = logs.mine
      return { link: createFeedLink({ owner: session.me, log: mine.key, encryptionKey: mine.encryptionKey, name: names.of(session.me) }, session.identity.signing.secretKey) }
    },

    'feeds.addFeedLink': async ({ link }) => {
      const { session, logs, names } = await open()
      const read = readFeedLink(link)
      if (read.owner === session.me) throw new RpcError('INVALID_INPUT', 'This is your own feed link: share it with people who want to follow you.')
      const blocked = session.db.prepare("SELECT 1 FROM contacts WHERE id = ? AND status = 'blocked'").get(read.owner)
      if (blocked) throw new RpcError('CONTACT_BLOCKED', 'You blocked this person. Unblock them first to follow them.')
      await logs.addPeerLog(read.owner, read.log, read.encryptionKey, { link: read.name })
      services.events.emit('feeds.onFeedsChanged', {})
      return { authorId: read.owner, name: names.of(read.owner) }
    },

    'feeds.listAuthors': async () => {
      const { session, logs, names } = await open()
      return listAuthors(session.db, session.me, names, (key) => logs.knownLength(key))
    },

    'feeds.follow': async ({ authorId, allPosts, tags }) => {
      const { session, logs, names } = await open()
      if (authorId === session.me) throw new RpcError('INVALID_INPUT', 'Your own posts are always in your feeds.')
      const known = session.db.prepare('SELECT 1 FROM feed_logs WHERE owner = ? UNION SELECT 1 FROM contacts WHERE id = ?').get(authorId, authorId)
      if (!known) throw new RpcError('FEED_AUTHOR_UNKNOWN', 'You do not have this person’s personal log: they share it with their contacts.')
      const before = readFollows(session.db).get(authorId)
      const since = before?.since ?? clock.now()
      session.db
        .prepare('INSERT OR REPLACE INTO feed_follows (author, all_posts, tags, since) VALUES (?, ?, ?, ?)')
        .run(authorId, allPosts ? 1 : 0, JSON.stringify(allPosts ? [] : tags), since)
      // Public: that I follow them (never for which hashtags), so my contacts can weigh "their contacts".
      if (!before) await append(logs, [{ t: 'follow', author: authorId, on: true, at: clock.now() }])
      else services.events.emit('feeds.onFeedsChanged', {})
      return toFollowView(authorId, { allPosts, tags: allPosts ? [] : tags, since }, names)
    },

    'feeds.unfollow': async ({ authorId }) => {
      const { session, logs } = await open()
      const removed = session.db.prepare('DELETE FROM feed_follows WHERE author = ?').run(authorId)
      if (removed.changes > 0) await append(logs, [{ t: 'follow', author: authorId, on: false, at: clock.now() }])
      return {}
    },

    'feeds.listFollows': async () => {
      const { session, names } = await open()
      return [...readFollows(session.db)]
        .map(([author, follow]) => toFollowView(author, follow, names))
        .sort((a, b) => a.name.localeCompare(b.name) || a.authorId.localeCompare(b.authorId))
    },

    'feeds.listFeeds': async () => {
      const { session } = await open()
      return listFeedDefinitions(session.db)
    },

    'feeds.saveFeed': async (input) => {
      const { session } = await open()
      const id = input.id ?? randomBytes(16).toString('hex')
      if (input.id !== undefined) definitionOf(session, input.id)
      const definition = feedDefinition.parse({ ...input, id })
      session.db
        .prepare(
          'INSERT INTO feed_definitions (id, definition, created_at) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET definition = excluded.definition',
        )
        .run(id, JSON.stringify(definition), clock.now())
      services.events.emit('feeds.onFeedsChanged', {})
      return definition
    },

    'feeds.deleteFeed': async ({ id }) => {
      const { session } = await open()
      if (id === 'home') throw new RpcError('INVALID_INPUT', 'Home is always there; change it instead.')
      definitionOf(session, id)
      session.db.prepare('DELETE FROM feed_definitions WHERE id = ?').run(id)
      services.events.emit('feeds.onFeedsChanged', {})
      return {}
    },

    'feeds.getFeed': async ({ feedId, cursor }) => {
      const { session, names } = await open()
      const db = session.db
      const definition = definitionOf(session, feedId)
      const groups = groupsIAmIn(db, session.me)
      // Later pages keep the first page's items (its cursor holds the time); a first page brings group items up to date.
      if (cursor === null) refreshGroupItems(db, groups)
      const page = rankedFeed(db, definition, feedContext(db, session.me, names), clock.now(), { cursor })
      const entries = []
      for (const { item, score, why } of page.items) {
        const base = { key: item.id, kind: item.kind, score, why }
        const [prefix, author, id] = item.id.split(':')
        if (prefix === 'p') {
          const row = author && id ? getPostRow(db, author, id) : undefined
          if (row) entries.push({ ...base, post: toPostView(db, row, session.me, names), reshare: null, group: null })
        } else if (prefix === 'r') {
          const shared = author && id ? getReshareRow(db, author, id) : undefined
          const row = shared ? getPostRow(db, shared.post_author, shared.post_id) : undefined
          if (shared && row) entries.push({ ...base, post: toPostView(db, row, session.me, names), reshare: toReshareView(shared, names), group: null })
        } else {
          const group = groupEntryOf(db, item.id, item.upvotes, groups)
          if (group) entries.push({ ...base, post: null, reshare: null, group })
        }
      }
      return { feedId, entries, nextCursor: page.nextCursor }
    },

    'feeds.exportBlog': async ({ baseUrl }) => {
      const { session } = await open()
      const posts = listPostRows(session.db, session.me, 'blog').map((row) => JSON.parse(row.record) as SignedPost)
      const profile = readProfile(session.db)
      const now = clock.now()
      let files
      try {
        files = exportBlog(posts, { did: didOf(session.me), name: profile?.displayName ?? 'My blog', bio: profile?.bio ?? '' }, { now, ...(baseUrl ? { baseUrl } : {}) })
      } catch (error) {
        if (error instanceof TypeError || error instanceof RangeError) throw new RpcError('INVALID_INPUT', error.message)
        throw error
      }
      const stamp = new Date(now).toISOString().replace(/[-:]/g, '').replace(/\..*/, '').replace('T', '-')
      const dir = join(dataDir, 'exports', `blog-${stamp}`)
      for (const [path, content] of files) {
        const target = join(dir, path)
        mkdirSync(dirname(target), { recursive: true })
        writeFileSync(target, content)
      }
      return { dir, files: [...files.keys()].sort(), posts: posts.length }
    },
  }
}
