/**
 * The shell's security decisions as pure predicates, so each one is unit-tested
 * without Electron (main/electron/harden.ts and the IPC transport apply them).
 * Everything here denies by default: an unparsable URL, an unknown scheme or an
 * unknown permission is refused.
 *
 * Origins are compared by hand, not with `URL#origin`: Node's URL parser treats
 * custom schemes such as `app:` as non-special and reports their origin as the
 * string "null", while Chromium (where the scheme is registered as standard)
 * reports `app://planet`.
 */

/** The longest URL the shell will look at; anything longer is refused outright. */
const MAX_URL_LENGTH = 8 * 1024

/**
 * The renderer's Content-Security-Policy, sent as a response header by the
 * app:// scheme handler. No inline or eval'd script, nothing loaded from
 * outside the app, no frames, no plugins, no forms posting anywhere.
 * Inline *styles* are allowed because the component library (Mantine) injects
 * its CSS variables in a <style> element at run time.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "child-src 'none'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ')

/** Permissions the app's own page may use; every other permission is denied, and all of them for any other origin. */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write', 'notifications'])

/** Schemes the OS may be asked to open (in the user's browser or mail client). */
const EXTERNAL_SCHEMES: ReadonlySet<string> = new Set(['https:', 'mailto:'])

interface Origin {
  protocol: string
  host: string
  port: string
}

function parse(url: unknown): URL | null {
  if (typeof url !== 'string' || url.length === 0 || url.length > MAX_URL_LENGTH) return null
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/** Parse an origin or URL into the parts that make an origin; null for anything that is not a plain hierarchical URL. */
function originOf(url: unknown): Origin | null {
  const parsed = parse(url)
  if (!parsed || parsed.host === '' || parsed.username !== '' || parsed.password !== '') return null
  return { protocol: parsed.protocol.toLowerCase(), host: parsed.hostname.toLowerCase(), port: parsed.port }
}

/** True when `url` belongs to `appOrigin` (scheme, host and port equal; no credentials). */
export function isSameOrigin(url: unknown, appOrigin: string): boolean {
  const a = originOf(url)
  const b = originOf(appOrigin)
  return a !== null && b !== null && a.protocol === b.protocol && a.host === b.host && a.port === b.port
}

/** A window may only ever show the app itself: every navigation elsewhere is cancelled. */
export function isAllowedNavigation(url: unknown, appOrigin: string): boolean {
  return isSameOrigin(url, appOrigin)
}

/**
 * Whether a URL may be handed to `shell.openExternal`: only https: and mailto:,
 * no credentials, no whitespace or control characters (which the URL parser
 * would silently strip, hiding what the user is sent to).
 */
export function isSafeExternalUrl(url: unknown): boolean {
  if (typeof url !== 'string' || hasWhitespaceOrControl(url)) return false
  const parsed = parse(url)
  if (!parsed || !EXTERNAL_SCHEMES.has(parsed.protocol)) return false
  if (parsed.username !== '' || parsed.password !== '') return false
  if (parsed.protocol === 'https:') return parsed.hostname !== ''
  // mailto: needs an address (or at least a query such as ?subject=…).
  return parsed.pathname !== '' || parsed.search !== ''
}

/** Grant only the allow-listed permissions, and only to the app's own page. */
export function decidePermission(permission: string, requestingUrl: unknown, appOrigin: string): boolean {
  return GRANTED_PERMISSIONS.has(permission) && isSameOrigin(requestingUrl, appOrigin)
}

/**
 * Whether an IPC message comes from the app's own page. `frameUrl` is
 * `event.senderFrame.url`; a missing frame (already navigated or destroyed)
 * is untrusted.
 */
export function isTrustedSender(frameUrl: string | null | undefined, appOrigin: string): boolean {
  return typeof frameUrl === 'string' && isSameOrigin(frameUrl, appOrigin)
}

/** A URL for a log line: scheme and host only, since paths and queries may carry tokens or invite codes. */
export function describeUrl(url: string | null | undefined): string {
  if (!url) return '(none)'
  try {
    const parsed = new URL(url)
    return parsed.host ? `${parsed.protocol}//${parsed.host}` : parsed.protocol
  } catch {
    return '(unparsable URL)'
  }
}

function hasWhitespaceOrControl(text: string): boolean {
  if (/\s/.test(text)) return true
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true
  }
  return false
}
