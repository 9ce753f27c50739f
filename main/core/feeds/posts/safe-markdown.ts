import type { Nodes, Parents, Root } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { gfmFromMarkdown } from 'mdast-util-gfm'
import { gfm } from 'micromark-extension-gfm'
import { isTooComplexForMarkdown } from '../../../../shared/domain/markdown-complexity'
import { escapeMarkup, safeExternalUrl } from './markup'

export { isTooComplexForMarkdown }

/**
 * Markdown → HTML for the static export, safe by construction: the text is
 * parsed to a syntax tree (micromark through mdast-util-from-markdown, with
 * GFM, the same parser react-markdown uses in the renderer) and written back
 * by an allow-list of node types:
 *
 * - raw HTML in the markdown is shown as text, never passed through;
 * - links keep only http(s) and mailto targets (and in-page fragments);
 *   others lose their link and keep their text;
 * - nothing remote is loaded: an image is shown only when `resolveImage`
 *   maps it to a file of the export; other images become links or text;
 * - every text and attribute is escaped (markup.ts), every attribute quoted.
 *
 * micromark slows down superlinearly (and finally overflows the stack) on
 * deeply nested markup — 64 000 nested blockquotes or emphasis markers take
 * minutes. `isTooComplexForMarkdown` spots such input cheaply and it is then
 * shown as plain text instead.
 */

export interface MarkdownOptions {
  /** Added to heading levels (1: a markdown `#` becomes `<h2>`, under the page's own `<h1>`). */
  headingOffset?: number
  /** The local path of an image of the export for a markdown image URL, or null. */
  resolveImage?: (url: string) => string | null
  /** Prefix of the footnote ids, so two rendered posts on one page cannot collide. */
  idPrefix?: string
}

/** Syntax-tree depth written as HTML; anything deeper is flattened to its text. */
const MAX_RENDER_DEPTH = 200

const LINE_BREAK = /\r\n|\r|\n/

