import { createHash, createPublicKey, verify as cryptoVerify } from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import type { SignedPost } from '../../../../shared/domain/posts'
import { ATOM_NAMESPACE, PLANET_XML_NAMESPACE } from './atom-feed'
import { exportBlog, postSlug } from './blog-export'
import { editPost, signPost } from './post-signing'
import { T0, identity, postRecordOf } from './test-kit'

/**
 * The exported blog, read the way an outsider would: the Atom feed parsed by
 * a real XML parser (@xmldom/xmldom), each signature checked with OpenSSL's
 * Ed25519 through node:crypto — neither @noble nor sodium — and the did:key
 * decoded here from first principles.
 */

// ─── An outsider's tools ────────────────────────────────────────────────────

/** The few DOM members the test reads (xmldom's own typings would pull the DOM lib into main's program). */
interface XmlNode {
  nodeType: number
  localName: string | null
  namespaceURI: string | null
  textContent: string | null
  childNodes: { length: number; item(index: number): XmlNode | null }
  getAttribute(name: string): string | null
  attributes: { length: number; item(index: number): { name: string; value: string } | null }
}
interface XmlDocument {
  documentElement: XmlNode | null
}
const { DOMParser } = createRequire(import.meta.url)('@xmldom/xmldom') as {
  DOMParser: new (options: object) => { parseFromString(source: string, mime: string): XmlDocument }
}

/** Parse strictly: any warning or error of the parser fails the test. */
function parseXml(source: string): XmlNode {
  const fail = (message: string) => {
    throw new Error(`XML: ${message}`)
  }
  const document = new DOMParser({ errorHandler: { warning: fail, error: fail, fatalError: fail } }).parseFromString(source, 'application/xml')
  if (document.documentElement === null) throw new Error('XML: no root element')
  return document.documentElement
}

function elements(node: XmlNode, namespace: string, name: string): XmlNode[] {
  const found: XmlNode[] = []
  for (let index = 0; index < node.childNodes.length; index++) {
    const child = node.childNodes.item(index)
    if (child !== null && child.nodeType === 1 && child.namespaceURI === namespace && child.localName === name) found.push(child)
  }
  return found
}

function one(node: XmlNode, namespace: string, name: string): XmlNode {
  const found = elements(node, namespace, name)
  expect(found, `exactly one <${name}>`).toHaveLength(1)
  return found[0] as XmlNode
}

function atom(node: XmlNode, name: string): XmlNode {
  return one(node, ATOM_NAMESPACE, name)
}

const BASE58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz'

/** Base58 (Bitcoin alphabet) → bytes, written out: big-endian base conversion, leading '1's are zero bytes. */
function base58Decode(text: string): Buffer {
  let value = 0n
  for (const char of text) {
    const digit = BASE58_ALPHABET.indexOf(char)
    if (digit < 0) throw new Error(`not base58: ${char}`)
    value = value * 58n + BigInt(digit)
  }
  const bytes: number[] = []
  while (value > 0n) {
    bytes.unshift(Number(value % 256n))
    value /= 256n
  }
  const zeros = /^1*/.exec(text)?.[0].length ?? 0
  return Buffer.from([...new Array<number>(zeros).fill(0), ...bytes])
}

/**
 * did:key → an OpenSSL public key: "did:key:" + multibase ('z' = base58btc)
 * of multicodec ed25519-pub (varint 0xed 0x01) + the 32-byte key, wrapped in
 * the fixed SPKI DER header of an Ed25519 key (RFC 8410).
 */
function didToKeyObject(did: string): { key: KeyObject; raw: Buffer } {
  expect(did.startsWith('did:key:z')).toBe(true)
  const decoded = base58Decode(did.slice('did:key:z'.length))
  expect([decoded[0], decoded[1], decoded.length]).toEqual([0xed, 0x01, 34])
  const raw = decoded.subarray(2)
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw])
  return { key: createPublicKey({ key: spki, format: 'der', type: 'spki' }), raw }
}

