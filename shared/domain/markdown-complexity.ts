/**
 * micromark (the Markdown parser of the renderer and of the blog export)
 * slows down superlinearly — and finally overflows the stack — on deeply
 * nested markup: 64,000 nested blockquotes or emphasis markers take minutes.
 * Text from peers can be shaped like that on purpose. This cheap scan spots
 * such input so both places show it as plain text instead.
 */

/** Nesting of blockquotes/list markers on one line that the parser handles quickly. */
const MAX_CONTAINER_MARKERS = 16
/** Longest run of emphasis markers (`*`, `_`, `~`): each can open a nested span. */
const MAX_MARKER_RUN = 32
/** Emphasis runs or `[` in one block (paragraphs are parsed inline as a whole). */
const MAX_DELIMITERS_PER_BLOCK = 300
const MAX_DELIMITERS = 4_000

const LINE_BREAK = /\r\n|\r|\n/
const CONTAINER_PREFIX = /^(?:[ \t]*(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$)))*/
const CONTAINER_MARKER = />|[-*+]|\d{1,9}[.)]/g
const THEMATIC_BREAK = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/
const MARKER_RUN = /[*_~]+/g

/**
 * True when the markdown has the shapes that make the parser slow: deep
 * container nesting, long marker runs, or very many delimiters in a block.
 * Content of top-level fenced code blocks is not counted (it is not parsed
 * inline). Deliberately conservative: ordinary posts, even long ones with
 * code, stay far below the limits.
 */
export function isTooComplexForMarkdown(markdown: string): boolean {
  let fence: { char: string; length: number } | null = null
  let blockDelimiters = 0
  let total = 0
  for (const line of markdown.split(LINE_BREAK)) {
    if (fence !== null) {
      const close = /^ {0,3}(`+|~+)[ \t]*$/.exec(line)
      if (close?.[1] !== undefined && close[1][0] === fence.char && close[1].length >= fence.length) fence = null
      continue
    }
    // Only column-0 fences: an indented one may belong to a container that a later line closes.
    const open = /^(`{3,}|~{3,})(.*)$/.exec(line)
    if (open?.[1] !== undefined && !(open[1][0] === '`' && (open[2] ?? '').includes('`'))) {
      fence = { char: open[1][0] ?? '`', length: open[1].length }
      blockDelimiters = 0
      continue
    }
    if (line.trim() === '') {
      blockDelimiters = 0
      continue
    }
    const prefix = CONTAINER_PREFIX.exec(line)?.[0] ?? ''
    if ((prefix.match(CONTAINER_MARKER)?.length ?? 0) > MAX_CONTAINER_MARKERS) return true
    if (THEMATIC_BREAK.test(line)) continue
    let delimiters = 0
    for (const run of line.matchAll(MARKER_RUN)) {
      if (run[0].length > MAX_MARKER_RUN) return true
      delimiters++
    }
    for (const char of line) if (char === '[') delimiters++
    blockDelimiters += delimiters
    total += delimiters
    if (blockDelimiters > MAX_DELIMITERS_PER_BLOCK || total > MAX_DELIMITERS) return true
  }
  return false
}
