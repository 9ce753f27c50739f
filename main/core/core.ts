import { join } from 'node:path'
import { Router } from '../../shared/rpc'
import { createAppHandlers } from './app/app-handlers'
import { createAlertHandlers } from './alerts/alert-handlers'
import { Attachments } from './chats/attachments'
import { createChatHandlers } from './chats/chat-handlers'
import { createContactHandlers } from './contacts/contact-handlers'
import { createDocsHandlers } from './docs/docs-handlers'
import { DocsService } from './docs/docs-service'
import { createFeedHandlers } from './feeds/feed-handlers'
import { FeedService } from './feeds/feed-service'
import { createFolderHandlers } from './folders/folder-handlers'
import { FolderService } from './folders/folder-service'
import { GroupChatAdapter } from './groups/group-chat'
import { createGroupHandlers } from './groups/group-handlers'
import { GroupService } from './groups/group-service'
import { createInviteHandlers } from './invites/invite-handlers'
import { createNetworkHandlers } from './net/network-handlers'
import { PeopleService } from './people/people-service'
import { createRelayHandlers } from './relay/relay-handlers'
import { RelayService } from './relay/relay-service'
import type { Clock } from './clock'
import { systemClock } from './clock'
import { EventBus } from './event-bus'
import type { CallContext, CoreHandlers } from './handler-types'
import { createIdentityHandlers } from './identity/identity-handlers'
import { IdentityKeyCache } from './identity/key-cache'
import { PendingLinks } from './app/pending-links'
import type { NetworkConfig } from './net/bootstrap'
import { assertNetworkAllowed } from './net/bootstrap'
import { Resource } from './resource'
import type { CoreServices } from './services'
import { AutoLock } from './vault/auto-lock'
import type { KdfParams } from './vault/kdf'
import { Vault } from './vault/vault'
import { createVaultHandlers, lockVault } from './vault/vault-handlers'

export interface CoreOptions {
  /** Everything the core stores lives under this directory (vault, later the logs). */
  dataDir: string
  host: 'desktop' | 'browser' | 'test'
  version?: string
  /** Override the passphrase KDF cost; tests use a cheap one. Production uses the default. */
  kdf?: Partial<KdfParams>
  clock?: Clock
  log?: (level: 'info' | 'warn' | 'error', message: string, data?: unknown) => void
  /**
   * How the swarm reaches the DHT (see net/bootstrap.ts). Hosts pass 'public'
   * or a --bootstrap list; tests pass a loopback testnet or 'off'. Under
   * PLANET_TEST=1 anything but loopback is refused.
   */
  network?: NetworkConfig
  /**
   * Let group news fetch feeds from private and loopback addresses. Only
   * tests set it (a feed server on 127.0.0.1); the CLI has no such flag.
   */
  allowPrivateFeedAddresses?: boolean
}

/**
 * The composition root: builds every service once, wires the handlers of each
 * area into one router, and owns their lifecycle. Hosts (Electron, `planet
 * serve`, tests) create a Core, attach a transport to `core.router`, and call
 * `close()` on the way out.
 */
export class Core extends Resource {
  readonly options: CoreOptions
  readonly events = new EventBus()
  readonly clock: Clock
  readonly vault: Vault
  readonly autoLock: AutoLock
  readonly router: Router<CallContext>
  /** planet:// links from the OS (desktop shell), waiting for the UI. */
  readonly links: PendingLinks
  readonly network: NetworkConfig
  /** Contacts, invites, DMs: the part of the core that talks to peers while unlocked. */
  readonly people: PeopleService
  /** Groups: a kind of space plugged into the people session. */
  readonly groups: GroupService
  /** Community relays: members' apps ask them to keep their groups' cores (main/core/relay). */
  readonly relays: RelayService
  /** Feeds and the blog: personal logs plugged into the people session. */
  readonly feeds: FeedService
  /** My docs: private files in this device's own encrypted drive (main/core/docs). */
  readonly docs: DocsService
  /** Shared folders: a folder engine per folder of my groups (main/core/folders). */
  readonly folders: FolderService
  /** The services handed to every area (for benchmarks and tests that call handlers directly). */
  readonly services: CoreServices

