import { Badge, Box, Button, Group, Stack, Text, Textarea } from '@mantine/core'
import type { FormEvent } from 'react'
import { useEffect, useRef, useState } from 'react'
import type { CommentView, PostView } from '../../../shared/contract/feeds'
import { POST_LIMITS } from '../../../shared/domain/posts'
import { useApiMutation } from '../../api/hooks'
import { ActionForm } from '../../ui/ActionForm'
import { formatDateTime, formatRelativeTime } from '../../ui/format-time'
import { ReplyIcon } from '../../ui/icons'
import { renderMarkdown } from '../chats/markdown'
import type { CommentNode } from './comment-tree'
import { buildCommentTree } from './comment-tree'
import { apiFieldErrors } from './field-errors'
import { commentInput } from './post-form'
import { SignatureBadge } from './Provenance'

/** Deeper replies stop moving right, so a long exchange stays readable. */
const MAX_INDENT = 4

/**
 * A post's comments, oldest first, each reply under the comment it answers;
 * the post author's replies are marked "Author". Reply opens a small form
 * under the comment (feeds.comment with replyTo).
 */
export function CommentThread({ post, comments, now }: { post: PostView; comments: readonly CommentView[]; now: number }) {
  const [replyingTo, setReplyingTo] = useState<string | null>(null)
  const tree = buildCommentTree(comments)
  return (
    <Stack gap="md">
      {tree.length === 0 ? (
        <Text size="sm" c="dimmed">
          No comments yet.
        </Text>
      ) : (
        <CommentList nodes={tree} depth={0} label="Comments" post={post} now={now} replyingTo={replyingTo} onReply={setReplyingTo} />
      )}
      <CommentForm post={post} replyTo={null} label="Write a comment" fieldLabel="Your comment" submitLabel="Post comment" />
    </Stack>
  )
}

interface ListProps {
  nodes: readonly CommentNode<CommentView>[]
  depth: number
  label: string
  post: PostView
  now: number
  replyingTo: string | null
  onReply: (commentId: string | null) => void
}

function CommentList({ nodes, depth, label, ...rest }: ListProps) {
  return (
    <Stack
      component="ul"
      gap="sm"
      m={0}
      p={0}
      aria-label={label}
      style={{
        listStyle: 'none',
        ...(depth > 0 && depth <= MAX_INDENT ? { marginLeft: 'var(--mantine-spacing-lg)', paddingLeft: 'var(--mantine-spacing-sm)', borderLeft: '2px solid var(--mantine-color-default-border)' } : {}),
      }}
    >
      {nodes.map((node) => (
        <CommentItem key={node.comment.id} node={node} depth={depth} {...rest} />
      ))}
    </Stack>
  )
}

function CommentItem({ node, depth, post, now, replyingTo, onReply }: Omit<ListProps, 'nodes' | 'label'> & { node: CommentNode<CommentView> }) {
  const { comment } = node
  const name = comment.isMine ? 'You' : comment.authorName
  const articleLabel = `${comment.replyTo === null ? 'Comment' : 'Reply'} from ${comment.authorName}${comment.byPostAuthor ? ' (author)' : ''}`
  const replying = replyingTo === comment.id
  return (
    <li>
      <Box role="article" aria-label={articleLabel} py={4}>
        <Group gap="xs" wrap="wrap">
          <Text size="sm" fw={600}>
            {name}
          </Text>
          {comment.byPostAuthor && (
            <Badge size="xs" variant="filled">
              Author
            </Badge>
          )}
          <Text size="xs" c="dimmed" title={formatDateTime(comment.createdAt)}>
            {formatRelativeTime(comment.createdAt, now)}
          </Text>
          {comment.signature === 'invalid' && <SignatureBadge signature="invalid" />}
        </Group>
        <div className="planet-markdown">{renderMarkdown(comment.body)}</div>
        {!replying && (
          <Button variant="subtle" size="compact-xs" px={4} mt={2} leftSection={<ReplyIcon size={12} />} aria-label={`Reply to ${comment.authorName}`} onClick={() => onReply(comment.id)}>
            Reply
          </Button>
        )}
        {replying && (
          <Box mt="xs">
            <CommentForm
              post={post}
              replyTo={comment.id}
              label={`Reply to ${comment.authorName}`}
              fieldLabel="Your reply"
              submitLabel="Send reply"
              onDone={() => onReply(null)}
            />
          </Box>
        )}
      </Box>
      {node.replies.length > 0 && (
        <CommentList nodes={node.replies} depth={depth + 1} label={`Replies to ${comment.authorName}`} post={post} now={now} replyingTo={replyingTo} onReply={onReply} />
      )}
    </li>
  )
}

interface CommentFormProps {
  post: PostView
  replyTo: string | null
  label: string
  fieldLabel: string
  submitLabel: string
  /** A reply form closes once sent or cancelled; the comment form stays. */
  onDone?: () => void
}

/** feeds.comment: written on my own log, signed with my DID; the author's device reads it from there. */
function CommentForm({ post, replyTo, label, fieldLabel, submitLabel, onDone }: CommentFormProps) {
  const [body, setBody] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const send = useApiMutation('feeds.comment', {
    onSuccess: () => {
      setBody('')
      setSubmitted(false)
      onDone?.()
    },
  })
  const checked = commentInput(post, body, replyTo)
  const field = useRef<HTMLTextAreaElement>(null)
  // A reply form opens where the person clicked Reply: the caret goes there too.
  const focusOnOpen = onDone !== undefined
  useEffect(() => {
    if (focusOnOpen) field.current?.focus()
  }, [focusOnOpen])

  function submit(event: FormEvent) {
    event.preventDefault()
    setSubmitted(true)
    if (checked.errors === null) send.mutate(checked.input)
  }

  const error = (submitted ? checked.errors?.body : undefined) ?? apiFieldErrors(send.error).body ?? null
  return (
    <ActionForm
      label={label}
      onSubmit={submit}
      error={send.error}
      submitLabel={submitLabel}
      pending={send.isPending}
      cancel={
        onDone ? (
          <Button variant="default" onClick={onDone} disabled={send.isPending}>
            Cancel
          </Button>
        ) : undefined
      }
    >
      <Textarea
        label={fieldLabel}
        description={replyTo === null ? 'Markdown works. Everyone who can read this post can read your comment.' : undefined}
        value={body}
        onChange={(event) => setBody(event.currentTarget.value)}
        maxLength={POST_LIMITS.comment}
        autosize
        minRows={2}
        maxRows={10}
        error={error}
        disabled={send.isPending}
        ref={field}
      />
    </ActionForm>
  )
}
