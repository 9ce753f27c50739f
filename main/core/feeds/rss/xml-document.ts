import { TextDecoder } from 'node:util'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { FeedError } from './feed-error'
import { decodeCharacterReferences, decodeXmlAttribute } from './html-entities'

/**
 * A feed document as a small namespace-aware element tree, built with
 * fast-xml-parser under a configuration that cannot be made to expand anything:
 *
 *   - a DOCTYPE that declares entities (the "billion laughs" and external-entity
 *     attacks both need one) is refused before parsing, with FEED_ENTITY_EXPANSION;
 *   - the parser's own entity processing is off (`processEntities: false`), so
 *     it never substitutes a DTD-declared entity and never reads an external one;
 *     character references are decoded afterwards, in one pass over a fixed
 *     table (html-entities.ts);
 *   - a DOCTYPE without an internal subset (RSS 0.91's Netscape DTD) is accepted
 *     and ignored: nothing is ever fetched;
 *   - the document must be well-formed (XMLValidator, which reports line and
 *     column) — the parser alone is lenient and would build a tree from garbage;
 *   - nesting is capped by the parser (`maxNestedTags`).
 */

export const XML_NS = 'http://www.w3.org/XML/1998/namespace'
export const NS = {
  atom: 'http://www.w3.org/2005/Atom',
  atom03: 'http://purl.org/atom/ns#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rss1: 'http://purl.org/rss/1.0/',
  rss090: 'http://my.netscape.com/rdf/simple/0.9/',
  dc: 'http://purl.org/dc/elements/1.1/',
  content: 'http://purl.org/rss/1.0/modules/content/',
  xhtml: 'http://www.w3.org/1999/xhtml',
} as const

/**
 * Prefixes that real feeds use without declaring them (`dc:creator` in a feed
 * with no xmlns:dc). An undeclared prefix is a namespace error in XML; taking
 * the conventional meaning instead is what every feed reader does.
 */
const CONVENTIONAL_PREFIXES: Record<string, string> = {
  dc: NS.dc,
  content: NS.content,
  atom: NS.atom,
  rdf: NS.rdf,
}

export interface XmlAttribute {
  ns: string | null
  local: string
  value: string
}

export interface XmlElement {
  kind: 'element'
  /** Namespace URI, or null for none. */
  ns: string | null
  local: string
  attributes: XmlAttribute[]
  children: XmlNode[]
  /** The element's base URL: xml:base resolved against its parent's, starting from the document's URL. */
  base: string
}

export interface XmlText {
  kind: 'text'
  value: string
}

export type XmlNode = XmlElement | XmlText

const MAX_DEPTH = 64
/**
 * A 5 MB document of empty tags is a million elements and seconds of parsing;
 * real feeds keep their HTML in CDATA or escaped text and stay far below this
 * (500 Atom entries with inline XHTML are some tens of thousands).
 */
export const MAX_ELEMENTS = 100_000

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  cdataPropName: '#cdata',
  commentPropName: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: false,
  htmlEntities: false,
  maxNestedTags: MAX_DEPTH,
})

/** Text of the input, decoded by its byte-order mark or XML declaration (UTF-8 when neither says). */
export function decodeInput(input: Uint8Array): string {
  let encoding = 'utf-8'
  if (input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf) encoding = 'utf-8'
  else if (input[0] === 0xff && input[1] === 0xfe) encoding = 'utf-16le'
  else if (input[0] === 0xfe && input[1] === 0xff) encoding = 'utf-16be'
  else {
    const head = new TextDecoder('latin1').decode(input.subarray(0, 200))
    const declared = /^\s*<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']/.exec(head)?.[1]
    if (declared) encoding = declared.toLowerCase()
  }
  let decoder: TextDecoder
  try {
    decoder = new TextDecoder(encoding)
  } catch {
    throw new FeedError('FEED_UNSUPPORTED_ENCODING', `The feed declares the character encoding "${encoding}", which PLANET cannot read. Ask the publisher for a UTF-8 feed.`, { encoding })
  }
  return decoder.decode(input)
}

/** Where the root element starts, after the XML declaration, comments, processing instructions and the DOCTYPE. */
interface Prolog {
  rootStart: number
  doctype: string | null
}

function readProlog(xml: string): Prolog {
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0
  let doctype: string | null = null
  for (;;) {
    while (i < xml.length && /\s/.test(xml[i] ?? '')) i++
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2)
      if (end === -1) return { rootStart: xml.length, doctype }
      i = end + 2
    } else if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4)
      if (end === -1) return { rootStart: xml.length, doctype }
      i = end + 3
    } else if (xml.slice(i, i + 9).toUpperCase() === '<!DOCTYPE') {
      const end = endOfDoctype(xml, i + 9)
      doctype = xml.slice(i, end)
      i = end
    } else {
      return { rootStart: i, doctype }
    }
  }
}

