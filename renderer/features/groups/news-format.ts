/** A link we may open outside the app: http(s) only, else null (shown as text, never followed). */
export function externalHref(url: string | null): string | null {
  if (url === null) return null
  const trimmed = url.trim()
  if (!/^https?:\/\//i.test(trimmed)) return null
  try {
    const parsed = new URL(trimmed)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? trimmed : null
  } catch {
    return null
  }
}

/** The host of a feed's address ("example.org"), or the address itself when it does not parse. */
export function feedHost(url: string): string {
  try {
    return new URL(url).host || url
  } catch {
    return url
  }
}
