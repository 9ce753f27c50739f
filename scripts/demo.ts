/**
 * `npm run demo`: two people, Ada and Ben, on a private DHT on this computer.
 *
 * Starts a `hyperdht/testnet` bound to 127.0.0.1, two Cores with their own
 * vaults in a fresh temp dir, creates both identities, has Ada invite Ben and
 * Ben accept, waits until they are connected, plays a short conversation with
 * a reaction, sets up a working group ("Community garden": Ada invites Ben
 * in their DM, Ben accepts, both write in the group chat, Ada posts an
 * announcement), and then serves each person's app on 127.0.0.1 (browser mode) and
 * prints the two addresses. Runs until Ctrl+C, then closes everything and
 * deletes the temp dir. Nothing leaves 127.0.0.1.
 *
 * Everything goes through each Core's router, as the UI's calls do (the
 * in-process transport). Every wait is bounded: a step that does not happen
 * within STEP_TIMEOUT_MS fails the demo with what it was waiting for.
 *
 * `runDemo` is exported so test/integration/demo-script.test.ts runs the very
 * same steps; `node --import tsx scripts/demo.ts` runs `main()`.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { version } from '../package.json'
import { Core } from '../main/core/core'
import { prepareDataDir } from '../main/core/data-dir'
import type { NetworkConfig } from '../main/core/net/bootstrap'
import { formatBootstrapList } from '../main/core/net/bootstrap'
import { STATIC_DIR_ENV, defaultStaticDir } from '../main/serve'
import { createInProcessTransport } from '../main/transport/in-process'
import type { BrowserServer } from '../main/transport/ws-server'
import { startBrowserServer } from '../main/transport/ws-server'
import { RpcClient } from '../shared/rpc'
import { installNetworkGuard } from '../test/helpers/network-guard'
import { startTestnet } from '../test/helpers/testnet'
import { RelayServer } from '../main/relay/relay-server'
import { relayLink } from '../shared/domain/relay-code'
import { isEntryModule } from '../main/entry-module'

/** Both demo vaults' passphrase: printed, so a vault that auto-locks can be opened again. */
export const DEMO_PASSPHRASE = 'planet-demo-passphrase'

/**
 * A cheap scrypt cost (the tests' TEST_KDF). Acceptable only because the
 * demo's vaults are throwaway: a temp dir, deleted when the demo stops, with a
 * passphrase printed on screen. Real vaults use the default in main/core/vault/kdf.ts.
 */
const DEMO_KDF = { N: 1024, r: 8, p: 1 } as const

/** How long any one step may take before the demo gives up on it. */
export const STEP_TIMEOUT_MS = 60_000
/** When the demo is stopped mid-step, how long the call in flight may take to finish before everything closes. */
const SETTLE_MS = 5_000

/** What Ada and Ben say, in order; Ben then reacts to the first message. */
export const DEMO_CONVERSATION: ReadonlyArray<readonly ['Ada' | 'Ben', string]> = [
  ['Ada', 'Hi Ben! This went from my vault to yours, with no server in between.'],
  ['Ben', 'Hi Ada 👋 Got it. Where does it live now?'],
  ['Ada', 'In both our **encrypted vaults**; it syncs whenever we are both online.'],
  ['Ben', 'Nice. Let’s carry on in the browser tabs.'],
]
export const DEMO_REACTION = '🎉'

/** The demo's group, and what is said in it. */
export const DEMO_GROUP = { name: 'Community garden', purpose: 'Plots, tools and the watering rota', mode: 'working', visibility: 'restricted' } as const
export const DEMO_GROUP_CHAT: ReadonlyArray<readonly ['Ada' | 'Ben', string]> = [
  ['Ada', 'Welcome to the garden group! Only members can read this.'],
  ['Ben', 'Thanks! I can take the Saturday watering.'],
]
export const DEMO_ANNOUNCEMENT = 'Work day on Saturday at 10:00: bring gloves.'
/** Ada's blog post; Ben follows her for its hashtag and comments, and she replies. */
export const DEMO_BLOG_POST = {
  kind: 'blog',
  title: 'Soil first',
  body: 'Feed the **soil**, not the plant: compost, mulch and cover crops.',
  tags: ['regenerative', 'compost'],
  relevance: 'neighbourhood',
} as const
export const DEMO_COMMENT = 'Cover crops worked wonders on our plot.'
export const DEMO_REPLY = 'Glad to hear it, Ben!'