/** Index past the DOCTYPE's closing '>', skipping quoted strings and the internal subset. */
function endOfDoctype(xml: string, from: number): number {
  let quote = ''
  let inSubset = false
  for (let i = from; i < xml.length; i++) {
    const char = xml[i]
    if (quote) {
      if (char === quote) quote = ''
    } else if (char === '"' || char === "'") {
      quote = char
    } else if (char === '[') {
      inSubset = true
    } else if (char === ']') {
      inSubset = false
    } else if (char === '>' && !inSubset) {
      return i + 1
    }
  }
  return xml.length
}

interface Markup {
  /** Start tags, counted up to just past the limit. */
  elements: number
  /** The first `<!NAME` declaration (DOCTYPE, ENTITY, …) met inside the document, or null. */
  declaration: string | null
  declarationAt: number
}

/** One pass over the document after the prolog, outside CDATA sections and comments. */
function scanMarkup(xml: string, from: number, maxElements: number): Markup {
  let elements = 0
  for (let i = xml.indexOf('<', from); i !== -1 && elements <= maxElements; i = xml.indexOf('<', i + 1)) {
    if (xml.startsWith('<![CDATA[', i)) {
      i = xml.indexOf(']]>', i + 9)
      if (i === -1) break
    } else if (xml.startsWith('<!--', i)) {
      i = xml.indexOf('-->', i + 4)
      if (i === -1) break
    } else if (xml.charCodeAt(i + 1) === 33 /* ! */) {
      return { elements, declaration: /^<![A-Za-z]*/.exec(xml.slice(i, i + 20))?.[0] ?? '<!', declarationAt: i }
    } else {
      const next = xml.charCodeAt(i + 1)
      if (next !== 47 /* / */ && next !== 63 /* ? */) elements++
    }
  }
  return { elements, declaration: null, declarationAt: -1 }
}

/** True when the text looks like an HTML page rather than XML: `<!DOCTYPE html>` or an `<html>` root. */
function looksLikeHtml(xml: string, prolog: Prolog): boolean {
  if (prolog.doctype && /^<!DOCTYPE\s+html\b/i.test(prolog.doctype)) return true
  return /^<html[\s>]/i.test(xml.slice(prolog.rootStart, prolog.rootStart + 6))
}

/**
 * Parses and checks a feed document. Throws FeedError with FEED_ENTITY_EXPANSION,
 * FEED_NOT_A_FEED (an HTML page) or FEED_INVALID_XML; returns the root element.
 */
export function parseXmlDocument(xml: string, documentUrl: string): XmlElement {
  const prolog = readProlog(xml)
  if (prolog.doctype && /<!ENTITY/i.test(prolog.doctype)) {
    throw new FeedError(
      'FEED_ENTITY_EXPANSION',
      'The feed declares its own XML entities in a DOCTYPE. PLANET refuses such feeds because declared entities can expand into gigabytes ("billion laughs") or read other files; no real feed needs them. Ask the publisher to remove the DOCTYPE.',
    )
  }
  if (looksLikeHtml(xml, prolog)) {
    throw new FeedError(
      'FEED_NOT_A_FEED',
      'This address serves a web page (HTML), not an RSS or Atom feed. Open the site, look for its RSS/Atom link (often /feed, /rss or /atom.xml) and add that address instead.',
    )
  }
  if (xml.charCodeAt(prolog.rootStart) === 123 /* { */) {
    throw new FeedError('FEED_NOT_A_FEED', 'This address serves JSON (perhaps a JSON Feed), not an RSS or Atom feed. Look for the site\'s RSS or Atom address instead.')
  }
  const markup = scanMarkup(xml, prolog.rootStart, MAX_ELEMENTS)
  if (markup.declaration !== null) {
    // A DOCTYPE or ENTITY declaration after the root element starts: not XML, and the parser would still read it.
    const at = markup.declarationAt
    const declared = /^<!DOCTYPE$/i.test(markup.declaration) ? xml.slice(at, endOfDoctype(xml, at + 9)) : markup.declaration
    if (/<!ENTITY/i.test(declared)) {
      throw new FeedError('FEED_ENTITY_EXPANSION', 'The feed declares XML entities inside the document. PLANET refuses such feeds because declared entities can expand into gigabytes ("billion laughs"); nothing was imported.')
    }
    throw new FeedError('FEED_INVALID_XML', `The feed is not well-formed XML: it has a "${markup.declaration}" declaration inside the document. The publisher has to fix the feed; nothing was imported.`)
  }
  if (markup.elements > MAX_ELEMENTS) {
    throw new FeedError('FEED_TOO_LARGE', `The feed has more than ${MAX_ELEMENTS.toLocaleString('en')} XML elements, far more than any real feed; nothing was imported.`, {
      maxElements: MAX_ELEMENTS,
    })
  }
  const verdict = XMLValidator.validate(xml)
  if (verdict !== true) {
    const { msg, line, col } = verdict.err
    throw new FeedError('FEED_INVALID_XML', `The feed is not well-formed XML (line ${line}${col ? `, column ${col}` : ''}: ${msg}). The publisher has to fix the feed; nothing was imported.`, {
      line,
      column: col,
    })
  }
  let tree: unknown
  try {
    tree = parser.parse(xml)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    if (/entit/i.test(message)) throw new FeedError('FEED_ENTITY_EXPANSION', `The feed's entities exceed PLANET's limits (${message}); nothing was imported.`, undefined, { cause: error })
    throw new FeedError('FEED_INVALID_XML', `The feed could not be read as XML (${message}); nothing was imported.`, undefined, { cause: error })
  }
  const root = (Array.isArray(tree) ? tree : []).map((node) => toElement(node, new Map(), documentUrl, 0)).find((node) => node !== null)
  if (!root) throw new FeedError('FEED_INVALID_XML', 'The feed has no root element; nothing was imported.')
  return root
}

