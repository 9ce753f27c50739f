import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import { useId } from 'react'
import { Link } from 'react-router'
import type { PostView } from '../../../shared/contract/feeds'
import { formatRelativeTime } from '../../ui/format-time'
import { countText, POST_KIND_LABEL, postExcerpt, postHeading, relevanceText } from './feed-labels'
import { postPath } from './feeds-location'
import { SignatureBadge } from './Provenance'
import { TagChips } from './TagChips'

/**
 * A post in a list (a feed, a blog): an article named by its heading, which
 * links to the post's page. The excerpt is plain text cut from the Markdown;
 * the page renders the whole body.
 */
export function PostCard({ post, now, header, footer }: { post: PostView; now: number; header?: ReactNode; footer?: ReactNode }) {
  const headingId = useId()
  const text = postExcerpt(post)
  return (
    <Paper component="li" withBorder radius="md" px="md" py="sm">
      <Stack gap={6} component="article" aria-labelledby={headingId}>
        {header}
        <Group gap="xs" wrap="wrap">
          <Text size="sm" fw={600}>
            {post.isMine ? 'You' : post.authorName}
          </Text>
          {post.kind === 'blog' && (
            <Badge size="xs" variant="light">
              {POST_KIND_LABEL.blog}
            </Badge>
          )}
          <Text size="xs" c="dimmed">
            {formatRelativeTime(post.createdAt, now)}
            {post.editedAt !== null ? ' · edited' : ''}
          </Text>
          {post.signature === 'invalid' && <SignatureBadge signature="invalid" />}
        </Group>
        <Title order={3} fz="md" id={headingId} style={{ overflowWrap: 'anywhere' }}>
          <Anchor component={Link} to={postPath(post.authorId, post.id)} inherit>
            {postHeading(post)}
          </Anchor>
        </Title>
        {text !== '' && (
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {text}
          </Text>
        )}
        <TagChips tags={post.tags} />
        <Group gap="xs" justify="space-between" wrap="wrap">
          <Text size="xs" c="dimmed">
            {relevanceText(post.relevance)} ·{' '}
            <Anchor component={Link} to={postPath(post.authorId, post.id)} size="xs">
              {countText(post.commentCount, 'comment')}
            </Anchor>
          </Text>
        </Group>
        {footer}
      </Stack>
    </Paper>
  )
}
