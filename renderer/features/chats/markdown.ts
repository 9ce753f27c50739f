import type { ReactElement, ReactNode } from 'react'
import { createElement } from 'react'
import type { Components, Options } from 'react-markdown'
import Markdown from 'react-markdown'
import remarkGfm from 'remark-gfm'
import { isTooComplexForMarkdown } from '../../../shared/domain/markdown-complexity'

/**
 * Messages are Markdown written by someone else, so rendering is strict:
 * - raw HTML is dropped (skipHtml), never parsed;
 * - links keep only http(s) and mailto targets and open outside the app
 *   (target=_blank, rel=noreferrer: the desktop shell hands vetted URLs to the
 *   system browser, a browser tab opens a new tab without a referrer);
 * - images are not loaded (that would tell the image's host who reads the
 *   message, and when): they become links;
 * - headings are shown as bold lines, not page headings, so a message cannot
 *   rearrange the page outline.
 */
const SAFE_URL = /^(https?:|mailto:)/i

export function safeUrl(url: string): string {
  const trimmed = url.trim()
  return SAFE_URL.test(trimmed) ? trimmed : ''
}

function link(href: string | undefined, children: ReactNode): ReactElement {
  if (!href) return createElement('span', null, children)
  return createElement('a', { href, target: '_blank', rel: 'noreferrer' }, children)
}

const heading = ({ children }: { children?: ReactNode }) => createElement('p', { className: 'planet-md-heading' }, createElement('strong', null, children))

const components: Components = {
  a: ({ href, children }) => link(href, children),
  img: ({ src, alt }) => link(typeof src === 'string' ? src : undefined, alt || (typeof src === 'string' ? src : 'image')),
  h1: heading,
  h2: heading,
  h3: heading,
  h4: heading,
  h5: heading,
  h6: heading,
}

export const MARKDOWN_OPTIONS: Readonly<Options> = {
  skipHtml: true,
  remarkPlugins: [remarkGfm],
  urlTransform: safeUrl,
  components,
}

/**
 * The message's Markdown as React elements (no HTML strings anywhere).
 * Text shaped to make the parser crawl (deep nesting, huge marker runs:
 * shared/domain/markdown-complexity.ts) is shown as plain text instead, so
 * a hostile post or message cannot freeze the window.
 */
export function renderMarkdown(text: string): ReactElement {
  if (isTooComplexForMarkdown(text)) return createElement('p', { className: 'planet-md-plain', style: { whiteSpace: 'pre-wrap' } }, text)
  return createElement(Markdown, MARKDOWN_OPTIONS, text)
}
