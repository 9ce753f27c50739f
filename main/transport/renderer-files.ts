import { extname, resolve, sep } from 'node:path'

/**
 * How the built renderer (out/renderer) is served, shared by both hosts that
 * serve it: the `app://planet` scheme in Electron and the HTTP server of
 * `planet serve`. One implementation of the path rules, so a fix reaches both.
 */

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
}

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream'
}

export type RendererPath =
  | {
      ok: true
      /** Absolute path inside the root (the root itself for `/`). */
      path: string
      /** The decoded path segments; empty for `/`. */
      segments: string[]
      /** True when the last segment has no extension: a client-side route that may fall back to index.html. */
      spaRoute: boolean
    }
  | { ok: false; status: 400 | 404 }

/**
 * Map a URL pathname (`/assets/app.js`, still percent-encoded) to a path under
 * `root`, lexically and strictly. Refused with 400: bad percent-encoding,
 * `.`/`..` segments (raw or encoded), slashes or backslashes smuggled in as
 * %2F/%5C, NUL and other control characters, empty segments (`//`) inside the
 * path, names over 255 characters, and anything that would resolve outside
 * `root`. Dotfiles are 404: they exist in no build, so asking for one is never
 * ours. Symlinks are the caller's to refuse (it stats the file).
 */
export function resolveRendererPath(root: string, pathname: string): RendererPath {
  if (!pathname.startsWith('/')) return { ok: false, status: 400 }
  const raw = pathname.split('/').slice(1)
  const segments: string[] = []
  for (const [index, part] of raw.entries()) {
    let segment: string
    try {
      segment = decodeURIComponent(part)
    } catch {
      return { ok: false, status: 400 }
    }
    // eslint-disable-next-line no-control-regex
    if (/[\\/\x00-\x1f\x7f]/.test(segment) || segment === '.' || segment === '..' || segment.length > 255) return { ok: false, status: 400 }
    if (segment === '') {
      // A trailing `/` is a directory-style route; `//` inside a path is never ours.
      if (index !== raw.length - 1) return { ok: false, status: 400 }
      continue
    }
    if (segment.startsWith('.')) return { ok: false, status: 404 }
    segments.push(segment)
  }
  const base = resolve(root)
  const path = resolve(base, ...segments)
  if (path !== base && !path.startsWith(base + sep)) return { ok: false, status: 400 }
  return { ok: true, path, segments, spaRoute: extname(segments.at(-1) ?? '') === '' }
}
