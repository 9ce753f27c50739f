import { createHash } from 'node:crypto'
import { z } from 'zod'
import { FeedError } from './feed-error'
import { htmlToText, tidyText, truncateText } from './html-to-text'
import { NS, attribute, child, childElements, children, decodeInput, ownText, parseXmlDocument } from './xml-document'
import type { XmlElement } from './xml-document'

/**
 * RSS 2.0 (and the 0.9x family), Atom 1.0 (and 0.3) and RSS 1.0 (RDF) into one
 * validated shape. Feeds come from anywhere (ARCHITECTURE.md §13): the result is
 * either fully checked — every item passed through `feedItemSchema`, items that
 * fail are dropped and counted in `skipped` — or a FeedError; never a half-read
 * feed.
 */

export type FeedFormat = 'rss2' | 'atom' | 'rss1'

/** What a caller may lower (tests, a stricter host); the field limits below are fixed by the schema. */
export interface FeedLimits {
  /** Largest document accepted, in bytes (UTF-8 for a string). */
  maxBytes: number
  /** More items than this and the whole feed is refused (FEED_TOO_MANY_ITEMS). */
  maxItems: number
}

export const FEED_LIMITS = {
  maxBytes: 5 * 1024 * 1024,
  maxItems: 500,
  maxTitleChars: 300,
  maxSummaryChars: 4000,
  maxAuthorChars: 200,
  maxIdChars: 1024,
  maxUrlChars: 2048,
} as const

const httpUrl = (maxChars: number) =>
  z
    .string()
    .max(maxChars)
    .refine((value) => {
      try {
        const url = new URL(value)
        return (url.protocol === 'http:' || url.protocol === 'https:') && url.href === value
      } catch {
        return false
      }
    }, 'must be an absolute http(s) URL')

/** What one imported item is; the group-news feature stores these fields as they are. */
export const feedItemSchema = z.object({
  /** Stable identity for de-duplication: the guid / atom:id / rdf:about, else the link, else a content hash ("sha256:…"). */
  id: z.string().min(1).max(FEED_LIMITS.maxIdChars),
  /** Plain text, never empty (falls back to the start of the summary or the link). */
  title: z.string().min(1).max(FEED_LIMITS.maxTitleChars),
  /** Absolute http(s) URL of the item's page, resolved against xml:base and the feed URL; null when the feed gave none or an unsafe one (javascript:, data:, …). */
  link: httpUrl(FEED_LIMITS.maxUrlChars).nullable(),
  /** Plain text (HTML stripped), at most 4,000 characters; may be empty. */
  summary: z.string().max(FEED_LIMITS.maxSummaryChars),
  /** Milliseconds since the epoch, or null when the feed gave no readable date. */
  published: z.number().int().nullable(),
  author: z.string().min(1).max(FEED_LIMITS.maxAuthorChars).nullable(),
  /** The feed URL the item was imported from. */
  sourceUrl: httpUrl(FEED_LIMITS.maxUrlChars),
})

export type FeedItem = z.infer<typeof feedItemSchema>

export const parsedFeedSchema = z.object({
  format: z.enum(['rss2', 'atom', 'rss1']),
  title: z.string().min(1).max(FEED_LIMITS.maxTitleChars),
  link: httpUrl(FEED_LIMITS.maxUrlChars).nullable(),
  items: z.array(feedItemSchema).max(FEED_LIMITS.maxItems),
  /** Items that were present but failed validation and were dropped. */
  skipped: z.number().int().nonnegative(),
  sourceUrl: httpUrl(FEED_LIMITS.maxUrlChars),
})

export type ParsedFeed = z.infer<typeof parsedFeedSchema>

/** An item as read from the document, in plain text, before limits and validation. */
interface RawItem {
  id: string | null
  title: string
  link: string | null
  summary: string
  published: number | null
  author: string | null
}

interface RawFeed {
  format: FeedFormat
  title: string
  link: string | null
  items: XmlElement[]
  readItem: (item: XmlElement) => RawItem
}

/**
 * Parses one feed document. `sourceUrl` is the address it was fetched from: the
 * base for relative links and the `sourceUrl` of every item. Throws FeedError.
 */
