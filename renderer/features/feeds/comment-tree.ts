/**
 * A post's comments as a thread: each comment under the one it answers
 * (`replyTo`), every level oldest first. A reply whose comment is not on this
 * device (not synced yet, or gone) stays visible at the top level rather than
 * vanishing; so does anything caught in a loop of replies.
 */
export interface ThreadComment {
  id: string
  replyTo: string | null
  createdAt: number
}

export interface CommentNode<C extends ThreadComment> {
  comment: C
  replies: CommentNode<C>[]
}

export function buildCommentTree<C extends ThreadComment>(comments: readonly C[]): CommentNode<C>[] {
  const sorted = [...comments].sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const byId = new Map<string, C>()
  for (const comment of sorted) if (!byId.has(comment.id)) byId.set(comment.id, comment)

  const parentOf = (comment: C): string | null => {
    if (comment.replyTo === null || comment.replyTo === comment.id || !byId.has(comment.replyTo)) return null
    return hasLoop(comment, byId) ? null : comment.replyTo
  }

  const nodes = new Map<string, CommentNode<C>>()
  for (const comment of byId.values()) nodes.set(comment.id, { comment, replies: [] })
  const roots: CommentNode<C>[] = []
  for (const comment of byId.values()) {
    const node = nodes.get(comment.id) as CommentNode<C>
    const parent = parentOf(comment)
    if (parent === null) roots.push(node)
    else (nodes.get(parent) as CommentNode<C>).replies.push(node)
  }
  return roots
}

/** True when following replyTo up from `comment` comes back to a comment already passed. */
function hasLoop<C extends ThreadComment>(comment: C, byId: ReadonlyMap<string, C>): boolean {
  const seen = new Set<string>([comment.id])
  let current: C | undefined = comment
  while (current !== undefined && current.replyTo !== null) {
    if (seen.has(current.replyTo)) return true
    seen.add(current.replyTo)
    current = byId.get(current.replyTo)
  }
  return false
}

/** How many comments a tree holds, replies included. */
export function countComments<C extends ThreadComment>(nodes: readonly CommentNode<C>[]): number {
  return nodes.reduce((sum, node) => sum + 1 + countComments(node.replies), 0)
}
