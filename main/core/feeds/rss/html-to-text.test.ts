import { describe, expect, it } from 'vitest'
import { decodeCharacterReferences } from './html-entities'
import { htmlToText, tidyText, truncateText } from './html-to-text'

describe('htmlToText', () => {
  it('keeps the text, drops the markup and the content of script-like elements', () => {
    expect(htmlToText('<p class="x">Hello <b>world</b></p><script>alert(1)</script><style>p{}</style>after')).toBe('Hello world\nafter')
    expect(htmlToText('a<!-- <b>hidden</b> -->b<![CDATA[x]]>c<?php echo 1 ?>d')).toBe('abcd')
    expect(htmlToText('<SCRIPT type="text/javascript">document.write("<p>x</p>")</SCRIPT >ok')).toBe('ok')
    expect(htmlToText('<iframe src="https://evil.example/"><p>fallback</p></iframe><noscript>enable js</noscript>shown')).toBe('shown')
  })

  it('treats attributes with ">" inside quotes as part of the tag', () => {
    expect(htmlToText('<a title="a > b" href=\'x>y\'>link</a> text')).toBe('link text')
    expect(htmlToText('<img src=x onerror="alert(1)">caption')).toBe('caption')
  })

  it('drops everything after an unclosed script or tag rather than leaking it', () => {
    expect(htmlToText('before<script>never closed')).toBe('before')
    expect(htmlToText('before<a href="never closed')).toBe('before')
    expect(htmlToText('before<!-- never closed')).toBe('before')
  })

  it('keeps a "<" that does not start a tag', () => {
    expect(htmlToText('1 < 2 and 3 <= 4, x<-y')).toBe('1 < 2 and 3 <= 4, x<-y')
  })

  it('decodes references once, after removing tags', () => {
    expect(htmlToText('&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; caf&eacute; &#8217; &#x1F600; &bogus;')).toBe('<script>alert(1)</script> &amp; café ’ 😀 &bogus;')
    expect(decodeCharacterReferences('&#0; &#xD800; &#1114112;')).toBe('\uFFFD \uFFFD \uFFFD')
  })

  it('turns blocks into line breaks and collapses blanks', () => {
    expect(htmlToText('<h1>Title</h1>\n\n  <p>one   two</p><ul><li>a</li><li>b</li></ul>line<br>break')).toBe('Title\n\none two\n\na\n\nb\n\nline\nbreak')
  })

  it('stops early on long input and stays linear on hostile input', () => {
    const text = htmlToText(`<p>${'word '.repeat(1_000_000)}</p>`, 100)
    expect(text.length).toBeGreaterThan(100)
    expect(text.length).toBeLessThan(10_000)
    // Patterns that make naive regular expressions backtrack; each finishes in one pass.
    expect(htmlToText('<script'.repeat(200_000))).toBe('')
    expect(htmlToText(`<a ${'"'.repeat(200_000)}`)).toBe('')
    expect(htmlToText('&'.repeat(200_000) + 'a'.repeat(50))).toHaveLength(200_050)
    expect(htmlToText(`<style>${'</styl'.repeat(100_000)}`)).toBe('')
  })
})

describe('tidyText and truncateText', () => {
  it('removes controls and bidirectional overrides', () => {
    expect(tidyText('a\u0000b\u0007c\u202Ed\u2066e\r\nf\u0085')).toBe('abcde\nf')
    expect(tidyText('lone \ud800 surrogate')).toBe('lone \ufffd surrogate')
  })

  it('cuts on a word and never in the middle of a surrogate pair', () => {
    expect(truncateText('short', 10)).toBe('short')
    expect(truncateText('one two three four', 12)).toBe('one two…')
    const cut = truncateText(`${'x'.repeat(9)}😀😀`, 11)
    expect(cut).toBe(`${'x'.repeat(9)}…`)
    expect(cut.length).toBeLessThanOrEqual(11)
  })
})
