import { lstat, readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { CustomScheme } from 'electron'
import { contentTypeFor, resolveRendererPath } from '../transport/renderer-files'
import { CONTENT_SECURITY_POLICY } from './security'

/**
 * The renderer is served from `app://planet/…` rather than file:// (Electron
 * security checklist §18): a real origin for same-origin checks, a CSP
 * response header, and no file:// privileges over the rest of the disk.
 * Only this module knows the layout of out/renderer; main.ts registers it.
 */
export const APP_SCHEME = 'app'
export const APP_HOST = 'planet'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/**
 * Privileges for `protocol.registerSchemesAsPrivileged` (before app ready).
 * standard: relative URLs and a real origin; secure: a secure context like
 * https; supportFetchAPI + corsEnabled: module scripts and fetch of own assets.
 * Never bypassCSP.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, bypassCSP: false, allowServiceWorkers: false },
}

export { contentTypeFor }

/** Where a request for the app scheme points: a file under the root, or why not. */
export type AssetLookup =
  | { ok: true; path: string; /** True for extension-less paths, which fall back to index.html (client-side routes). */ spaRoute: boolean }
  | { ok: false; status: 400 | 404 }

/**
 * Map an app:// URL to a file inside `root`, lexically and strictly: the URL
 * must be exactly our scheme and host, every decoded segment must be a plain
 * name (no "..", ".", empty names, NUL, slashes or backslashes smuggled in as
 * %2F / %5C), and the result must stay inside `root`.
 */
export function resolveAssetPath(url: string, root: string): AssetLookup {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return { ok: false, status: 400 }
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.hostname.toLowerCase() !== APP_HOST || parsed.port !== '' || parsed.username !== '' || parsed.password !== '') {
    return { ok: false, status: 404 }
  }
  const result = resolveRendererPath(root, parsed.pathname)
  if (!result.ok) return result
  if (result.segments.length === 0) return { ok: true, path: resolve(root, 'index.html'), spaRoute: false }
  return { ok: true, path: result.path, spaRoute: result.spaRoute }
}

/** Headers on every app:// response; the CSP is what locks the page down. */
export function responseHeaders(path: string): Record<string, string> {
  return {
    'Content-Type': contentTypeFor(path),
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': 'no-cache',
  }
}

/**
 * The `protocol.handle(APP_SCHEME, …)` handler: serves files from `root`
 * (out/renderer, possibly inside app.asar — Electron's fs reads it), falls
 * back to index.html for client-side routes, and refuses symlinks so nothing
 * outside `root` is ever read. GET and HEAD only.
 */
export function createAppSchemeHandler(root: string): (request: Request) => Promise<Response> {
  const index = resolve(root, 'index.html')
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method Not Allowed')
    const lookup = resolveAssetPath(request.url, root)
    if (!lookup.ok) return plain(lookup.status, lookup.status === 400 ? 'Bad Request' : 'Not Found')
    let path = lookup.path
    if (!(await isRegularFile(path))) {
      if (!lookup.spaRoute || !(await isRegularFile(index))) return plain(404, 'Not Found')
      path = index
    }
    const body = request.method === 'HEAD' ? null : await readFile(path)
    return new Response(body, { status: 200, headers: responseHeaders(path) })
  }
}

async function isRegularFile(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isFile()
  } catch {
    return false
  }
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...responseHeaders(''), 'Content-Type': 'text/plain; charset=utf-8' } })
}