  constructor(options: CoreOptions) {
    super()
    this.options = options
    this.clock = options.clock ?? systemClock
    const log = options.log ?? defaultLog
    this.network = options.network ?? 'off'
    assertNetworkAllowed(this.network)
    this.links = new PendingLinks(this.events)
    this.vault = new Vault({ dir: options.dataDir, kdf: options.kdf })
    this.autoLock = new AutoLock({
      clock: this.clock,
      onIdle: () => this.lock('idle'),
    })

    const services: CoreServices = { vault: this.vault, autoLock: this.autoLock, events: this.events, clock: this.clock, identityKeys: new IdentityKeyCache(this.events) }
    this.services = services
    this.people = new PeopleService(services, { dataDir: options.dataDir, network: this.network, log })
    this.groups = new GroupService(services, this.people, log)
    if (options.allowPrivateFeedAddresses) this.groups.newsFetchOptions = {}
    this.relays = new RelayService(services, this.people, this.groups, log)
    this.feeds = new FeedService(services, this.people, options.dataDir, log)
    this.docs = new DocsService(services, log)
    this.folders = new FolderService(services, this.people, this.groups, options.dataDir, log)
    // The group's relays keep my shared folder drives too. Wired here so that
    // relays and folders do not import each other.
    this.relays.ownGroupCores = (session, groupId) => this.folders.of(session)?.ownDriveCores(groupId) ?? []
    this.folders.onOwnDrivesChanged((session, groupId) => this.relays.ownGroupCoresChanged(session, groupId))
    const handlers = {
      ...createAppHandlers({ host: options.host, version: options.version ?? '0.0.0', dataDir: options.dataDir, links: this.links }),
      ...createVaultHandlers(services),
      ...createIdentityHandlers(services),
      ...createNetworkHandlers(this.people),
      ...createInviteHandlers(services, this.people),
      ...createContactHandlers(services, this.people),
      ...createChatHandlers(services, this.people, new Attachments(this.events, () => this.clock.now()), new GroupChatAdapter(this.groups)),
      ...createGroupHandlers(services, this.people, this.groups),
      ...createRelayHandlers(services, this.people, this.groups, this.relays),
      ...createFeedHandlers(services, this.people, this.feeds, options.dataDir),
      ...createDocsHandlers(this.people, this.docs),
      ...createFolderHandlers(services, this.people, this.groups, this.folders),
      ...createAlertHandlers(services, this.people),
    } satisfies CoreHandlers

    this.router = new Router<CallContext>({
      handlers,
      events: this.events,
      beforeCall: (_method, def) => {
        if (!def.public) this.vault.requireUnlocked()
        // Any call from a UI is activity: it postpones the idle lock.
        this.autoLock.touch()
      },
      onInternalError: (error, method) => log('error', `handler ${method} failed`, error),
    })
  }

  get vaultPath(): string {
    return join(this.options.dataDir, 'vault.db')
  }

  protected async _open(): Promise<void> {}

  /** Lock the vault now, for a reason a host knows about (e.g. the desktop shell on screen lock). */
  lock(reason: 'idle' | 'system' | 'shutdown'): void {
    lockVault(this.services, reason)
  }

  protected async _close(): Promise<void> {
    this.lock('shutdown')
    await this.people.stop()
  }
}

function defaultLog(level: 'info' | 'warn' | 'error', message: string, data?: unknown): void {
  const line = data === undefined ? message : `${message}: ${data instanceof Error ? (data.stack ?? data.message) : JSON.stringify(data)}`
  if (level === 'error') console.error(line)
  else if (level === 'warn') console.warn(line)
  else console.log(line)
}
