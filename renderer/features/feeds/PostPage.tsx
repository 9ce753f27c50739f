import { Alert, Anchor, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import type { PostView } from '../../../shared/contract/feeds'
import { hasCode } from '../../api/error-messages'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { apiQueryKey } from '../../api/query-keys'
import { ConfirmButton } from '../../ui/ConfirmButton'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { formatDateTime } from '../../ui/format-time'
import { EditIcon, TrashIcon } from '../../ui/icons'
import { PageHeader } from '../../ui/PageHeader'
import { useNow } from '../../ui/use-now'
import { renderMarkdown } from '../chats/markdown'
import { CommentThread } from './CommentThread'
import { countText, POST_KIND_LABEL, postHeading, relevanceText } from './feed-labels'
import { invalidateFeeds } from './feeds-cache'
import { authorBlogPath, feedPath, MY_BLOG_PATH } from './feeds-location'
import { PostEditForm } from './PostEditForm'
import { ProvenanceLine } from './Provenance'
import { TagChips } from './TagChips'

const BACK = (
  <Anchor component={Link} to={feedPath()} size="sm">
    ← Back to feeds
  </Anchor>
)

/** /feeds/post/<author>/<post>: a post whole, who signed it, and its comments. Mine can be edited and deleted. */
export function PostPage({ authorId, postId }: { authorId: string; postId: string }) {
  const thread = useApiQuery('feeds.getPost', { authorId, id: postId })
  const now = useNow(60_000)

  if (thread.isError) {
    return (
      <Stack maw={820} gap="sm">
        {BACK}
        {hasCode(thread.error, 'POST_NOT_FOUND') ? (
          <Alert color="gray" variant="light" title="Post not found">
            <Text size="sm">This post is not on this device: its author may have deleted it, or it has not arrived yet.</Text>
          </Alert>
        ) : (
          <ErrorAlert error={thread.error} onRetry={() => void thread.refetch()} />
        )}
      </Stack>
    )
  }
  if (thread.isPending) {
    return (
      <Stack maw={820} gap="md" aria-busy="true" aria-label="Loading post">
        <Skeleton h={36} w="60%" />
        <Skeleton h={200} radius="lg" />
      </Stack>
    )
  }
  const { post, comments } = thread.data
  return (
    <Stack maw={820} gap="lg">
      <PostBody post={post} />
      <Paper withBorder radius="lg" p="lg" component="section" aria-labelledby="post-comments-title">
        <Title order={2} fz="lg" id="post-comments-title" mb="sm">
          {comments.length === 0 ? 'Comments' : countText(comments.length, 'comment')}
        </Title>
        <CommentThread post={post} comments={comments} now={now} />
      </Paper>
    </Stack>
  )
}

function PostBody({ post }: { post: PostView }) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [editing, setEditing] = useState(false)
  const remove = useApiMutation('feeds.deletePost', {
    // Leave the page first: refetching a post that is gone would flash an error.
    invalidate: false,
    onSuccess: () => {
      navigate(post.kind === 'blog' ? MY_BLOG_PATH : feedPath(), { replace: true })
      queryClient.removeQueries({ queryKey: apiQueryKey('feeds.getPost', { authorId: post.authorId, id: post.id }) })
      void invalidateFeeds(queryClient)
    },
  })

  const more = post.isMine ? MY_BLOG_PATH : authorBlogPath(post.authorId)
  return (
    <Stack gap="md">
      <PageHeader
        back={BACK}
        title={postHeading(post)}
        description={
          <>
            {POST_KIND_LABEL[post.kind]} by{' '}
            <Anchor component={Link} to={more} inherit>
              {post.isMine ? 'you' : post.authorName}
            </Anchor>
          </>
        }
        action={
          post.isMine && !editing ? (
            <Group gap="xs">
              <Button variant="default" leftSection={<EditIcon size={15} />} onClick={() => setEditing(true)}>
                Edit
              </Button>
              <ConfirmButton
                label="Delete post"
                buttonProps={{ variant: 'light', color: 'red', leftSection: <TrashIcon size={15} /> }}
                title="Delete this post?"
                danger
                command={remove}
                input={{ id: post.id }}
              >
                {`“${postHeading(post)}” and its comments disappear from your log and, as they sync, from everyone’s feeds. Copies someone already exported or saved elsewhere stay there.`}
              </ConfirmButton>
            </Group>
          ) : undefined
        }
      />
      <ProvenanceLine did={post.authorDid} signature={post.signature} />
      <Text size="xs" c="dimmed">
        Posted {formatDateTime(post.createdAt)}
        {post.editedAt !== null ? ` · edited ${formatDateTime(post.editedAt)}` : ''} · {relevanceText(post.relevance)}
      </Text>
      <TagChips tags={post.tags} />
      {post.mentions.length > 0 && (
        <Text size="sm" c="dimmed">
          Mentions: {post.mentions.map((mention) => mention.name).join(', ')}
        </Text>
      )}
      {editing ? (
        <Paper withBorder radius="lg" p="lg">
          <PostEditForm post={post} onDone={() => setEditing(false)} />
        </Paper>
      ) : (
        <Paper withBorder radius="lg" p="lg">
          {post.body.trim() === '' ? (
            <Text size="sm" c="dimmed">
              No text.
            </Text>
          ) : (
            <div className="planet-markdown">{renderMarkdown(post.body)}</div>
          )}
        </Paper>
      )}
    </Stack>
  )
}
