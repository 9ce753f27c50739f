/**
 * Escaping for the static export, one function for HTML text, HTML
 * attributes and XML alike: `& < > " '` become character references, and
 * characters XML 1.0 cannot carry (most C0 controls, lone surrogates,
 * U+FFFE/U+FFFF) become U+FFFD, so the same escaped string is safe inside an
 * HTML page and inside the Atom feed. Attribute values are always written in
 * double quotes.
 */

const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu
const SPECIAL = /[&<>"']/g
const REFERENCES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

export function escapeMarkup(value: string): string {
  return value.replace(NOT_XML_CHAR, '\uFFFD').replace(SPECIAL, (char) => REFERENCES[char] ?? char)
}

/** Only http(s) and mailto links leave the export; anything else (javascript:, data:, relative paths) is dropped. */
export function safeExternalUrl(raw: string): string | null {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    return null
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:' && url.protocol !== 'mailto:') return null
  if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname === '') return null
  return url.href
}

/** RFC 3339 in UTC with milliseconds, as Atom wants it. */
export function rfc3339(ms: number): string {
  return new Date(ms).toISOString()
}
