import { RpcError } from '../../../shared/rpc/errors'
import { upsertAlert, unreadAlertCount } from '../alerts/alert-store'
import type { ProjectedEntry } from '../chats/chat-projection'
import { excerptOf, totalUnread, unreadCount } from '../chats/chat-queries'
import { getContact, parseRelationship } from '../contacts/contact-store'
import { readIdentity } from '../identity/identity-store'
import type { NetworkConfig } from '../net/bootstrap'
import type { CoreServices } from '../services'
import type { Space } from '../spaces/space'
import type { PeopleEffects } from './effects'
import type { PeopleExtension } from './extensions'
import { PeopleSession } from './session'

export interface PeopleServiceOptions {
  dataDir: string
  network: NetworkConfig
  log: (level: 'info' | 'warn' | 'error', message: string, data?: unknown) => void
}

/** A contact coming online is news at most this often (reconnects are not). */
const ONLINE_ALERT_INTERVAL_MS = 15 * 60_000

/**
 * Starts a PeopleSession when the vault unlocks with an identity in it and
 * closes it on lock. Handlers reach the session through `session()`, which
 * waits for a start in progress.
 */
export class PeopleService implements PeopleEffects {
  readonly #services: CoreServices
  readonly #options: PeopleServiceOptions
  #session: PeopleSession | null = null
  readonly #startOf = new WeakMap<PeopleSession, Promise<unknown>>()
  #starting: Promise<PeopleSession> | null = null
  #stopping: Promise<void> = Promise.resolve()
  readonly #lastOnlineAlert = new Map<string, number>()
  readonly #introducing = new Set<string>()
  readonly #extensions: PeopleExtension[] = []

  constructor(services: CoreServices, options: PeopleServiceOptions) {
    this.#services = services
    this.#options = options
    services.events.on('vault.onLocked', () => {
      void this.stop()
    })
  }

  /** Plug a feature in (see extensions.ts). Call before the first session starts. */
  extend(extension: PeopleExtension): void {
    this.#extensions.push(extension)
  }

  /** The running session, started on first use after an unlock. */
  async session(): Promise<PeopleSession> {
    this.#services.vault.requireUnlocked()
    if (!readIdentity(this.#services.vault.db)) {
      throw new RpcError('IDENTITY_MISSING', 'Set up your identity first.')
    }
    if (!this.#starting) {
      const session = new PeopleSession({
        services: this.#services,
        dataDir: this.#options.dataDir,
        network: this.#options.network,
        effects: this,
        extensions: this.#extensions,
        log: this.#options.log,
      })
      this.#session = session
      this.#starting = this.#stopping.then(() => session.ready()).then(() => session)
      this.#startOf.set(session, this.#starting.catch(() => undefined))
      this.#starting.catch((error) => {
        // Locking while a session starts is normal; anything else is a fault.
        if (this.#services.vault.isUnlocked && this.#session === session) this.#options.log('error', 'people session failed to start', error)
        if (this.#session === session) {
          this.#session = null
          this.#starting = null
        }
      })
    }
    return this.#starting
  }

  /** The session if it is running now (events, status), without starting one. */
  get current(): PeopleSession | null {
    return this.#session?.opened && !this.#session.closing ? this.#session : null
  }