/** The canonical form as an outsider would write it from the README: sorted keys, no whitespace. */
function sortedJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(sortedJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>
    return `{${Object.keys(record)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${sortedJson(record[key])}`)
      .join(',')}}`
  }
  return JSON.stringify(value)
}

/** Characters outside XML 1.0's Char production. */
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u

// ─── The blog ───────────────────────────────────────────────────────────────

const alice = identity(1)
const bob = identity(2)
const now = T0 + 30 * 86_400_000

const tricky = signPost(
  postRecordOf(alice, {
    id: '11'.repeat(16),
    title: '<script>alert("title")</script> & Co — café',
    body: '# Hello\n\n<script>alert(1)</script>\n\n[click me](javascript:alert(1)) and [ok](https://example.org/?a=1&b=2)\n\n![remote](https://tracker.example/pixel.gif)\n\n![stall](stall.jpg)',
    tags: ['markt', 'café'],
    mentions: [bob.hex],
    images: [
      { name: 'stall.jpg', mime: 'image/jpeg', size: 4, sha256: sha256(Buffer.from('JPEG')) },
      { name: 'crowd.png', mime: 'image/png', size: 3, sha256: sha256(Buffer.from('PNG')) },
      { name: 'vector.svg', mime: 'image/svg+xml', size: 3, sha256: sha256(Buffer.from('SVG')) },
    ],
    createdAt: T0,
  }),
  alice.secretKey,
)
const second = signPost(postRecordOf(alice, { id: '22'.repeat(16), title: 'Ünïcödé 🍓 and "quotes"', body: 'Short.', tags: [], createdAt: T0 + 86_400_000 }), alice.secretKey)
const draft = signPost(postRecordOf(alice, { id: '33'.repeat(16), title: 'First version', body: 'Old text', createdAt: T0 + 2 * 86_400_000 }), alice.secretKey)
const edited = editPost(draft, { title: 'Second version', body: 'New text' }, T0 + 3 * 86_400_000, alice.secretKey)
const shortPost = signPost(postRecordOf(alice, { id: '44'.repeat(16), kind: 'post', title: 'Not a blog post' }), alice.secretKey)
const bobsPost = signPost(postRecordOf(bob, { id: '55'.repeat(16), title: 'Bob’s post' }), bob.secretKey)
const forged: SignedPost = { ...signPost(postRecordOf(alice, { id: '66'.repeat(16), title: 'Forged' }), alice.secretKey), body: 'Changed after signing' }

const author = { did: alice.did, name: 'Alice <Admin> & "Friends"', bio: 'Gardener.\n\nWrites about <markets>.' }
const images = new Map<string, Uint8Array>([
  [sha256(Buffer.from('JPEG')), Buffer.from('JPEG')],
  [sha256(Buffer.from('PNG')), Buffer.from('NOT THE PNG')],
  [sha256(Buffer.from('SVG')), Buffer.from('SVG')],
])
const input = [tricky, second, draft, edited, shortPost, bobsPost, forged]
const files = exportBlog(input, author, { now, images })

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex')
}

function text(path: string): string {
  const file = files.get(path)
  expect(typeof file, path).toBe('string')
  return file as string
}

// ─── Tests ──────────────────────────────────────────────────────────────────

describe('exportBlog', () => {
  it('writes the index, one page per blog post, the feed, the verification page, a stylesheet and the images', () => {
    expect([...files.keys()]).toEqual([
      'index.html',
      'atom.xml',
      'verify.html',
      'style.css',
      `posts/${postSlug(edited)}.html`,
      `posts/${postSlug(second)}.html`,
      `posts/${postSlug(tricky)}.html`,
      `images/${sha256(Buffer.from('JPEG'))}.jpg`,
    ])
    expect(postSlug(tricky)).toBe('script-alert-title-script-co-cafe-11111111')
    expect(postSlug(second)).toBe('unicode-and-quotes-22222222')
    expect(postSlug({ id: 'ab'.repeat(16), title: '東京' })).toBe('abababab')
    for (const path of files.keys()) expect(path).toMatch(/^(?!.*\.\.)[a-z0-9][a-z0-9/._-]*$/)
  })

  it('leaves out short posts, other people’s posts, posts that do not verify and superseded versions', () => {
    const all = [...files.values()].filter((file): file is string => typeof file === 'string').join('\n')
    expect(all).not.toContain('Not a blog post')
    expect(all).not.toContain('Bob’s post')
    expect(all).not.toContain('Forged')
    expect(all).not.toContain('First version')
    expect(all).toContain('Second version')
  })

  it('is deterministic: the same input gives the same bytes, in any order', () => {
    const again = exportBlog([...input].reverse(), author, { now, images })
    expect([...again.keys()]).toEqual([...files.keys()])
    for (const [path, content] of files) expect(Buffer.from(again.get(path) as string | Buffer).equals(Buffer.from(content)), path).toBe(true)
  })

  it('exports only attached raster images whose bytes match their hash, and shows them from the export', () => {
    expect(files.get(`images/${sha256(Buffer.from('JPEG'))}.jpg`)).toEqual(Buffer.from('JPEG'))
    const page = text(`posts/${postSlug(tricky)}.html`)
    expect(page).toContain(`<img src="../images/${sha256(Buffer.from('JPEG'))}.jpg" alt="stall" loading="lazy">`)
    expect(page).not.toContain('.svg')
    expect(page).not.toContain('crowd.png')
    // The remote image is a link, never loaded.
    expect(page).not.toMatch(/<img[^>]+tracker\.example/)
    expect(page).toContain('<a href="https://tracker.example/pixel.gif" class="remote-image"')
  })
})

describe('the exported HTML', () => {
  const pages = [...files.entries()].filter(([path]) => path.endsWith('.html')).map(([path, content]) => [path, content as string] as const)

  it('has no script, no javascript: URL, no event handler, and a CSP that forbids them', () => {
    for (const [path, html] of pages) {
      expect(html, path).not.toMatch(/<script/i)
      expect(html, path).not.toMatch(/javascript:/i)
      expect(html, path).not.toMatch(/<[^>]*\son[a-z]+\s*=/i)
      expect(html, path).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; img-src &#39;self&#39;;`)
      // Nothing is loaded from elsewhere.
      expect(html, path).not.toMatch(/<(img|link)[^>]+(src|href)="(https?:)?\/\//i)
    }
  })

  it('escapes titles, names and bodies', () => {
    const index = text('index.html')
    expect(index).toContain('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; &amp; Co — café')
    expect(index).toContain('<title>Alice &lt;Admin&gt; &amp; &quot;Friends&quot;</title>')
    expect(index).toContain('Writes about &lt;markets&gt;.')
    const page = text(`posts/${postSlug(tricky)}.html`)
    expect(page).toContain('<h1>&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; &amp; Co — café</h1>')
    expect(page).toContain('<title>&lt;script&gt;')
    expect(page).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')
    expect(page).toContain('<h2>Hello</h2>')
    expect(page).toContain('<a href="https://example.org/?a=1&amp;b=2" rel="nofollow noopener noreferrer">ok</a>')
    expect(page).toContain('click me')
    expect(page).toContain(bob.did)
  })

  it('lists the posts newest first and shows each post’s signature and how to verify it', () => {
    const index = text('index.html')
    const order = [edited, second, tricky].map((post) => index.indexOf(`posts/${postSlug(post)}.html`))
    expect(order.every((position) => position > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    const page = text(`posts/${postSlug(second)}.html`)
    expect(page).toContain(Buffer.from(second.sig, 'hex').toString('base64'))
    expect(page).toContain('href="../verify.html"')
    const verify = text('verify.html')
    expect(verify).toContain(alice.did)
    expect(verify).toContain('0xed 0x01')
    expect(verify).toContain('openssl pkeyutl -verify')
  })
})