export interface DemoOptions {
  /** Progress lines (stdout in `npm run demo`). */
  log?: (line: string) => void
  /** The built renderer to serve (default: out/renderer, or $PLANET_STATIC_DIR). */
  staticDir?: string
  /** Where the demo's temp dir is made (default: the OS temp dir). */
  tempRoot?: string
  /** Bound on each step; default STEP_TIMEOUT_MS. */
  timeoutMs?: number
  /** Abort the set-up (Ctrl+C before the addresses are printed): everything started is closed. */
  signal?: AbortSignal
  /** Also run a community relay (`npm run demo -- --relay`) and add it to the group. */
  relay?: boolean
}

export interface DemoPerson {
  name: 'Ada' | 'Ben'
  dataDir: string
  core: Core
  /** Calls this person's Core through its router. */
  client: RpcClient
  /** The id of Ada and Ben's conversation, as this side knows it. */
  conversationId: string
  /** The demo group's id (the same on both sides). */
  groupId: string
  server: BrowserServer
  /** http://127.0.0.1:PORT/#token=TOKEN: this person's app in a browser tab. */
  url: string
}

export interface Demo {
  /** The temp dir holding both vaults; deleted by close(). */
  dir: string
  bootstrap: string
  ada: DemoPerson
  ben: DemoPerson
  /** Servers, cores, testnet, then the temp dir. Idempotent. */
  close(): Promise<void>
}

