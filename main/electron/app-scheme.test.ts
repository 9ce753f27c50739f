import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME_PRIVILEGES, contentTypeFor, createAppSchemeHandler, resolveAssetPath } from './app-scheme'
import { CONTENT_SECURITY_POLICY } from './security'

const ROOT = resolve('/srv/out/renderer')

describe('resolveAssetPath', () => {
  it('maps the origin and its files into the root', () => {
    expect(resolveAssetPath(`${APP_ORIGIN}/`, ROOT)).toEqual({ ok: true, path: join(ROOT, 'index.html'), spaRoute: false })
    expect(resolveAssetPath(APP_ENTRY_URL, ROOT)).toEqual({ ok: true, path: join(ROOT, 'index.html'), spaRoute: false })
    expect(resolveAssetPath(`${APP_ORIGIN}/assets/index-abc.js?v=1#x`, ROOT)).toEqual({ ok: true, path: join(ROOT, 'assets', 'index-abc.js'), spaRoute: false })
    expect(resolveAssetPath(`${APP_ORIGIN}/fonts/Inter%20Var.woff2`, ROOT)).toEqual({ ok: true, path: join(ROOT, 'fonts', 'Inter Var.woff2'), spaRoute: false })
  })

  it('marks extension-less paths as client-side routes', () => {
    expect(resolveAssetPath(`${APP_ORIGIN}/settings/profile`, ROOT)).toMatchObject({ ok: true, spaRoute: true })
    expect(resolveAssetPath(`${APP_ORIGIN}/settings/`, ROOT)).toMatchObject({ ok: true, spaRoute: true, path: join(ROOT, 'settings') })
  })

  it.each([
    // Dot segments are normalised away by the URL parser, so they can never climb above the root…
    [`${APP_ORIGIN}/../../etc/passwd`, join(ROOT, 'etc', 'passwd')],
    [`${APP_ORIGIN}/%2e%2e/%2e%2e/etc/passwd`, join(ROOT, 'etc', 'passwd')],
  ])('keeps %s inside the root', (url, path) => {
    expect(resolveAssetPath(url, ROOT)).toMatchObject({ ok: true, path })
  })

  it.each([
    // …and separators or dots smuggled in percent-encoded are refused outright.
    `${APP_ORIGIN}/..%2F..%2Fetc%2Fpasswd`,
    `${APP_ORIGIN}/assets%2F..%2F..%2Fsecret`,
    `${APP_ORIGIN}/..%5C..%5Cwindows%5Cwin.ini`,
    `${APP_ORIGIN}/a%5Cb.js`,
    `${APP_ORIGIN}/%2e%2e%2fetc`,
    `${APP_ORIGIN}/index.html%00.png`,
    `${APP_ORIGIN}/a//b.js`,
    `${APP_ORIGIN}/%E0%A4%A`,
    `${APP_ORIGIN}/${'a'.repeat(300)}.js`,
  ])('refuses %s with 400', (url) => {
    expect(resolveAssetPath(url, ROOT)).toEqual({ ok: false, status: 400 })
  })

  it.each(['app://evil/index.html', 'app://planet:81/index.html', 'app://u:p@planet/index.html', 'https://planet/index.html', 'file:///srv/out/renderer/index.html'])(
    'refuses another origin: %s',
    (url) => {
      expect(resolveAssetPath(url, ROOT)).toEqual({ ok: false, status: 404 })
    },
  )

  it('refuses garbage', () => {
    expect(resolveAssetPath('::::', ROOT)).toEqual({ ok: false, status: 400 })
  })
})

describe('contentTypeFor', () => {
  it('knows what the renderer build emits', () => {
    expect(contentTypeFor('/x/index.html')).toBe('text/html; charset=utf-8')
    expect(contentTypeFor('/x/a.JS')).toBe('text/javascript; charset=utf-8')
    expect(contentTypeFor('/x/a.css')).toBe('text/css; charset=utf-8')
    expect(contentTypeFor('/x/a.woff2')).toBe('font/woff2')
    expect(contentTypeFor('/x/a.svg')).toBe('image/svg+xml')
    expect(contentTypeFor('/x/unknown.bin')).toBe('application/octet-stream')
    expect(contentTypeFor('/x/Makefile')).toBe('application/octet-stream')
  })
})

describe('APP_SCHEME_PRIVILEGES', () => {
  it('is a secure standard scheme that never bypasses the CSP', () => {
    expect(APP_SCHEME_PRIVILEGES.scheme).toBe('app')
    expect(APP_SCHEME_PRIVILEGES.privileges).toMatchObject({ standard: true, secure: true, bypassCSP: false })
  })
})

describe('createAppSchemeHandler', () => {
  let dir: string
  let root: string
  let handler: (request: Request) => Promise<Response>

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'planet-app-scheme-'))
    root = join(dir, 'renderer')
    await mkdir(join(root, 'assets'), { recursive: true })
    await writeFile(join(root, 'index.html'), '<!doctype html><title>PLANET</title>')
    await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)')
    await writeFile(join(dir, 'secret.txt'), 'outside the root')
    await symlink(join(dir, 'secret.txt'), join(root, 'assets', 'link.txt'))
    handler = createAppSchemeHandler(root)
  })

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const get = (path: string, method = 'GET') => handler(new Request(`${APP_ORIGIN}${path}`, { method }))

  it('serves the entry page with the CSP and a content type', async () => {
    const response = await get('/index.html')
    expect(response.status).toBe(200)
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(response.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await response.text()).toContain('<title>PLANET</title>')
  })

  it('serves assets and answers HEAD without a body', async () => {
    const response = await get('/assets/app.js')
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await response.text()).toBe('console.log(1)')
    const head = await get('/assets/app.js', 'HEAD')
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it('falls back to index.html for client-side routes, not for missing files', async () => {
    const route = await get('/settings/profile')
    expect(route.status).toBe(200)
    expect(await route.text()).toContain('PLANET')
    expect((await get('/assets/missing.js')).status).toBe(404)
    expect((await get('/assets')).status).toBe(200) // a directory is not a file: treated as a route
  })

  it('never reads outside the root', async () => {
    expect((await get('/..%2Fsecret.txt')).status).toBe(400)
    expect((await get('/../secret.txt')).status).toBe(404)
    expect((await get('/assets/link.txt')).status).toBe(404)
    expect((await handler(new Request('app://other/index.html'))).status).toBe(404)
  })

  it('answers only GET and HEAD', async () => {
    expect((await get('/index.html', 'POST')).status).toBe(405)
    expect((await get('/index.html', 'PUT')).status).toBe(405)
  })

  it('sends the CSP on error responses too', async () => {
    expect((await get('/assets/missing.js')).headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY)
  })
})
