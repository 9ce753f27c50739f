import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { escapeMarkup, safeExternalUrl } from './markup'
import { isTooComplexForMarkdown, renderMarkdown, renderPlainText } from './safe-markdown'

const ALLOWED_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'em', 'strong', 'del', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'input', 'a', 'img', 'br', 'hr', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'sup', 'section'])
const ALLOWED_ATTRIBUTES = new Set(['href', 'rel', 'class', 'id', 'src', 'alt', 'loading', 'start', 'type', 'disabled', 'checked'])

/**
 * No executable or remote-loading markup can come out, whatever goes in.
 * Every '<' of text is escaped, so each '<' in the output opens a tag the
 * writer made: each tag and each attribute must be on the allow-lists.
 */
function expectInert(html: string): void {
  for (const [tag] of html.matchAll(/<[^>]*>/g)) {
    const match = /^<\/?([a-z0-9]+)((?:\s+[a-z-]+(?:="[^"<>]*")?)*)\s*>$/.exec(tag)
    expect(match, tag).not.toBeNull()
    expect(ALLOWED_TAGS.has(match?.[1] ?? ''), tag).toBe(true)
    for (const [, name, value] of (match?.[2] ?? '').matchAll(/\s+([a-z-]+)(?:="([^"]*)")?/g)) {
      expect(ALLOWED_ATTRIBUTES.has(name ?? ''), tag).toBe(true)
      if (name === 'href') expect(value, tag).toMatch(/^(https?:\/\/|mailto:|#)/)
      if (name === 'src') expect(value, tag).not.toMatch(/^[a-z][a-z0-9+.-]*:|^\/\//i)
    }
  }
  expect(html).not.toMatch(/<script/i)
}

describe('renderMarkdown', () => {
  it('writes the usual markdown', () => {
    const html = renderMarkdown(
      [
        '# Title',
        '',
        'Some *emphasis*, **strong**, ~~struck~~ and `code <b>`.',
        '',
        '> quoted',
        '',
        '- one',
        '- [x] done',
        '',
        '3. three',
        '',
        '```js',
        'const a = 1 < 2',
        '```',
        '',
        '| a | b |',
        '|:--|--:|',
        '| 1 | 2 |',
        '',
        'A note[^n].',
        '',
        '[^n]: The note.',
        '',
        '---',
        'line  ',
        'break',
      ].join('\n'),
      { headingOffset: 1 },
    )
    expect(html).toContain('<h2>Title</h2>')
    expect(html).toContain('<em>emphasis</em>')
    expect(html).toContain('<strong>strong</strong>')
    expect(html).toContain('<del>struck</del>')
    expect(html).toContain('<code>code &lt;b&gt;</code>')
    expect(html).toContain('<blockquote>\n<p>quoted</p>\n</blockquote>')
    expect(html).toContain('<li>one</li>')
    expect(html).toContain('<li><input type="checkbox" disabled checked> done</li>')
    expect(html).toContain('<ol start="3">')
    expect(html).toContain('<pre><code class="language-js">const a = 1 &lt; 2\n</code></pre>')
    expect(html).toContain('<th class="align-left">a</th><th class="align-right">b</th>')
    expect(html).toContain('<sup class="footnote-ref"><a href="#fn-1" id="fnref-1">1</a></sup>')
    expect(html).toContain('<li id="fn-1"><p>The note.</p>\n<a href="#fnref-1" class="footnote-back">↩</a></li>')
    expect(html).toContain('<hr>')
    expect(html).toContain('line<br>')
    expectInert(html)
  })

  it('shows raw HTML as text', () => {
    const html = renderMarkdown('<script>alert(1)</script>\n\nHi <img src=x onerror=alert(1)> <b>bold</b>\n\n<iframe src="https://evil.example"></iframe>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expectInert(html)
  })

  it.each([
    '[x](javascript:alert(1))',
    '[x](JAVASCRIPT:alert(1))',
    '[x](  javascript:alert(1))',
    '[x](java&#115;cript:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x](java\\script:alert(1))',
    '[x](data:text/html;base64,PHNjcmlwdD4=)',
    '[x](vbscript:msgbox)',
    '[x](file:///etc/passwd)',
    '<javascript:alert(1)>',
    '[x][r]\n\n[r]: javascript:alert(1)',
    '![x](javascript:alert(1))',
    '[x](//evil.example/path)',
    '[x](../relative)',
  ])('drops the unsafe link in %j', (markdown) => {
    const html = renderMarkdown(markdown)
    expectInert(html)
    expect(html).not.toContain('href')
  })

  it('keeps http(s) and mailto links, marked nofollow', () => {
    expect(renderMarkdown('[a](https://example.org/a?b=1&c="2")')).toBe(
      '<p><a href="https://example.org/a?b=1&amp;c=%222%22" rel="nofollow noopener noreferrer">a</a></p>\n',
    )
    expect(renderMarkdown('<mailto:me@example.org>')).toContain('href="mailto:me@example.org"')
    expect(renderMarkdown('www.example.org')).toContain('href="http://www.example.org/"')
  })

  it('never loads remote images: they become links; local ones only when resolved', () => {
    const remote = renderMarkdown('![a cat](https://example.org/cat.png "t")')
    expect(remote).not.toContain('<img')
    expect(remote).toContain('<a href="https://example.org/cat.png" class="remote-image" rel="nofollow noopener noreferrer">a cat</a>')
    const local = renderMarkdown('![stall](stall.jpg) ![other](other.jpg)', { resolveImage: (url) => (url === 'stall.jpg' ? '../images/ab.jpg' : null) })
    expect(local).toContain('<img src="../images/ab.jpg" alt="stall" loading="lazy">')
    expect(local).not.toContain('other.jpg')
    expectInert(local)
  })

  it('escapes text and attributes everywhere', () => {
    const html = renderMarkdown('a < b & "c" \'d\'\n\n[x](https://example.org/" onmouseover="alert(1))\n\n![" onerror="x](https://example.org/i.png)')
    expect(html).toContain('a &lt; b &amp; &quot;c&quot; &#39;d&#39;')
    expectInert(html)
  })

  it('ignores unsafe code-fence languages', () => {
    expect(renderMarkdown('```"><script>\nx\n```')).toBe('<pre><code>x\n</code></pre>\n')
  })

  it('stays inert on random markdown-ish input', () => {
    const piece = fc.constantFrom(
      ...['<', '>', '[', ']', '(', ')', '!', '*', '_', '`', '"', "'", '&', '#', ':', '\n', '\n\n', ' ', '|', '-', '~', '^', '\\', '=', 'a', '1.'],
      ...['javascript:', 'JaVaScRiPt:', 'data:', 'http://x.example', 'mailto:a@b', '<script>', '</script>', '<img src=x ', 'onerror=', '&#106;', '&lt;', '```', '    ', '[^1]', '[r]: '],
    )
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (parts) => expectInert(renderMarkdown(parts.join('')))),
      { numRuns: 500 },
    )
  })

  it('is deterministic', () => {
    const markdown = 'a[^1] b[^2]\n\n[^2]: two\n[^1]: one [^2]'
    expect(renderMarkdown(markdown)).toBe(renderMarkdown(markdown))
  })
})

describe('pathological markdown', () => {
  const cases: Array<[string, string]> = [
    ['64 000 nested blockquotes', '>'.repeat(64_000)],
    ['nested blockquotes with spaces', '> '.repeat(32_000)],
    ['nested ordered lists', '1. '.repeat(20_000)],
    ['a long emphasis run', `${'*'.repeat(30_000)}a${'*'.repeat(30_000)}`],
    ['separated nested emphasis', `${'*a '.repeat(10_000)}${'a* '.repeat(10_000)}`],
    ['separated nested strikethrough', `${'~a '.repeat(10_000)}${'a~ '.repeat(10_000)}`],
    ['many link openers', `${'[a '.repeat(10_000)}${'](x) '.repeat(10_000)}`],
  ]

  it.each(cases)('%s is shown as plain text, quickly', (_name, markdown) => {
    expect(isTooComplexForMarkdown(markdown)).toBe(true)
    const started = performance.now()
    const html = renderMarkdown(markdown)
    expect(performance.now() - started).toBeLessThan(2_000)
    expect(html.startsWith('<p>')).toBe(true)
    expectInert(html)
  })

  it('ordinary long posts, with code and rules, are still markdown', () => {
    const code = '```python\n' + 'snake_case_name = other_snake_case * 2  # [x]\n'.repeat(400) + '```\n'
    const prose = 'Some *emphasis* and a [link](https://example.org) in a paragraph.\n\n'.repeat(200)
    const markdown = `${prose}${code}\n________\n\n> > quoted twice\n\n- a\n  - b\n    - c\n`
    expect(isTooComplexForMarkdown(markdown)).toBe(false)
    expect(renderMarkdown(markdown)).toContain('<em>emphasis</em>')
  })
})

describe('escaping helpers', () => {
  it('escapes the five specials and replaces characters XML cannot carry', () => {
    expect(escapeMarkup('<a href="x">&\'</a>')).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;')
    expect(escapeMarkup('a\u0000b\u0008c\ud800d\uffffe\tf\ng🍓')).toBe('a\ufffdb\ufffdc\ufffdd\ufffde\tf\ng🍓')
  })

  it('plain text keeps paragraphs and line breaks', () => {
    expect(renderPlainText('one\ntwo\n\n\n<three>')).toBe('<p>one<br>\ntwo</p>\n<p>&lt;three&gt;</p>\n')
  })

  it('allows only http(s) and mailto URLs', () => {
    expect(safeExternalUrl('https://example.org')).toBe('https://example.org/')
    for (const url of ['javascript:alert(1)', ' data:x', 'file:///x', '/relative', 'http://', 'planet://invite/x']) expect(safeExternalUrl(url)).toBeNull()
  })
})
