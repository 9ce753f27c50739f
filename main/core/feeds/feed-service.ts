import { createHmac } from 'node:crypto'
import { join } from 'node:path'
import type { ProjectedEntry } from '../chats/chat-projection'
import { upsertAlert } from '../alerts/alert-store'
import type { PeopleExtension } from '../people/extensions'
import type { PeopleService } from '../people/people-service'
import type { PeopleSession } from '../people/session'
import type { CoreServices } from '../services'
import type { Space } from '../spaces/space'
import type { LogRef, ProjectResult } from './log/log-projection'
import { Names } from './feed-queries'
import { PersonalLogs } from './log/personal-logs'

type Log = (level: 'info' | 'warn' | 'error', message: string, data?: unknown) => void

/**
 * Feeds as a feature of the people session: opens the personal logs when a
 * session starts, shares my log with each contact in our DM (a feed.share
 * op) and reads the logs they shared with me. The RPC handlers
 * (feed-handlers.ts) write through `logsOf`.
 */
export class FeedService implements PeopleExtension {
  readonly #services: CoreServices
  readonly #dataDir: string
  readonly #log: Log
  readonly #logs = new WeakMap<PeopleSession, Promise<PersonalLogs>>()
  /** DM spaces a feed.share is being appended to right now. */
  readonly #sharing = new Set<string>()
  #changedQueued = false

  constructor(services: CoreServices, people: PeopleService, dataDir: string, log: Log) {
    this.#services = services
    this.#dataDir = dataDir
    this.#log = log
    people.extend(this)
  }

  /** The session's personal logs, once open. */
  logsOf(session: PeopleSession): Promise<PersonalLogs> {
    let logs = this.#logs.get(session)
    if (!logs) this.#logs.set(session, (logs = this.#openLogs(session)))
    return logs
  }

  // ——— PeopleExtension ———

  sessionStarted(session: PeopleSession): void {
    void this.logsOf(session)
      .then(() => {
        for (const space of session.spaces.values()) void this.#share(session, space)
      })
      .catch((error) => {
        if (!session.closing) this.#log('error', 'personal logs failed to open', error)
      })
  }