export function parseFeed(xml: string | Uint8Array, sourceUrl: string, limits: Partial<FeedLimits> = {}): ParsedFeed {
  const limit: FeedLimits = { ...FEED_LIMITS, ...limits }
  const source = checkSourceUrl(sourceUrl)
  const size = typeof xml === 'string' ? (xml.length > limit.maxBytes ? xml.length : Buffer.byteLength(xml, 'utf8')) : xml.byteLength
  if (size > limit.maxBytes) {
    throw new FeedError('FEED_TOO_LARGE', `The feed is ${formatBytes(size)}, more than the ${formatBytes(limit.maxBytes)} PLANET accepts. Ask the publisher for a shorter feed (fewer or shorter items).`, {
      bytes: size,
      maxBytes: limit.maxBytes,
    })
  }
  const text = typeof xml === 'string' ? xml : decodeInput(xml)
  const root = parseXmlDocument(text, source)
  const feed = readFeed(root)
  if (feed.items.length > limit.maxItems) {
    throw new FeedError('FEED_TOO_MANY_ITEMS', `The feed lists ${feed.items.length} items; PLANET imports feeds of at most ${limit.maxItems}. Ask the publisher to shorten it, or use a feed of one category.`, {
      items: feed.items.length,
      maxItems: limit.maxItems,
    })
  }

  const items: FeedItem[] = []
  let skipped = 0
  for (const element of feed.items) {
    const item = finishItem(feed.readItem(element), source)
    const checked = item && feedItemSchema.safeParse(item)
    if (checked && checked.success) items.push(checked.data)
    else skipped++
  }
  const result = parsedFeedSchema.safeParse({
    format: feed.format,
    title: truncateText(feed.title.replace(/\s*\n\s*/g, ' '), FEED_LIMITS.maxTitleChars) || new URL(source).host,
    link: safeLink(feed.link),
    items,
    skipped,
    sourceUrl: source,
  })
  // Items were each validated above, so a failure here is a bug in this file, not in the feed.
  if (!result.success) throw new Error(`parseFeed produced an invalid feed: ${result.error.message}`)
  return result.data
}