/** Run every step of the demo; resolves once both apps are served. On failure everything started is closed again. */
export async function runDemo(options: DemoOptions = {}): Promise<Demo> {
  const log = options.log ?? ((line: string) => console.log(line))
  const limits: Limits = { timeoutMs: options.timeoutMs ?? STEP_TIMEOUT_MS, signal: options.signal }
  const staticDir = options.staticDir ?? defaultStaticDir(import.meta.url)
  const closers: Array<{ what: string; close: () => Promise<void> | void }> = []
  let closing: Promise<void> | null = null
  const close = (): Promise<void> => {
    closing ??= (async () => {
      const failures: string[] = []
      for (const { what, close: closeOne } of closers.splice(0).reverse()) {
        try {
          await closeOne()
        } catch (error) {
          failures.push(`${what}: ${describe(error)}`)
        }
      }
      if (failures.length > 0) throw new Error(`the demo did not close cleanly:\n  ${failures.join('\n  ')}`)
    })()
    return closing
  }

  try {
    const dir = await mkdtemp(join(options.tempRoot ?? tmpdir(), 'planet-demo-'))
    closers.push({ what: `deleting ${dir}`, close: () => rm(dir, { recursive: true, force: true }) })
    log(`PLANET demo: Ada and Ben on a private DHT on this computer (127.0.0.1 only).`)
    log(`  data: ${dir} (deleted when the demo stops)`)
    if (!existsSync(join(staticDir, 'index.html'))) {
      log(`  warning: no built interface in ${staticDir}: run \`npm run build\` (npm run demo does), or set ${STATIC_DIR_ENV}.`)
    }

    const testnet = await step('starting the local DHT', limits, () => startTestnet(3))
    closers.push({ what: 'the DHT testnet', close: () => testnet.destroy() })
    const bootstrap = formatBootstrapList(testnet.bootstrap)
    log(`✓ local DHT testnet at ${bootstrap}`)

    const start = async (name: 'Ada' | 'Ben') => {
      const dataDir = join(dir, name.toLowerCase())
      const core = await startCore(name, dataDir, testnet.network, log)
      closers.push({ what: `${name}'s core`, close: () => core.close() })
      const client = new RpcClient(createInProcessTransport(core.router))
      closers.push({ what: `${name}'s client`, close: () => client.close() })
      const identity = await step(`creating ${name}'s identity`, limits, () => client.call('identity.create', { passphrase: DEMO_PASSPHRASE, displayName: name }))
      return { name, dataDir, core, client, publicKey: identity.identity.publicKey }
    }
    const ada = await start('Ada')
    const ben = await start('Ben')
    log('✓ Ada and Ben each have an identity and an unlocked vault')

    const invite = await step('Ada creating an invite for Ben', limits, () => ada.client.call('invites.create', { label: 'Ben' }))
    log(`✓ Ada made an invite for Ben: ${invite.code}`)
    const accepted = await step('Ben accepting Ada’s invite', limits, () => ben.client.call('invites.accept', { code: invite.code }))
    log('✓ Ben accepted it')

    const adaSeesBen = await waitUntil('Ada to see Ben as a connected contact', limits, async () => {
      const contacts = await ada.client.call('contacts.list', {})
      return contacts.find((contact) => contact.id === ben.publicKey && contact.status === 'connected' && contact.conversationId !== null)
    })
    log('✓ Ada sees Ben connected')
    const conversationIds = { Ada: adaSeesBen.conversationId!, Ben: accepted.conversationId }
    for (const person of [ada, ben]) {
      await waitUntil(`${person.name}’s side of the conversation to be ready`, limits, async () => {
        const conversation = await person.client.call('chats.getConversation', { conversationId: conversationIds[person.name] })
        return conversation.ready
      })
    }
    log('✓ their conversation is ready on both sides')

    const people = { Ada: ada, Ben: ben }
    const sent: string[] = []
    for (const [speaker, text] of DEMO_CONVERSATION) {
      const from = people[speaker]
      const to = speaker === 'Ada' ? ben : ada
      const message = await step(`${speaker} sending “${text}”`, limits, () => from.client.call('chats.sendMessage', { conversationId: conversationIds[speaker], text }))
      sent.push(message.id)
      await waitUntil(`${to.name} to receive “${text}”`, limits, async () => {
        const { messages } = await to.client.call('chats.listMessages', { conversationId: conversationIds[to.name] })
        return messages.some((received) => received.id === message.id)
      })
      log(`  ${speaker}: ${text}`)
    }

    const first = sent[0]!
    await step('Ben reacting to Ada’s first message', limits, () =>
      ben.client.call('chats.react', { conversationId: conversationIds.Ben, messageId: first, emoji: DEMO_REACTION, on: true }),
    )
    await waitUntil('Ada to see Ben’s reaction', limits, async () => {
      const { messages } = await ada.client.call('chats.listMessages', { conversationId: conversationIds.Ada })
      return messages.find((message) => message.id === first)?.reactions.some((reaction) => reaction.emoji === DEMO_REACTION)
    })
    log(`✓ Ben reacted ${DEMO_REACTION} to Ada’s first message`)

    for (const person of [ada, ben]) {
      await waitUntil(`${person.name} to have all ${sent.length} messages`, limits, async () => {
        const { messages } = await person.client.call('chats.listMessages', { conversationId: conversationIds[person.name] })
        const ids = new Set(messages.map((message) => message.id))
        return sent.every((id) => ids.has(id))
      })
    }
    log(`✓ both sides have all ${sent.length} messages`)

    const group = await step('Ada creating a group', limits, () => ada.client.call('groups.create', { ...DEMO_GROUP }))
    log(`✓ Ada created the working group “${group.name}” (restricted: links make join requests)`)
    await step('Ada inviting Ben into the group', limits, () => ada.client.call('groups.inviteContact', { groupId: group.id, contactId: ben.publicKey }))
    const invitation = await waitUntil('Ben to receive the group invitation', limits, async () =>
      (await ben.client.call('groups.listInvitations', {})).find((item) => item.groupId === group.id),
    )
    await step('Ben accepting the group invitation', limits, () => ben.client.call('groups.acceptInvitation', { id: invitation.id }))
    await waitUntil('Ben to be a member who can write in the group', limits, async () => (await ben.client.call('groups.get', { groupId: group.id })).ready)
    log('✓ Ben accepted Ada’s invitation and joined the group')
    for (const [speaker, text] of DEMO_GROUP_CHAT) {
      const from = people[speaker]
      const to = speaker === 'Ada' ? ben : ada
      const message = await step(`${speaker} writing in the group`, limits, () => from.client.call('chats.sendMessage', { conversationId: group.id, text }))
      await waitUntil(`${to.name} to read “${text}” in the group`, limits, async () => {
        const { messages } = await to.client.call('chats.listMessages', { conversationId: group.id })
        return messages.some((received) => received.id === message.id)
      })
      log(`  [${group.name}] ${speaker}: ${text}`)
    }
    const announcement = await step('Ada posting an announcement', limits, () =>
      ada.client.call('chats.sendMessage', { conversationId: group.id, channel: 'announcements', text: DEMO_ANNOUNCEMENT }),
    )
    await waitUntil('Ben to see the announcement', limits, async () => {
      const { messages } = await ben.client.call('chats.listMessages', { conversationId: group.id, channel: 'announcements' })
      return messages.some((received) => received.id === announcement.id)
    })
    log(`✓ Ada announced: ${DEMO_ANNOUNCEMENT}`)

    const post = await step('Ada writing a blog post', limits, () => ada.client.call('feeds.createPost', { ...DEMO_BLOG_POST, tags: [...DEMO_BLOG_POST.tags] }))
    await waitUntil('Ben to hold Ada’s personal log', limits, async () =>
      (await ben.client.call('feeds.listAuthors', {})).some((author) => author.authorId === post.authorId && author.blogCount > 0),
    )
    await step('Ben following Ada for #regenerative', limits, () => ben.client.call('feeds.follow', { authorId: post.authorId, allPosts: false, tags: ['regenerative'] }))
    const comment = await step('Ben commenting on Ada’s post', limits, () => ben.client.call('feeds.comment', { authorId: post.authorId, postId: post.id, body: DEMO_COMMENT }))
    await waitUntil('Ada to see Ben’s comment', limits, async () =>
      (await ada.client.call('feeds.getPost', { authorId: post.authorId, id: post.id })).comments.some((item) => item.id === comment.id),
    )
    await step('Ada replying', limits, () => ada.client.call('feeds.comment', { authorId: post.authorId, postId: post.id, replyTo: comment.id, body: DEMO_REPLY }))
    await waitUntil('Ben to see Ada’s reply', limits, async () => (await ben.client.call('feeds.getPost', { authorId: post.authorId, id: post.id })).comments.length === 2)
    log(`✓ Ada blogged “${DEMO_BLOG_POST.title}” (#regenerative); Ben follows the tag, commented, and Ada replied`)

    if (options.relay) {
      const relay = new RelayServer({
        dataDir: join(dir, 'relay'),
        network: testnet.network,
        maxBytes: 1e9,
        // Quiet: refusals while Ada's app registers the group are expected; errors are not.
        log: { info: () => undefined, warn: () => undefined, error: (data, message) => log(`  [relay] ${message} ${JSON.stringify(data)}`) },
      })
      closers.push({ what: 'the relay', close: () => relay.close() })
      await step('starting the community relay', limits, () => relay.ready())
      await step('Ada adding the relay to the group', limits, () => ada.client.call('relays.addGroupRelay', { groupId: group.id, code: relay.code }))
      for (const person of [ada, ben]) {
        await waitUntil(`the relay to hold ${person.name}’s part of the group`, limits, async () => {
          const [status] = (await person.client.call('relays.listGroupRelays', { groupId: group.id })).map((item) => item.status)
          return status?.admitted === true && status.inSync === true
        })
      }
      log(`✓ a community relay keeps the group available (its code: ${relayLink(relay.code)})`)
    }

    const serve = async (person: typeof ada): Promise<DemoPerson> => {
      const server = await step(`serving ${person.name}’s app`, limits, () =>
        startBrowserServer({ core: person.core, staticDir, port: 0, onError: (error) => log(`  [${person.name}] browser server error: ${describe(error)}`) }),
      )
      // Closed before the cores (closers run in reverse): no new calls while a vault locks.
      closers.push({ what: `${person.name}'s browser server`, close: () => server.close() })
      return {
        name: person.name,
        dataDir: person.dataDir,
        core: person.core,
        client: person.client,
        conversationId: conversationIds[person.name],
        groupId: group.id,
        server,
        url: server.url,
      }
    }
    return { dir, bootstrap, ada: await serve(ada), ben: await serve(ben), close }
  } catch (error) {
    await close().catch((closeError: unknown) => log(`  ${describe(closeError)}`))
    throw error
  }
}