/** Plain text as HTML: paragraphs at blank lines, line breaks kept, everything escaped. */
export function renderPlainText(text: string): string {
  return text
    .split(/(?:\r\n|\r|\n)[ \t]*(?:\r\n|\r|\n)\s*/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${paragraph.split(LINE_BREAK).map(escapeMarkup).join('<br>\n')}</p>\n`)
    .join('')
}

export function renderMarkdown(markdown: string, options: MarkdownOptions = {}): string {
  if (isTooComplexForMarkdown(markdown)) return renderPlainText(markdown)
  let tree: Root
  try {
    tree = fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] })
  } catch {
    return renderPlainText(markdown)
  }
  return new Writer(tree, options).write()
}

const ALIGN_CLASS = { left: 'align-left', center: 'align-center', right: 'align-right' } as const
const CODE_LANGUAGE = /^[A-Za-z0-9_+#.-]{1,32}$/
const FLOW_PARENTS = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition'])

class Writer {
  private readonly definitions = new Map<string, string>()
  private readonly footnoteDefinitions = new Map<string, Extract<Nodes, { type: 'footnoteDefinition' }>>()
  /** Footnote identifiers in the order they are first referenced: their numbers. */
  private readonly footnoteOrder: string[] = []
  private readonly headingOffset: number
  private readonly idPrefix: string

  constructor(
    private readonly tree: Root,
    private readonly options: MarkdownOptions,
  ) {
    this.headingOffset = Math.max(0, Math.min(5, Math.trunc(options.headingOffset ?? 0)))
    this.idPrefix = (options.idPrefix ?? '').replace(/[^A-Za-z0-9_-]/g, '')
    this.collectDefinitions()
  }

  write(): string {
    let html = this.children(this.tree, 0)
    if (this.footnoteOrder.length > 0) {
      let notes = ''
      // Footnotes can reference footnotes: the list grows while it is written.
      for (let index = 0; index < this.footnoteOrder.length; index++) {
        const identifier = this.footnoteOrder[index] as string
        const definition = this.footnoteDefinitions.get(identifier)
        const number = index + 1
        const back = `<a href="#${this.idPrefix}fnref-${number}" class="footnote-back">↩</a>`
        notes += `<li id="${this.idPrefix}fn-${number}">${definition ? this.children(definition, 1) : ''}${back}</li>\n`
      }
      html += `<section class="footnotes">\n<ol>\n${notes}</ol>\n</section>\n`
    }
    return html
  }

  /** Link definitions and footnote definitions, wherever they sit; the first of an identifier wins (CommonMark). */
  private collectDefinitions(): void {
    const stack: Nodes[] = [this.tree]
    while (stack.length > 0) {
      const node = stack.pop() as Nodes
      if (node.type === 'definition' && !this.definitions.has(node.identifier)) this.definitions.set(node.identifier, node.url)
      if (node.type === 'footnoteDefinition' && !this.footnoteDefinitions.has(node.identifier)) this.footnoteDefinitions.set(node.identifier, node)
      if ('children' in node) for (let index = node.children.length - 1; index >= 0; index--) stack.push(node.children[index] as Nodes)
    }
  }

  private children(parent: Parents, depth: number): string {
    let html = ''
    for (const child of parent.children) html += this.node(child as Nodes, parent, depth + 1)
    return html
  }

  private node(node: Nodes, parent: Parents, depth: number): string {
    if (depth > MAX_RENDER_DEPTH) return escapeMarkup(plainText(node))
    switch (node.type) {
      case 'root':
        return this.children(node, depth)
      case 'paragraph':
        // Tight list items hold paragraphs that render without <p>, as GitHub does.
        return parent.type === 'listItem' && parent.spread !== true ? this.children(node, depth) : `<p>${this.children(node, depth)}</p>\n`
      case 'heading': {
        const level = Math.min(6, node.depth + this.headingOffset)
        return `<h${level}>${this.children(node, depth)}</h${level}>\n`
      }
      case 'thematicBreak':
        return '<hr>\n'
      case 'blockquote':
        return `<blockquote>\n${this.children(node, depth)}</blockquote>\n`
      case 'list': {
        const start = node.ordered === true && typeof node.start === 'number' && node.start !== 1 ? ` start="${Math.max(0, Math.trunc(node.start))}"` : ''
        const tag = node.ordered === true ? 'ol' : 'ul'
        return `<${tag}${start}>\n${this.children(node, depth)}</${tag}>\n`
      }
      case 'listItem': {
        const box = typeof node.checked === 'boolean' ? `<input type="checkbox" disabled${node.checked ? ' checked' : ''}> ` : ''
        return `<li>${box}${this.children(node, depth)}</li>\n`
      }
      case 'code': {
        const language = node.lang && CODE_LANGUAGE.test(node.lang) ? ` class="language-${escapeMarkup(node.lang)}"` : ''
        return `<pre><code${language}>${escapeMarkup(node.value)}${node.value === '' ? '' : '\n'}</code></pre>\n`
      }
      case 'html':
        // Raw HTML is never passed through: shown as the text it is.
        return FLOW_PARENTS.has(parent.type) ? `<p>${escapeMarkup(node.value)}</p>\n` : escapeMarkup(node.value)
      case 'definition':
      case 'footnoteDefinition':
      case 'yaml':
        return ''
      case 'text':
        return escapeMarkup(node.value)
      case 'emphasis':
        return `<em>${this.children(node, depth)}</em>`
      case 'strong':
        return `<strong>${this.children(node, depth)}</strong>`
      case 'delete':
        return `<del>${this.children(node, depth)}</del>`
      case 'inlineCode':
        return `<code>${escapeMarkup(node.value)}</code>`
      case 'break':
        return '<br>\n'
      case 'link':
        return this.link(node.url, this.children(node, depth))
      case 'linkReference': {
        const url = this.definitions.get(node.identifier)
        return url === undefined ? this.children(node, depth) : this.link(url, this.children(node, depth))
      }
      case 'image':
        return this.image(node.url, node.alt ?? '')
      case 'imageReference': {
        const url = this.definitions.get(node.identifier)
        return url === undefined ? escapeMarkup(node.alt ?? '') : this.image(url, node.alt ?? '')
      }
      case 'footnoteReference': {
        if (!this.footnoteDefinitions.has(node.identifier)) return escapeMarkup(`[^${node.label ?? node.identifier}]`)
        let index = this.footnoteOrder.indexOf(node.identifier)
        const first = index === -1
        if (first) index = this.footnoteOrder.push(node.identifier) - 1
        const number = index + 1
        const id = first ? ` id="${this.idPrefix}fnref-${number}"` : ''
        return `<sup class="footnote-ref"><a href="#${this.idPrefix}fn-${number}"${id}>${number}</a></sup>`
      }
      case 'table': {
        const align = node.align ?? []
        const rows = node.children.map((row, rowIndex) => {
          const tag = rowIndex === 0 ? 'th' : 'td'
          const cells = row.children.map((cell, cellIndex) => {
            const alignment = align[cellIndex]
            const attribute = alignment ? ` class="${ALIGN_CLASS[alignment]}"` : ''
            return `<${tag}${attribute}>${this.children(cell, depth + 1)}</${tag}>`
          })
          return `<tr>${cells.join('')}</tr>\n`
        })
        const [head, ...body] = rows
        return `<table>\n<thead>\n${head ?? ''}</thead>\n${body.length > 0 ? `<tbody>\n${body.join('')}</tbody>\n` : ''}</table>\n`
      }
      case 'tableRow':
      case 'tableCell':
        // Written by their table.
        return this.children(node, depth)
      default:
        return escapeMarkup(plainText(node))
    }
  }

  private link(rawUrl: string, content: string): string {
    const url = rawUrl.trim()
    if (/^#[A-Za-z0-9_-]*$/.test(url)) return `<a href="${escapeMarkup(url)}">${content}</a>`
    const safe = safeExternalUrl(url)
    if (safe === null) return content
    return `<a href="${escapeMarkup(safe)}" rel="nofollow noopener noreferrer">${content}</a>`
  }

  private image(rawUrl: string, alt: string): string {
    const local = this.options.resolveImage?.(rawUrl) ?? null
    if (local !== null) return `<img src="${escapeMarkup(local)}" alt="${escapeMarkup(alt)}" loading="lazy">`
    // Never loaded from elsewhere: a remote image is a link to it.
    const safe = safeExternalUrl(rawUrl)
    const label = escapeMarkup(alt === '' ? 'image' : alt)
    return safe === null ? label : `<a href="${escapeMarkup(safe)}" class="remote-image" rel="nofollow noopener noreferrer">${label}</a>`
  }
}

/** The text of a node and its descendants, without recursion. */
function plainText(node: Nodes): string {
  let text = ''
  const stack: Nodes[] = [node]
  while (stack.length > 0) {
    const current = stack.pop() as Nodes
    if ('value' in current && typeof current.value === 'string') text += current.value
    else if (current.type === 'image' || current.type === 'imageReference') text += current.alt ?? ''
    if ('children' in current) for (let index = current.children.length - 1; index >= 0; index--) stack.push(current.children[index] as Nodes)
  }
  return text
}
