/**
 * A one-line preview of a Markdown message for a reply banner or a list:
 * markup symbols dropped, whitespace folded, cut at a word with an ellipsis.
 */
export function excerpt(markdown: string, max = 80): string {
  const plain = markdown
    .replace(/```[\s\S]*?```/g, ' [code] ')
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^\s{0,3}(#{1,6}|>|[-*+]|\d+[.)])\s+/gm, '')
    .replace(/(\*\*|__|\*|_|~~|`)/g, '')
    .replace(/\s+/g, ' ')
    .trim()
  if (plain.length <= max) return plain
  const cut = plain.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`
}

/** The line under a conversation's title: "You: see you" / "Ben: hi" / a hint when empty. */
export function conversationPreview(last: { authorName: string; mine: boolean; excerpt: string } | null): string {
  if (!last) return 'No messages yet'
  const text = last.excerpt.trim() || 'Sent a file'
  return last.mine ? `You: ${text}` : text
}