async function startCore(name: string, dataDir: string, network: NetworkConfig, log: (line: string) => void): Promise<Core> {
  await prepareDataDir(dataDir)
  const core = new Core({
    dataDir,
    // Served to a browser tab, like `planet serve`.
    host: 'browser',
    version,
    kdf: DEMO_KDF,
    network,
    // Peers coming and going is normal on a demo; only errors are worth a line.
    log: (level, message, data) => {
      if (level === 'error') log(`  [${name}] error: ${message}${data === undefined ? '' : `: ${describe(data)}`}`)
    },
  })
  try {
    await core.ready()
  } catch (error) {
    await core.close()
    throw error
  }
  return core
}

interface Limits {
  timeoutMs: number
  signal?: AbortSignal
}

/** A step that did not finish: timed out, or the demo was stopped. The message says which step. */
export class DemoStepError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'DemoStepError'
  }
}

/** `action`, failing with `what` if it throws, takes longer than the limit, or the demo is stopped. */
async function step<T>(what: string, limits: Limits, action: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  let onAbort: (() => void) | undefined
  const bounded = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DemoStepError(`timed out after ${limits.timeoutMs / 1000} s: ${what}`)), limits.timeoutMs)
    onAbort = () => reject(new DemoStepError(`stopped during: ${what}`))
    if (limits.signal?.aborted) onAbort()
    limits.signal?.addEventListener('abort', onAbort, { once: true })
  })
  const pending = action()
  try {
    return await Promise.race([pending, bounded])
  } catch (error) {
    if (limits.signal?.aborted) {
      // Let the call in flight finish (briefly) before the caller closes the cores under it.
      await Promise.race([pending.catch(() => undefined), new Promise((resolve) => setTimeout(resolve, SETTLE_MS))])
    }
    if (error instanceof DemoStepError) throw error
    throw new DemoStepError(`failed: ${what}: ${describe(error)}`, { cause: error })
  } finally {
    clearTimeout(timer)
    if (onAbort) limits.signal?.removeEventListener('abort', onAbort)
  }
}

