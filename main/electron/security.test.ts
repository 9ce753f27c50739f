import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY, decidePermission, describeUrl, isAllowedNavigation, isSafeExternalUrl, isSameOrigin, isTrustedSender } from './security'

const APP = 'app://planet'

describe('isAllowedNavigation', () => {
  it.each([`${APP}/index.html`, `${APP}/`, `${APP}/settings/profile?tab=1#x`, 'APP://PLANET/index.html'])('allows the app itself: %s', (url) => {
    expect(isAllowedNavigation(url, APP)).toBe(true)
  })

  it.each([
    'https://example.com/',
    'http://127.0.0.1:5173/',
    'app://evil/index.html',
    'app://planet.evil/index.html',
    'app://planet:8080/index.html',
    'app://user:pass@planet/index.html',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'about:blank',
    'planet://invite/abcdefgh',
    'devtools://devtools/bundled/inspector.html',
    '',
    'not a url',
    `${APP}/${'a'.repeat(9000)}`,
  ])('refuses %s', (url) => {
    expect(isAllowedNavigation(url, APP)).toBe(false)
  })

  it('refuses non-strings', () => {
    expect(isAllowedNavigation(undefined, APP)).toBe(false)
    expect(isAllowedNavigation(null, APP)).toBe(false)
    expect(isAllowedNavigation({ toString: () => `${APP}/` }, APP)).toBe(false)
  })
})

describe('isSafeExternalUrl', () => {
  it.each(['https://example.com', 'https://example.com/path?q=1#frag', 'mailto:someone@example.org', 'mailto:?subject=Hello', 'HTTPS://EXAMPLE.COM/'])(
    'allows %s',
    (url) => {
      expect(isSafeExternalUrl(url)).toBe(true)
    },
  )

  it.each([
    'http://example.com',
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'file:///etc/passwd',
    'file://server/share',
    'data:text/html,hi',
    'vbscript:msgbox',
    'smb://server/share',
    'ms-msdt:/id',
    'app://planet/index.html',
    'planet://invite/abcdefgh',
    'https://user:password@example.com/',
    'https://user@example.com/',
    'https://exa mple.com/',
    ' https://example.com/',
    'https://example.com/\nfile:///x',
    'https://example.com/\t',
    'https://example.com/\u0085',
    'mailto:',
    'https:',
    'https://',
    '',
  ])('refuses %j', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false)
  })

  it('refuses non-strings', () => {
    expect(isSafeExternalUrl(undefined)).toBe(false)
    expect(isSafeExternalUrl(42)).toBe(false)
  })
})

describe('decidePermission', () => {
  it('grants the allow-listed permissions to the app page only', () => {
    expect(decidePermission('clipboard-sanitized-write', `${APP}/index.html`, APP)).toBe(true)
    expect(decidePermission('notifications', `${APP}/index.html`, APP)).toBe(true)
    // The check handler passes an origin, not a URL.
    expect(decidePermission('notifications', APP, APP)).toBe(true)
    expect(decidePermission('notifications', 'https://example.com/', APP)).toBe(false)
    expect(decidePermission('clipboard-sanitized-write', 'app://evil/', APP)).toBe(false)
    expect(decidePermission('notifications', '', APP)).toBe(false)
    expect(decidePermission('notifications', undefined, APP)).toBe(false)
  })

  it.each(['media', 'geolocation', 'clipboard-read', 'openExternal', 'hid', 'usb', 'serial', 'display-capture', 'pointerLock', 'fullscreen', 'unknown', ''])(
    'denies %s even to the app page',
    (permission) => {
      expect(decidePermission(permission, `${APP}/index.html`, APP)).toBe(false)
    },
  )
})

describe('isTrustedSender', () => {
  it('trusts only frames showing the app', () => {
    expect(isTrustedSender(`${APP}/index.html`, APP)).toBe(true)
    expect(isTrustedSender(`${APP}/settings`, APP)).toBe(true)
    expect(isTrustedSender('https://example.com/', APP)).toBe(false)
    expect(isTrustedSender('about:blank', APP)).toBe(false)
    expect(isTrustedSender('file:///tmp/index.html', APP)).toBe(false)
    expect(isTrustedSender('', APP)).toBe(false)
    expect(isTrustedSender(null, APP)).toBe(false)
    expect(isTrustedSender(undefined, APP)).toBe(false)
  })
})

describe('isSameOrigin', () => {
  it('compares custom-scheme origins even though Node reports them as "null"', () => {
    expect(new URL(`${APP}/x`).origin).toBe('null')
    expect(isSameOrigin(`${APP}/x`, APP)).toBe(true)
    expect(isSameOrigin('https://a.example/x', 'https://a.example')).toBe(true)
    expect(isSameOrigin('https://a.example:444/x', 'https://a.example')).toBe(false)
    expect(isSameOrigin('http://a.example/x', 'https://a.example')).toBe(false)
  })
})

describe('CONTENT_SECURITY_POLICY', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/)
      return [name!, values]
    }),
  )

  it('denies by default and allows script only from the app itself', () => {
    expect(directives.get('default-src')).toEqual(["'none'"])
    expect(directives.get('script-src')).toEqual(["'self'"])
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval')
    expect(directives.get('script-src')).not.toContain("'unsafe-inline'")
  })

  it('forbids plugins, frames, base rewriting and form posts', () => {
    expect(directives.get('object-src')).toEqual(["'none'"])
    expect(directives.get('frame-src')).toEqual(["'none'"])
    expect(directives.get('frame-ancestors')).toEqual(["'none'"])
    expect(directives.get('base-uri')).toEqual(["'none'"])
    expect(directives.get('form-action')).toEqual(["'none'"])
  })

  it('loads nothing from the network', () => {
    for (const [name, values] of directives) {
      for (const value of values) expect(value, `${name} ${value}`).toMatch(/^('self'|'none'|'unsafe-inline'|data:|blob:)$/)
    }
  })
})

describe('describeUrl', () => {
  it('keeps scheme and host, never the path or query', () => {
    expect(describeUrl('https://example.com/invite/secret?token=abc')).toBe('https://example.com')
    expect(describeUrl('file:///home/me/secret.txt')).toBe('file:')
    expect(describeUrl('javascript:alert(document.cookie)')).toBe('javascript:')
    expect(describeUrl('')).toBe('(none)')
    expect(describeUrl(null)).toBe('(none)')
    expect(describeUrl('::')).toBe('(unparsable URL)')
  })
})