describe('the exported Atom feed', () => {
  const source = text('atom.xml')
  const feed = parseXml(source)

  it('is well-formed Atom 1.0 with the required elements', () => {
    expect(source.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<feed ')).toBe(true)
    expect(source).not.toMatch(NOT_XML_CHAR)
    expect([feed.localName, feed.namespaceURI]).toEqual(['feed', ATOM_NAMESPACE])
    expect(atom(feed, 'id').textContent).toBe(alice.did)
    expect(atom(feed, 'title').textContent).toBe(author.name)
    expect(atom(feed, 'updated').textContent).toBe(new Date(edited.editedAt as number).toISOString())
    expect(atom(atom(feed, 'author'), 'name').textContent).toBe(author.name)
    expect(atom(atom(feed, 'author'), 'uri').textContent).toBe(alice.did)
    const entries = elements(feed, ATOM_NAMESPACE, 'entry')
    expect(entries).toHaveLength(3)
    for (const entry of entries) {
      for (const name of ['id', 'title', 'updated', 'published', 'author', 'content', 'link']) atom(entry, name)
      expect(atom(entry, 'content').getAttribute('type')).toBe('html')
      expect(atom(entry, 'link').getAttribute('rel')).toBe('alternate')
      expect(atom(entry, 'updated').textContent).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    }
    const ids = entries.map((entry) => atom(entry, 'id').textContent)
    expect(new Set(ids).size).toBe(3)
  })

  it('carries signatures that verify with an independent Ed25519 (OpenSSL via node:crypto)', () => {
    const entries = elements(feed, ATOM_NAMESPACE, 'entry')
    const exported = [edited, second, tricky]
    entries.forEach((entry, index) => {
      const signature = one(entry, PLANET_XML_NAMESPACE, 'signature')
      expect(signature.getAttribute('alg')).toBe('Ed25519')
      const did = signature.getAttribute('did') as string
      expect(did).toBe(atom(atom(entry, 'author'), 'uri').textContent)
      const { key, raw } = didToKeyObject(did)
      const signed = Buffer.from(signature.getAttribute('signed') as string, 'base64')
      const sig = Buffer.from((signature.textContent ?? '').trim(), 'base64')
      expect(sig).toHaveLength(64)

      expect(cryptoVerify(null, signed, key, sig)).toBe(true)

      // What the signature vouches for is what the entry shows.
      const newline = signed.indexOf(0x0a)
      expect(signed.subarray(0, newline + 1).toString('utf8')).toBe('planet/post/v1\n')
      const payload = JSON.parse(signed.subarray(newline + 1).toString('utf8')) as Record<string, unknown>
      expect(payload.author).toBe(raw.toString('hex'))
      expect(payload.kind).toBe('blog')
      expect(payload.title).toBe(atom(entry, 'title').textContent)
      expect(atom(entry, 'id').textContent).toBe(`${did}/posts/${String(payload.id)}`)
      expect(atom(entry, 'published').textContent).toBe(new Date(payload.createdAt as number).toISOString())
      expect(atom(entry, 'updated').textContent).toBe(new Date((payload.editedAt ?? payload.createdAt) as number).toISOString())
      expect(elements(entry, ATOM_NAMESPACE, 'category').map((category) => category.getAttribute('term'))).toEqual(payload.tags)
      expect(payload.id).toBe(exported[index]?.id)
      // The payload is the canonical form: re-serialising the parsed JSON with sorted keys gives the same bytes.
      expect(sortedJson(payload)).toBe(signed.subarray(newline + 1).toString('utf8'))

      // And the independent check does refuse a change.
      const changed = Buffer.from(signed)
      changed.writeUInt8(changed.readUInt8(changed.length - 3) ^ 1, changed.length - 3)
      expect(cryptoVerify(null, changed, key, sig)).toBe(false)
      expect(cryptoVerify(null, signed, didToKeyObject(bob.did).key, sig)).toBe(false)
    })
  })

  it('escapes titles and content: the parser gives back the exact text', () => {
    const entries = elements(feed, ATOM_NAMESPACE, 'entry')
    const trickyEntry = entries[2] as XmlNode
    expect(atom(trickyEntry, 'title').textContent).toBe(tricky.title)
    const content = atom(trickyEntry, 'content').textContent ?? ''
    expect(content).toContain('<h2>Hello</h2>')
    expect(content).toContain('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>')
    expect(content).not.toMatch(/<script|javascript:/i)
    expect(source).not.toMatch(/<script|javascript:/i)
  })

  it('uses absolute links with a base URL, relative ones without', () => {
    const entry = elements(feed, ATOM_NAMESPACE, 'entry')[1] as XmlNode
    expect(atom(entry, 'link').getAttribute('href')).toBe(`posts/${postSlug(second)}.html`)
    const hosted = parseXml(exportBlog(input, author, { now, images, baseUrl: 'https://alice.example/blog?x=1#top' }).get('atom.xml') as string)
    const self = elements(hosted, ATOM_NAMESPACE, 'link').find((link) => link.getAttribute('rel') === 'self')
    expect(self?.getAttribute('href')).toBe('https://alice.example/blog/atom.xml')
    const hostedEntry = elements(hosted, ATOM_NAMESPACE, 'entry')[2] as XmlNode
    expect(atom(hostedEntry, 'link').getAttribute('href')).toBe(`https://alice.example/blog/posts/${postSlug(tricky)}.html`)
    expect(atom(hostedEntry, 'content').textContent).toContain(`src="https://alice.example/blog/images/${sha256(Buffer.from('JPEG'))}.jpg"`)
    expect(() => exportBlog(input, author, { now, baseUrl: 'javascript:alert(1)' })).toThrow(TypeError)
  })

  it('is valid with no posts, dated by `now`', () => {
    const empty = exportBlog([], { did: alice.did, name: '', bio: '' }, { now })
    const emptyFeed = parseXml(empty.get('atom.xml') as string)
    expect(atom(emptyFeed, 'updated').textContent).toBe(new Date(now).toISOString())
    expect(atom(emptyFeed, 'title').textContent).toBe(alice.did)
    expect(elements(emptyFeed, ATOM_NAMESPACE, 'entry')).toHaveLength(0)
    expect(empty.get('index.html')).toContain('No posts yet.')
  })

  it('refuses an author that is not an Ed25519 did:key', () => {
    expect(() => exportBlog(input, { ...author, did: 'did:web:example.org' }, { now })).toThrow(TypeError)
  })
})