  async stop(): Promise<void> {
    const session = this.#session
    this.#session = null
    this.#starting = null
    if (session) {
      // Serialised behind every earlier stop: a session whose start is still
      // queued closes at once, and must not let the next one open the
      // corestore before an older session has released it.
      const closing = session.close().catch((error) => this.#options.log('warn', 'people session close failed', error))
      this.#stopping = Promise.all([this.#stopping, closing, this.#startingOf(session)]).then(() => undefined)
    }
    await this.#stopping
  }

  #startingOf(session: PeopleSession): Promise<unknown> {
    return (this.#startOf.get(session) ?? Promise.resolve()).then(() => session.close())
  }

  badgeCount(): number {
    const db = this.#services.vault.db
    const session = this.current
    const me = session?.me
    const extra = session ? this.#extensions.reduce((sum, extension) => sum + (extension.unreadCount?.(session) ?? 0), 0) : 0
    return unreadAlertCount(db) + (me ? totalUnread(db, me) : 0) + extra
  }

  emitBadge(): void {
    if (!this.#services.vault.isUnlocked) return
    this.#services.events.emit('alerts.onBadgeChanged', { count: this.badgeCount() })
  }

  afterProjected(session: PeopleSession, entries: ProjectedEntry[]): void {
    const db = session.db
    const { events, clock } = this.#services
    const me = session.me
    const contactsChanged = new Set<string>()
    const newMessages = new Map<string, { count: number; author: string; text: string }>()
    for (const { space, entry, fresh } of entries) {
      const { op, a: author } = entry
      if (op.t === 'relationship.sign') {
        const other = op.inviter === me ? op.invitee : op.inviter
        const contact = getContact(db, other)
        if (contact && contact.status === 'pending' && contact.conversation_id === space) {
          const record = { inviter: op.inviter, invitee: op.invitee, space, since: op.since, inviterSig: op.inviterSig, inviteeSig: op.inviteeSig }
          db.prepare("UPDATE contacts SET status = 'connected', connected_since = ?, relationship = ? WHERE id = ?").run(op.since, JSON.stringify(record), other)
          contactsChanged.add(other)
        } else if (contact && contact.relationship !== null && parseRelationship(contact.relationship)?.inviteeSig === null) {
          db.prepare('UPDATE contacts SET relationship = ? WHERE id = ?').run(
            JSON.stringify({ inviter: op.inviter, invitee: op.invitee, space, since: op.since, inviterSig: op.inviterSig, inviteeSig: op.inviteeSig }),
            other,
          )
        }
      } else if (op.t === 'profile.set' && author !== me) {
        const result = db.prepare('UPDATE contacts SET display_name = ?, bio = ? WHERE id = ? AND (display_name != ? OR bio != ?)').run(op.displayName, op.bio, author, op.displayName, op.bio)
        if (result.changes > 0) contactsChanged.add(author)
      } else if (op.t === 'message.post' && author !== me && fresh) {
        const seen = newMessages.get(space) ?? { count: 0, author, text: '' }
        seen.count++
        seen.text = op.text || (op.files?.length ? `📎 ${op.files[0]!.name}` : '')
        newMessages.set(space, seen)
      }
    }
    for (const [space, { count, author, text }] of newMessages) {
      const unread = unreadCount(db, space, me)
      if (unread === 0) continue
      const name = getContact(db, author)?.display_name ?? 'Someone'
      const alert = upsertAlert(db, {
        kind: 'message',
        title: unread > 1 ? `${unread} new messages from ${name}` : `New message from ${name}`,
        body: excerptOf(text),
        route: `/chats/${space}`,
        now: clock.now(),
      })
      if (count > 0) events.emit('alerts.onAlertAdded', alert)
    }
    for (const contactId of contactsChanged) events.emit('contacts.onContactsChanged', { contactId })
    for (const extension of this.#extensions) extension.afterDmEntries?.(session, entries)
  }

  spaceProjected(session: PeopleSession, space: string): void {
    const { events } = this.#services
    events.emit('chats.onMessagesChanged', { conversationId: space })
    events.emit('chats.onConversationsChanged', {})
    const open = session.spaces.get(space)
    if (open) for (const extension of this.#extensions) extension.spaceProjected?.(session, open)
    this.emitBadge()
  }

  spaceWritable(session: PeopleSession, space: Space): void {
    if (space.kind === 'dm') void this.#introduce(session, space)
    for (const extension of this.#extensions) extension.spaceWritable?.(session, space)
  }

  /**
   * Once I can write to a DM: make sure my half of the introduction is in it
   * (my profile, and as the invitee the countersigned relationship). Checked
   * against the projection, so a crash between accepting and writing is
   * repaired on the next start.
   */
  async #introduce(session: PeopleSession, space: Space): Promise<void> {
    if (this.#introducing.has(space.key)) return
    this.#introducing.add(space.key)
    try {
      await space.flush()
      const db = session.db
      const me = session.me
      const hasProfile = db.prepare('SELECT 1 FROM space_profiles WHERE space = ? AND author = ?').get(space.key, me)
      if (!hasProfile) {
        const profile = db.prepare('SELECT display_name, bio FROM profile WHERE id = 1').get() as { display_name: string; bio: string }
        await session.appendOp(space, { t: 'profile.set', displayName: profile.display_name, bio: profile.bio })
      }
      const peer = (db.prepare('SELECT peer_id FROM spaces WHERE key = ?').get(space.key) as { peer_id: string | null } | undefined)?.peer_id
      const contact = peer ? getContact(db, peer) : undefined
      const record = parseRelationship(contact?.relationship ?? null)
      const signed = db.prepare('SELECT 1 FROM space_relationships WHERE space = ?').get(space.key)
      if (record && record.inviteeSig && record.invitee === me && !signed) {
        await session.appendOp(space, {
          t: 'relationship.sign',
          inviter: record.inviter,
          invitee: record.invitee,
          since: record.since,
          inviterSig: record.inviterSig,
          inviteeSig: record.inviteeSig,
        })
      }
      await space.flush()
    } catch (error) {
      if (!session.closing) this.#options.log('warn', 'could not introduce myself in a conversation', error)
    } finally {
      this.#introducing.delete(space.key)
    }
  }

  presenceChanged(session: PeopleSession, contactId: string, online: boolean): void {
    const { events, clock, vault } = this.#services
    // A connection can close after the vault locked, before the session has closed its network:
    // nothing to record then (and the vault cannot be read).
    if (session.closing || !vault.isUnlocked) return
    const db = session.db
    const now = clock.now()
    db.prepare('UPDATE contacts SET last_seen_at = ? WHERE id = ?').run(now, contactId)
    events.emit('contacts.onPresenceChanged', { contactId, online })
    events.emit('chats.onConversationsChanged', {})
    if (!online) return
    const last = this.#lastOnlineAlert.get(contactId) ?? 0
    if (now - last < ONLINE_ALERT_INTERVAL_MS) return
    this.#lastOnlineAlert.set(contactId, now)
    const contact = getContact(db, contactId)
    if (!contact || contact.status === 'blocked') return
    const alert = upsertAlert(db, { kind: 'contact-online', title: `${contact.display_name} is online`, body: 'Messages you sent while apart are being delivered.', route: `/contacts/${contactId}`, now })
    events.emit('alerts.onAlertAdded', alert)
    this.emitBadge()
  }

  networkChanged(session: PeopleSession): void {
    if (session.closing || !this.#services.vault.isUnlocked) return
    this.#services.events.emit('network.onStatusChanged', networkStatusOf(session))
  }
}

export function networkStatusOf(session: PeopleSession | null) {
  if (!session) return { running: false, dhtReachable: false, bootstrap: 'public' as const, connections: 0, rejectedOps: 0, deviceKey: null }
  return {
    running: session.network.online,
    dhtReachable: session.network.dhtReachable,
    bootstrap: session.network.bootstrapKind,
    connections: session.network.connectionCount,
    rejectedOps: session.rejectedOps,
    deviceKey: session.device.keyPair.publicKey.toString('hex'),
  }
}

export function requireSession(service: PeopleService): Promise<PeopleSession> {
  return service.session().catch((error: unknown) => {
    if (error instanceof RpcError) throw error
    throw new RpcError('NETWORK_OFFLINE', 'The network part of PLANET could not start. Lock and unlock to try again.')
  })
}