type RawNode = Record<string, unknown>

function isRecord(value: unknown): value is RawNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function resolveBase(value: string, parentBase: string): string {
  try {
    return new URL(value.trim(), parentBase).href
  } catch {
    return parentBase
  }
}

function splitName(name: string): [prefix: string | null, local: string] {
  const colon = name.indexOf(':')
  return colon === -1 ? [null, name] : [name.slice(0, colon), name.slice(colon + 1)]
}

function lookup(prefix: string, scope: Map<string, string>): string | null {
  if (prefix === 'xml') return XML_NS
  return scope.get(prefix) ?? CONVENTIONAL_PREFIXES[prefix.toLowerCase()] ?? null
}

function toElement(raw: unknown, parentScope: Map<string, string>, parentBase: string, depth: number): XmlElement | null {
  if (!isRecord(raw) || depth > MAX_DEPTH) return null
  const name = Object.keys(raw).find((key) => key !== ':@' && key !== '#text' && key !== '#cdata')
  if (name === undefined) return null
  const rawAttributes = isRecord(raw[':@']) ? Object.entries(raw[':@']) : []

  let scope = parentScope
  for (const [attribute, value] of rawAttributes) {
    if (attribute === 'xmlns' || attribute.startsWith('xmlns:')) {
      if (scope === parentScope) scope = new Map(parentScope)
      scope.set(attribute === 'xmlns' ? '' : attribute.slice(6), decodeXmlAttribute(String(value)))
    }
  }
  const attributes: XmlAttribute[] = []
  for (const [attribute, value] of rawAttributes) {
    if (attribute === 'xmlns' || attribute.startsWith('xmlns:')) continue
    const [prefix, local] = splitName(attribute)
    attributes.push({ ns: prefix === null ? null : lookup(prefix, scope), local, value: decodeXmlAttribute(String(value)) })
  }
  const [prefix, local] = splitName(name)
  const ns = prefix === null ? scope.get('') || null : lookup(prefix, scope)
  const xmlBase = attributes.find((attribute) => attribute.ns === XML_NS && attribute.local === 'base')
  const base = xmlBase ? resolveBase(xmlBase.value, parentBase) : parentBase

  const element: XmlElement = { kind: 'element', ns, local, attributes, children: [], base }
  const rawChildren = raw[name]
  for (const child of Array.isArray(rawChildren) ? rawChildren : []) {
    if (!isRecord(child)) continue
    if (typeof child['#text'] === 'string') {
      element.children.push({ kind: 'text', value: decodeCharacterReferences(child['#text']) })
    } else if (Array.isArray(child['#cdata'])) {
      const cdata = child['#cdata'].map((part) => (isRecord(part) && typeof part['#text'] === 'string' ? part['#text'] : '')).join('')
      element.children.push({ kind: 'text', value: cdata })
    } else {
      const nested = toElement(child, scope, base, depth + 1)
      if (nested) element.children.push(nested)
    }
  }
  return element
}

// --- reading helpers used by the feed parser -------------------------------------------

export function childElements(element: XmlElement): XmlElement[] {
  return element.children.filter((child): child is XmlElement => child.kind === 'element')
}

export function children(element: XmlElement, ns: string | null, local: string): XmlElement[] {
  return childElements(element).filter((child) => child.ns === ns && child.local === local)
}

export function child(element: XmlElement, ns: string | null, local: string): XmlElement | undefined {
  return childElements(element).find((candidate) => candidate.ns === ns && candidate.local === local)
}

export function attribute(element: XmlElement, local: string, ns: string | null = null): string | undefined {
  return element.attributes.find((candidate) => candidate.ns === ns && candidate.local === local)?.value
}

/** The character data directly inside the element (CDATA included), not that of nested elements. */
export function ownText(element: XmlElement): string {
  return element.children.map((node) => (node.kind === 'text' ? node.value : '')).join('')
}
