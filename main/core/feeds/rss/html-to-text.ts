import { decodeCharacterReferences } from './html-entities'

/**
 * Turns an HTML fragment from a feed (an RSS description, an Atom summary of
 * type html) into plain text. The result is text, never markup: whatever it
 * contains — including a literal "<script>" that the author escaped — must be
 * rendered as text (React does), never as HTML.
 *
 * A hand-written, single forward scan rather than regular expressions, so the
 * cost is linear in the input whatever it holds (no backtracking on hostile
 * HTML), and the scan stops as soon as it has `maxChars` of text.
 */

/** Elements whose content is never text a reader should see. */
const DROPPED = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'embed', 'svg', 'math', 'head', 'title', 'textarea', 'select', 'canvas', 'audio', 'video', 'frameset'])

/** Elements that end a line of text. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tr', 'ul',
])

const isLetter = (code: number): boolean => (code >= 65 && code <= 90) || (code >= 97 && code <= 122)

/** Index just past the `>` that ends the tag starting at `from`, honouring quoted attribute values; -1 if the tag never ends. */
function endOfTag(html: string, from: number): number {
  let quote = 0
  for (let i = from; i < html.length; i++) {
    const code = html.charCodeAt(i)
    if (quote !== 0) {
      if (code === quote) quote = 0
    } else if (code === 34 || code === 39) {
      quote = code
    } else if (code === 62) {
      return i + 1
    }
  }
  return -1
}

function tagName(html: string, from: number): string {
  let end = from
  while (end < html.length && /[A-Za-z0-9:-]/.test(html[end] ?? '')) end++
  return html.slice(from, end).toLowerCase()
}

/**
 * Plain text of an HTML fragment: tags removed, the content of script/style-like
 * elements dropped, character references decoded, runs of blanks collapsed,
 * block elements turned into line breaks. Not truncated: see `truncateText`.
 * Stops scanning once the text is longer than `maxChars`.
 */
export function htmlToText(html: string, maxChars = Number.POSITIVE_INFINITY): string {
  const parts: string[] = []
  let length = 0
  let lower: string | null = null
  // Text is decoded in windows so that one enormous run stops as early as many small ones.
  const emit = (raw: string): void => {
    for (let start = 0; start < raw.length && length <= maxChars; ) {
      let end = Math.min(raw.length, start + 4096)
      const amp = raw.lastIndexOf('&', end - 1)
      if (end < raw.length && amp > end - 40 && amp > start && !raw.slice(amp, end).includes(';')) end = amp // never split a reference
      const text = decodeCharacterReferences(raw.slice(start, end)).replace(/[ \t\r\n\f\u00a0]+/g, ' ')
      parts.push(text)
      length += text.length
      start = end
    }
  }
  let i = 0
  let textStart = 0
  while (i < html.length && length <= maxChars) {
    if (html.charCodeAt(i) !== 60 /* < */) {
      i++
      continue
    }
    const next = html.charCodeAt(i + 1)
    const closing = next === 47 /* / */
    const nameStart = closing ? i + 2 : i + 1
    const startsTag = isLetter(html.charCodeAt(nameStart))
    const special = next === 33 /* ! */ || next === 63 /* ? */
    if (!startsTag && !special) {
      i++ // a lone '<' is text, as in HTML
      continue
    }
    if (i > textStart) emit(html.slice(textStart, i))
    let after: number
    if (html.startsWith('<!--', i)) {
      const end = html.indexOf('-->', i + 4)
      after = end === -1 ? html.length : end + 3
    } else if (special) {
      const end = html.indexOf('>', i + 2)
      after = end === -1 ? html.length : end + 1
    } else {
      const name = tagName(html, nameStart)
      const end = endOfTag(html, nameStart + name.length)
      after = end === -1 ? html.length : end
      if (BLOCKS.has(name)) {
        parts.push('\n')
        length++
      }
      const selfClosing = end !== -1 && html.charCodeAt(end - 2) === 47
      if (!closing && !selfClosing && DROPPED.has(name) && after < html.length) {
        lower ??= html.toLowerCase()
        const close = lower.indexOf(`</${name}`, after)
        after = close === -1 ? html.length : endOfTag(html, close + 2 + name.length)
        if (after === -1) after = html.length
      }
    }
    i = after
    textStart = after
  }
  if (length <= maxChars && textStart < html.length) emit(html.slice(textStart))
  return tidyText(parts.join(''))
}

/**
 * Removes characters that have no place in a title or a summary (C0/C1
 * controls but newline, lone surrogates, bidirectional overrides that can
 * disguise text), collapses blanks and trims every line.
 */
export function tidyText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      .replace(/\r\n?/g, '\n')
      .replace(/[ \t\f\u00a0]+/g, ' ')
      .replace(/ *\n */g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  )
}

/** At most `max` UTF-16 units, ending on a whole character and preferably a word, with "…" when cut. */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text
  let cut = max - 1
  if (/[\ud800-\udbff]/.test(text[cut - 1] ?? '')) cut--
  const space = text.lastIndexOf(' ', cut)
  if (space > cut - 40 && space > 0) cut = space
  return `${text.slice(0, cut).trimEnd()}…`
}