function checkSourceUrl(sourceUrl: string): string {
  try {
    const url = new URL(sourceUrl)
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href
  } catch {}
  throw new FeedError('FEED_BAD_URL', `"${sourceUrl.slice(0, 200)}" is not an http or https address; a feed can only be read from one.`)
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`
}

// --- format detection ------------------------------------------------------------------

function readFeed(root: XmlElement): RawFeed {
  if (root.local === 'rss' && root.ns === null) {
    const channel = child(root, null, 'channel')
    if (!channel) throw notAFeed('an <rss> element without a <channel>')
    // RSS 0.9x put items beside the channel; 2.0 puts them inside.
    const items = [...children(channel, null, 'item'), ...children(root, null, 'item')]
    return { format: 'rss2', title: htmlText(child(channel, null, 'title')), link: linkOf(child(channel, null, 'link')), items, readItem: readRssItem }
  }
  if (root.local === 'RDF' && root.ns === NS.rdf) {
    const rssNs = childElements(root).some((element) => element.ns === NS.rss1) ? NS.rss1 : NS.rss090
    const channel = child(root, rssNs, 'channel')
    const items = children(root, rssNs, 'item')
    if (!channel && items.length === 0) throw notAFeed('an RDF document that is not RSS 1.0')
    const title = channel ? htmlText(child(channel, rssNs, 'title')) : ''
    return { format: 'rss1', title, link: channel ? linkOf(child(channel, rssNs, 'link')) : null, items, readItem: (item) => readRdfItem(item, rssNs) }
  }
  if (root.local === 'feed' && (root.ns === NS.atom || root.ns === NS.atom03 || root.ns === null)) {
    const atomNs = root.ns
    const feedAuthor = atomAuthor(root, atomNs)
    return {
      format: 'atom',
      title: atomText(child(root, atomNs, 'title')),
      link: atomLink(root, atomNs),
      items: children(root, atomNs, 'entry'),
      readItem: (entry) => readAtomEntry(entry, atomNs, feedAuthor),
    }
  }
  if (root.local.toLowerCase() === 'html') throw notAFeed('a web page (HTML)')
  throw notAFeed(`an XML document whose root element is <${root.local.slice(0, 40)}>`)
}

function notAFeed(what: string): FeedError {
  return new FeedError(
    'FEED_NOT_A_FEED',
    `This address serves ${what}, not an RSS or Atom feed. Check the address; sites usually link their feed as /feed, /rss or /atom.xml.`,
  )
}

// --- RSS 2.0 / 0.9x ----------------------------------------------------------------------

function readRssItem(item: XmlElement): RawItem {
  const guidElement = child(item, null, 'guid')
  const guid = guidElement ? ownText(guidElement).trim() : ''
  const guidIsLink = guidElement !== undefined && attribute(guidElement, 'isPermaLink')?.trim().toLowerCase() !== 'false'
  const link = linkOf(child(item, null, 'link')) ?? (guidIsLink ? absoluteUrl(guid) : null) ?? atomLink(item, NS.atom)
  const description = child(item, null, 'description') ?? child(item, NS.content, 'encoded')
  return {
    id: guid || null,
    title: htmlText(child(item, null, 'title')),
    link,
    summary: htmlText(description, FEED_LIMITS.maxSummaryChars),
    published: parseDate(child(item, null, 'pubDate') ?? child(item, NS.dc, 'date')),
    author: rssAuthor(child(item, null, 'author')) ?? textOrNull(child(item, NS.dc, 'creator')),
  }
}

/** RSS `<author>` is an e-mail address, often "jane@example.org (Jane Doe)": keep the name when there is one. */
function rssAuthor(element: XmlElement | undefined): string | null {
  const text = textOrNull(element)
  if (text === null) return null
  return /\(([^()]+)\)\s*$/.exec(text)?.[1]?.trim() || text
}

// --- RSS 1.0 / RDF -----------------------------------------------------------------------

function readRdfItem(item: XmlElement, rssNs: string): RawItem {
  const about = attribute(item, 'about', NS.rdf)?.trim() || null
  const description = child(item, rssNs, 'description') ?? child(item, NS.content, 'encoded')
  return {
    id: about,
    title: htmlText(child(item, rssNs, 'title')),
    link: linkOf(child(item, rssNs, 'link')) ?? (about ? absoluteUrl(about) : null),
    summary: htmlText(description, FEED_LIMITS.maxSummaryChars),
    published: parseDate(child(item, NS.dc, 'date')),
    author: textOrNull(child(item, NS.dc, 'creator')),
  }
}

// --- Atom --------------------------------------------------------------------------------

function readAtomEntry(entry: XmlElement, atomNs: string | null, feedAuthor: string | null): RawItem {
  const summary = child(entry, atomNs, 'summary') ?? contentWithText(entry, atomNs)
  const source = child(entry, atomNs, 'source')
  return {
    id: textOrNull(child(entry, atomNs, 'id')),
    title: atomText(child(entry, atomNs, 'title')),
    link: atomLink(entry, atomNs),
    summary: atomText(summary, FEED_LIMITS.maxSummaryChars),
    published: parseDate(
      child(entry, atomNs, 'published') ?? child(entry, atomNs, 'updated') ?? child(entry, atomNs, 'issued') ?? child(entry, atomNs, 'modified') ?? child(entry, NS.dc, 'date'),
    ),
    author: atomAuthor(entry, atomNs) ?? (source ? atomAuthor(source, atomNs) : null) ?? feedAuthor,
  }
}

/** `<content>` when it is text, HTML or XHTML held inline (not `src=` and not base64 media). */
function contentWithText(entry: XmlElement, atomNs: string | null): XmlElement | undefined {
  const content = child(entry, atomNs, 'content')
  if (!content || attribute(content, 'src') !== undefined) return undefined
  const type = (attribute(content, 'type') ?? 'text').trim().toLowerCase()
  return ['text', 'html', 'xhtml', 'text/plain', 'text/html', 'application/xhtml+xml'].includes(type) ? content : undefined
}

function atomAuthor(element: XmlElement, atomNs: string | null): string | null {
  for (const author of children(element, atomNs, 'author')) {
    const name = textOrNull(child(author, atomNs, 'name')) ?? textOrNull(child(author, atomNs, 'email'))
    if (name) return name
  }
  return null
}

/** The entry's page: `<link rel="alternate">` (rel defaults to alternate), an HTML one first. */
function atomLink(element: XmlElement, atomNs: string | null): string | null {
  const links = children(element, atomNs, 'link')
    .filter((link) => (attribute(link, 'rel')?.trim() || 'alternate') === 'alternate')
    .sort((a, b) => Number(isHtmlType(b)) - Number(isHtmlType(a)))
  for (const link of links) {
    const href = attribute(link, 'href')
    const resolved = href ? resolveUrl(href, link.base) : null
    if (resolved) return resolved
  }
  return null
}

function isHtmlType(link: XmlElement): boolean {
  const type = attribute(link, 'type')?.trim().toLowerCase()
  return type === undefined || type === 'text/html' || type === 'application/xhtml+xml'
}

/**
 * An Atom text construct as plain text: type "text" as written, "html" with its
 * markup stripped, "xhtml" from the text of its inline elements.
 */
function atomText(element: XmlElement | undefined, maxChars = Number.POSITIVE_INFINITY): string {
  if (!element) return ''
  const type = (attribute(element, 'type') ?? 'text').trim().toLowerCase()
  if (type === 'xhtml' || type === 'application/xhtml+xml') return tidyText(xhtmlText(element, maxChars))
  if (type === 'html' || type === 'text/html' || type === 'escaped') return htmlToText(ownText(element), maxChars)
  return tidyText(ownText(element))
}

const XHTML_DROPPED = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math'])
const XHTML_BLOCKS = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'blockquote', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table', 'hr', 'section', 'article'])

function xhtmlText(element: XmlElement, maxChars: number): string {
  const parts: string[] = []
  let length = 0
  const walk = (node: XmlElement): void => {
    for (const part of node.children) {
      if (length > maxChars) return
      if (part.kind === 'text') {
        const text = part.value.replace(/\s+/g, ' ')
        parts.push(text)
        length += text.length
      } else if (!XHTML_DROPPED.has(part.local.toLowerCase())) {
        const block = XHTML_BLOCKS.has(part.local.toLowerCase())
        if (block) parts.push('\n')
        walk(part)
        if (block) parts.push('\n')
      }
    }
  }
  walk(element)
  return parts.join('')
}

// --- shared field readers ----------------------------------------------------------------

/**
 * RSS titles and descriptions are HTML in practice, whatever the spec says, so
 * readers strip tags and decode references — but only when the text has a
 * complete tag or a reference: "x<y matters" in a plain title stays as written.
 */
function htmlText(element: XmlElement | undefined, maxChars = FEED_LIMITS.maxTitleChars + 1): string {
  if (!element) return ''
  const text = ownText(element)
  return /<\/?[A-Za-z][^<>]*>|<!--|&#?[A-Za-z0-9]+;/.test(text) ? htmlToText(text, maxChars) : tidyText(text.slice(0, maxChars * 2))
}

function textOrNull(element: XmlElement | undefined): string | null {
  if (!element) return null
  return tidyText(ownText(element)) || null
}

function linkOf(element: XmlElement | undefined): string | null {
  if (!element) return null
  // RSS inside an Atom-namespaced <link href> does happen; plain RSS has the URL as text.
  const value = ownText(element).trim() || attribute(element, 'href') || ''
  return value ? resolveUrl(value, element.base) : null
}

/** Absolute http(s) URL, or null: anything else (javascript:, data:, mailto:, garbage) is not a link PLANET shows. */
function resolveUrl(value: string, base: string): string | null {
  const trimmed = value.trim()
  if (!trimmed) return null
  try {
    const url = new URL(trimmed, base)
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
  } catch {
    return null
  }
}

/** A guid or rdf:about used as a link only when it is a full http(s) URL by itself, never resolved. */
function absoluteUrl(value: string): string | null {
  return /^https?:\/\//i.test(value.trim()) ? resolveUrl(value, 'http://invalid.invalid/') : null
}

function safeLink(link: string | null): string | null {
  return link !== null && link.length <= FEED_LIMITS.maxUrlChars ? link : null
}

/** RFC 822 (RSS), RFC 3339 (Atom) and W3C-DTF (Dublin Core) dates; null when unreadable or absurd. */
function parseDate(element: XmlElement | undefined): number | null {
  const text = element ? ownText(element).trim() : ''
  if (!text || text.length > 64) return null
  const ms = Date.parse(text.replace(/\s+/g, ' '))
  // Year 1970 to 9999: outside that a date is a publisher's bug, not information.
  return Number.isFinite(ms) && ms >= 0 && ms < 253402300800000 ? ms : null
}

// --- limits ------------------------------------------------------------------------------

/** Applies the field limits; null when the item has nothing to show at all. */
function finishItem(raw: RawItem, sourceUrl: string): FeedItem | null {
  const summary = truncateText(raw.summary, FEED_LIMITS.maxSummaryChars)
  const link = safeLink(raw.link)
  const titleText = raw.title || summary.split('\n')[0] || link || ''
  if (!titleText) return null
  const author = raw.author ? truncateText(raw.author, FEED_LIMITS.maxAuthorChars) : null
  return {
    id: itemId(raw.id, link, titleText, summary, raw.published),
    title: truncateText(titleText.replace(/\s*\n\s*/g, ' '), FEED_LIMITS.maxTitleChars),
    link,
    summary,
    published: raw.published,
    author,
    sourceUrl,
  }
}

/**
 * The guid / atom:id / rdf:about as written (an over-long one hashed), else the
 * link, else a hash of what the item says — stable as long as the publisher
 * does not edit it, which is the best any reader can do for such feeds.
 */
function itemId(id: string | null, link: string | null, title: string, summary: string, published: number | null): string {
  const stated = id?.trim()
  if (stated) return stated.length <= FEED_LIMITS.maxIdChars ? stated : `sha256:${sha256(stated)}`
  if (link) return link
  return `sha256:${sha256(JSON.stringify([title, summary, published]))}`
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
