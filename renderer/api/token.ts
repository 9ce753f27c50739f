/**
 * Browser mode's per-run token. `planet serve` prints
 * `http://127.0.0.1:PORT/#token=TOKEN`; the fragment never reaches a server
 * log or a Referer header. We move it out of the address bar at once (so it is
 * not bookmarked, shared in a screenshot or left in history) and keep it in
 * sessionStorage, which survives a reload of this tab and dies with it.
 */
export const TOKEN_HASH_PARAM = 'token'
export const TOKEN_STORAGE_KEY = 'planet.session-token'

export interface TokenEnvironment {
  location: Pick<Location, 'hash' | 'pathname' | 'search'>
  history: Pick<History, 'replaceState' | 'state'>
  /** null when storage is unavailable (private mode, sandboxed frame). */
  storage: Pick<Storage, 'getItem' | 'setItem'> | null
}

/** The token in a URL fragment such as `#token=abc`, or null. */
export function parseHashToken(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''))
  const token = params.get(TOKEN_HASH_PARAM)?.trim()
  // Lenient about the alphabet (the server decides), strict about garbage.
  if (!token || token.length > 512 || /\s/.test(token)) return null
  return token
}

/**
 * Takes the token from the fragment if there is one (remembering it for this
 * tab and wiping it from the address bar), otherwise returns the one this tab
 * remembered. A fresh link always wins over a remembered token.
 */
export function takeToken(env: TokenEnvironment): string | null {
  const fromHash = parseHashToken(env.location.hash)
  if (fromHash !== null) {
    try {
      env.storage?.setItem(TOKEN_STORAGE_KEY, fromHash)
    } catch {}
    env.history.replaceState(env.history.state, '', `${env.location.pathname}${env.location.search}`)
    return fromHash
  }
  try {
    return env.storage?.getItem(TOKEN_STORAGE_KEY) || null
  } catch {
    return null
  }
}
