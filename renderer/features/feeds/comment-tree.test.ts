import { describe, expect, it } from 'vitest'
import type { CommentNode, ThreadComment } from './comment-tree'
import { buildCommentTree, countComments } from './comment-tree'

const c = (id: string, createdAt: number, replyTo: string | null = null): ThreadComment => ({ id, createdAt, replyTo })

function shape(nodes: CommentNode<ThreadComment>[]): unknown[] {
  return nodes.map((node) => (node.replies.length === 0 ? node.comment.id : [node.comment.id, shape(node.replies)]))
}

describe('buildCommentTree', () => {
  it('puts replies under the comment they answer, each level oldest first', () => {
    const tree = buildCommentTree([c('b', 2), c('a', 1), c('a2', 5, 'a'), c('a1', 3, 'a'), c('a1x', 4, 'a1')])
    expect(shape(tree)).toEqual([['a', [['a1', ['a1x']], 'a2']], 'b'])
    expect(countComments(tree)).toBe(5)
  })
  it('keeps a reply to a comment this device does not have at the top level', () => {
    expect(shape(buildCommentTree([c('a', 1), c('r', 2, 'missing')]))).toEqual(['a', 'r'])
  })
  it('survives a loop of replies and a reply to itself', () => {
    const tree = buildCommentTree([c('x', 1, 'y'), c('y', 2, 'x'), c('z', 3, 'z')])
    expect(countComments(tree)).toBe(3)
    expect(shape(tree)).toEqual(['x', 'y', 'z'])
  })
  it('shows a repeated id once', () => {
    expect(countComments(buildCommentTree([c('a', 1), c('a', 1)]))).toBe(1)
  })
  it('is empty without comments', () => {
    expect(buildCommentTree([])).toEqual([])
  })
})