  spaceWritable(session: PeopleSession, space: Space): void {
    if (space.kind === 'dm' && this.#logs.has(session)) void this.#share(session, space)
  }

  afterDmEntries(session: PeopleSession, entries: ProjectedEntry[]): void {
    // The contact record may have been written after the DM became writable (the inviter's side): try again now.
    if (this.#logs.has(session)) {
      for (const key of new Set(entries.map((projected) => projected.space))) {
        const space = session.spaces.get(key)
        if (space) queueMicrotask(() => void this.#share(session, space))
      }
    }
    for (const { entry } of entries) {
      const { op, a: author } = entry
      if (op.t !== 'feed.share' || author === session.me) continue
      // Opened after the projection's transaction; a log key is recorded once, for one owner.
      queueMicrotask(() => {
        void this.logsOf(session)
          .then((logs) => logs.addPeerLog(author, op.log, op.encryptionKey))
          .catch((error) => {
            if (!session.closing) this.#log('warn', 'could not open a shared personal log', error)
          })
      })
    }
  }

  // ——— internals ———

  async #openLogs(session: PeopleSession): Promise<PersonalLogs> {
    if (session.closing) throw new Error('the session is closing')
    const logs = new PersonalLogs({
      storeDir: join(this.#dataDir, 'feeds'),
      // Its own primary key, derived from the device's: the spaces' store and this one never share core keys.
      primaryKey: createHmac('sha256', session.device.primaryKey).update('planet/feeds-store/v1').digest(),
      openSwarm: () => session.network.createOpenSwarm(),
      destroySwarm: (swarm) => session.network.destroyPairingSwarm(swarm),
      db: () => session.db,
      me: session.me,
      now: () => this.#services.clock.now(),
      onProjected: (log, result) => this.#afterProjected(session, log, result),
      log: (message, data) => this.#log('warn', message, data),
    })
    session.onClose(() => logs.close())
    await logs.ready()
    // Locked while opening: the session may have run its close hooks before ours was added,
    // and the logs' corestore must not stay locked for the next session.
    if (session.closing) {
      await logs.close()
      throw new Error('the session closed while the personal logs opened')
    }
    return logs
  }

  /** Share my log in a DM once (per log key), unless the contact is blocked. */
  async #share(session: PeopleSession, space: Space): Promise<void> {
    if (space.kind !== 'dm' || !space.writable || this.#sharing.has(space.key) || session.closing) return
    this.#sharing.add(space.key)
    try {
      const logs = await this.logsOf(session)
      const mine = logs.mine
      const db = session.db
      if (db.prepare('SELECT 1 FROM feed_log_shares WHERE space = ? AND log = ?').get(space.key, mine.key)) return
      const peer = db.prepare('SELECT c.status FROM spaces s JOIN contacts c ON c.id = s.peer_id WHERE s.key = ?').get(space.key) as { status: string } | undefined
      if (!peer || peer.status === 'blocked') return
      await session.appendOp(space, { t: 'feed.share', log: mine.key, encryptionKey: mine.encryptionKey })
      db.prepare('INSERT OR IGNORE INTO feed_log_shares (space, log) VALUES (?, ?)').run(space.key, mine.key)
    } catch (error) {
      if (!session.closing) this.#log('warn', 'could not share my personal log', error)
    } finally {
      this.#sharing.delete(space.key)
    }
  }

  #afterProjected(session: PeopleSession, log: LogRef, result: ProjectResult): void {
    if (result.rejected.length > 0) {
      session.rejectedOps += result.rejected.length
      this.#log('warn', `dropped ${result.rejected.length} entries of ${log.owner.slice(0, 8)}'s personal log: ${[...new Set(result.rejected.map((r) => r.reason))].join(', ')}`)
      session.options.effects.networkChanged(session)
    }
    this.#alertComments(session, result)
    this.#alertMentions(session, result)
    if (result.changed && !this.#changedQueued) {
      this.#changedQueued = true
      queueMicrotask(() => {
        this.#changedQueued = false
        this.#services.events.emit('feeds.onFeedsChanged', {})
      })
    }
  }

  /** A new post of someone else's names me. */
  #alertMentions(session: PeopleSession, result: ProjectResult): void {
    const me = session.me
    let names: Names | null = null
    for (const post of result.posts) {
      if (post.author === me || !post.mentions.includes(me)) continue
      names ??= new Names(session.db, me)
      const alert = upsertAlert(session.db, {
        kind: 'mention',
        title: `${names.of(post.author)} mentioned you in “${post.title.trim() || post.body.trim().slice(0, 60) || 'a post'}”`,
        body: post.body.slice(0, 140),
        route: `/feeds/post/${post.author}/${post.id}`,
        now: this.#services.clock.now(),
      })
      this.#services.events.emit('alerts.onAlertAdded', alert)
    }
  }

  /** Someone commented on my post, or answered my comment. */
  #alertComments(session: PeopleSession, result: ProjectResult): void {
    const me = session.me
    const db = session.db
    let names: Names | null = null
    for (const comment of result.comments) {
      if (comment.author === me) continue
      const onMyPost = comment.postAuthor === me
      const answersMe =
        comment.replyTo !== null &&
        db.prepare('SELECT 1 FROM post_comments WHERE author = ? AND id = ? AND post_author = ? AND post_id = ?').get(me, comment.replyTo, comment.postAuthor, comment.postId) !==
          undefined
      if (!onMyPost && !answersMe) continue
      names ??= new Names(db, me)
      const post = db.prepare('SELECT title, body FROM posts WHERE author = ? AND id = ? AND deleted_at IS NULL').get(comment.postAuthor, comment.postId) as
        | { title: string; body: string }
        | undefined
      if (!post) continue
      const what = post.title.trim() || post.body.trim().slice(0, 60) || 'a post'
      const alert = upsertAlert(db, {
        kind: 'comment',
        title: answersMe && !onMyPost ? `${names.of(comment.author)} replied to your comment` : `${names.of(comment.author)} commented on “${what}”`,
        body: comment.body.slice(0, 140),
        route: `/feeds/post/${comment.postAuthor}/${comment.postId}`,
        now: this.#services.clock.now(),
      })
      this.#services.events.emit('alerts.onAlertAdded', alert)
    }
  }
}