/** Poll `check` until it returns something truthy; fail after the limit with `what` and the last error seen. */
async function waitUntil<T>(what: string, limits: Limits, check: () => Promise<T | undefined | null | false>): Promise<T> {
  const deadline = Date.now() + limits.timeoutMs
  let lastError: unknown
  for (;;) {
    if (limits.signal?.aborted) throw new DemoStepError(`stopped while waiting for ${what}`)
    try {
      const value = await check()
      if (value) return value
    } catch (error) {
      lastError = error
    }
    if (Date.now() > deadline) {
      throw new DemoStepError(
        `timed out after ${limits.timeoutMs / 1000} s waiting for ${what}${lastError === undefined ? '' : ` (last error: ${describe(lastError)})`}`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

function describe(value: unknown): string {
  if (!(value instanceof Error)) return String(value)
  const code = (value as Error & { code?: unknown }).code
  return typeof code === 'string' ? `${code}: ${value.message}` : value.message
}

/** How long a clean stop may take before the demo exits anyway. */
const STOP_TIMEOUT_MS = 10_000

/** `npm run demo`: run the demo, print the two addresses, and stay up until SIGINT/SIGTERM. */
export async function main(): Promise<number> {
  // The demo promises to stay on 127.0.0.1: the tests' network guard holds it to that.
  installNetworkGuard()
  const setup = new AbortController()
  // Ctrl+C during set-up stops it; the steps notice, and runDemo closes what it started.
  const onEarlySignal = (signal: NodeJS.Signals): void => {
    console.error(`Stopping the demo (${signal})…`)
    setup.abort()
  }
  process.on('SIGINT', onEarlySignal)
  process.on('SIGTERM', onEarlySignal)
  let demo: Demo
  try {
    demo = await runDemo({ signal: setup.signal, relay: process.argv.slice(2).includes('--relay') })
  } catch (error) {
    console.error(`demo: ${describe(error)}`)
    return setup.signal.aborted ? 0 : 1
  } finally {
    process.off('SIGINT', onEarlySignal)
    process.off('SIGTERM', onEarlySignal)
  }
  console.log('')
  console.log('Open each address in its own browser tab on this computer:')
  console.log(`  Ada: ${demo.ada.url}`)
  console.log(`  Ben: ${demo.ben.url}`)
  console.log(`Passphrase for both (when a vault has locked itself): ${DEMO_PASSPHRASE}`)
  console.log('Chat between the two tabs, or in the group “' + DEMO_GROUP.name + '” (Groups). Press Ctrl+C to stop; the demo’s data is deleted.')

  return new Promise<number>((resolveExit) => {
    let stopping = false
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        console.error(`${signal} again: stopping now.`)
        process.exit(130)
      }
      stopping = true
      console.error(`Stopping the demo (${signal})…`)
      const timer = setTimeout(() => {
        console.error('The demo did not stop in time; exiting.')
        resolveExit(1)
      }, STOP_TIMEOUT_MS)
      timer.unref()
      demo.close().then(
        () => {
          clearTimeout(timer)
          resolveExit(0)
        },
        (error: unknown) => {
          clearTimeout(timer)
          console.error(`demo: ${describe(error)}`)
          resolveExit(1)
        },
      )
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
}

if (isEntryModule(import.meta.url)) {
  main().then(
    (code) => {
      process.exitCode = code
      // A handle someone forgot must not keep a finished demo alive.
      setTimeout(() => process.exit(code), 2000).unref()
    },
    (error: unknown) => {
      console.error(error)
      process.exit(1)
    },
  )
}
