/**
 * `planet://` deep links, which the OS hands to the app (macOS `open-url`,
 * Windows/Linux a second instance's argv). They come from anywhere — a web
 * page, a chat message — so they are parsed strictly and reduced to plain
 * data; nothing in a link is acted on until the user confirms it in the UI.
 */
export const PLANET_SCHEME = 'planet'

/** The longest link accepted; invite codes are short. */
const MAX_LINK_LENGTH = 2048

/**
 * An invite code is opaque here (the invites area decodes it), but its shape is
 * checked: URL-safe alphabet (base64url, z-base-32, hex), bounded length.
 */
const INVITE_CODE = /^[A-Za-z0-9_-]{8,1024}$/

export type PlanetLink = { kind: 'invite'; code: string }

/**
 * Parse `planet://invite/<code>` (an optional trailing slash allowed). Returns
 * null for everything else: other hosts, extra path segments, a query or
 * fragment, credentials, a port, or a code outside the allowed shape.
 */
export function parsePlanetLink(url: unknown): PlanetLink | null {
  if (typeof url !== 'string' || url.length > MAX_LINK_LENGTH) return null
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return null
  }
  if (parsed.protocol !== `${PLANET_SCHEME}:`) return null
  if (parsed.username !== '' || parsed.password !== '' || parsed.port !== '' || parsed.search !== '' || parsed.hash !== '') return null
  if (parsed.hostname.toLowerCase() !== 'invite') return null
  const match = /^\/([^/]+)\/?$/.exec(parsed.pathname)
  const code = match?.[1]
  if (code === undefined || !INVITE_CODE.test(code)) return null
  return { kind: 'invite', code }
}

/**
 * The first valid planet:// link in a command line. On Windows and Linux the
 * OS starts the app with the link as an argument; when an instance is already
 * running, Electron passes that argv to it in `second-instance`.
 */
export function findPlanetLink(argv: readonly string[]): PlanetLink | null {
  for (const arg of argv) {
    if (typeof arg !== 'string' || !arg.toLowerCase().startsWith(`${PLANET_SCHEME}:`)) continue
    const link = parsePlanetLink(arg)
    if (link) return link
  }
  return null
}

/** Where links go once the core exists: `core.links.open` (main/core/app/pending-links.ts). */
export type LinkSink = (link: PlanetLink) => void

/**
 * The shell's side of planet:// links. The OS can hand one over before the
 * core exists (the link that launched the app, or macOS `open-url` before
 * ready); the newest of those waits here and goes to the core as soon as
 * `attach` is called. After that every link goes straight through: the core
 * keeps it for the UI (`app.takePendingLink`) or announces it
 * (`app.onLinkOpened`). Anything that is not a valid link is dropped.
 */
export class LinkInbox {
  #early: PlanetLink | null = null
  #sink: LinkSink | null = null
  #closed = false

  /** Deliver `link` if it is one (or keep it until attach); returns whether it was a link. */
  offer(link: PlanetLink | null): boolean {
    if (link === null) return false
    if (this.#closed) return true
    if (this.#sink) this.#sink(link)
    else this.#early = link
    return true
  }

  /** From now on, links go to `sink`; a link that arrived earlier goes first. */
  attach(sink: LinkSink): void {
    if (this.#closed) return
    this.#sink = sink
    const early = this.#early
    this.#early = null
    if (early) sink(early)
  }

  /** For good (the core is closing): later links are dropped. */
  detach(): void {
    this.#closed = true
    this.#sink = null
    this.#early = null
  }
}
