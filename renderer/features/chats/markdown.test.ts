import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { renderMarkdown, safeUrl } from './markdown'

const html = (text: string) => renderToStaticMarkup(renderMarkdown(text))

describe('renderMarkdown', () => {
  it('renders the usual chat formatting', () => {
    expect(html('**bold** and _it_ and `code`')).toBe('<p><strong>bold</strong> and <em>it</em> and <code>code</code></p>')
    expect(html('- a\n- b')).toContain('<li>a</li>')
    expect(html('~~gone~~')).toContain('<del>gone</del>')
  })
  it('shows text shaped to stall the parser (64,000 nested quotes) as plain text, at once', () => {
    const hostile = '>'.repeat(64_000) + ' deep'
    const out = html(hostile)
    expect(out).toMatch(/^<p class="planet-md-plain"/)
    expect(out).toContain(' deep')
    expect(out).not.toContain('<blockquote>')
  })
  it('never renders raw HTML', () => {
    const out = html('hi <img src=x onerror=alert(1)> <script>alert(1)</script> <b>b</b>')
    expect(out).not.toMatch(/<img|<script|<b>|onerror/)
  })
  it('opens links outside the app without a referrer', () => {
    expect(html('[site](https://example.org)')).toBe('<p><a href="https://example.org" target="_blank" rel="noreferrer">site</a></p>')
    expect(html('see https://example.org/x')).toContain('<a href="https://example.org/x" target="_blank" rel="noreferrer">')
  })
  it('drops dangerous and in-app link targets', () => {
    for (const target of ['javascript:alert(1)', 'data:text/html,x', '#/settings', '/invites', 'file:///etc/passwd']) {
      const out = html(`[x](${target})`)
      expect(out, target).not.toContain('href')
      expect(out).toContain('x')
    }
  })
  it('does not load images: they become links', () => {
    const out = html('![cat](https://example.org/cat.png)')
    expect(out).not.toContain('<img')
    expect(out).toContain('<a href="https://example.org/cat.png" target="_blank" rel="noreferrer">cat</a>')
  })
  it('shows headings as bold lines', () => {
    expect(html('# Big')).toBe('<p class="planet-md-heading"><strong>Big</strong></p>')
  })
})

describe('safeUrl', () => {
  it('keeps http(s) and mailto only', () => {
    expect(safeUrl('https://a.example')).toBe('https://a.example')
    expect(safeUrl('MAILTO:me@example.org')).toBe('MAILTO:me@example.org')
    expect(safeUrl(' javascript:x')).toBe('')
    expect(safeUrl('vbscript:x')).toBe('')
  })
})
