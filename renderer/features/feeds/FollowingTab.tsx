import { Alert, Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { useId } from 'react'
import { Link } from 'react-router'
import type { MethodOutput } from '../../../shared/contract'
import { useApiQuery } from '../../api/hooks'
import { CardList } from '../../ui/CardList'
import { CopyableValue } from '../../ui/CopyableValue'
import { UsersIcon } from '../../ui/icons'
import { QueryList } from '../../ui/QueryList'
import { countText, followSummary, rejectedText } from './feed-labels'
import { authorBlogPath } from './feeds-location'
import { FeedLinks } from './FeedLinks'
import { FollowControl } from './FollowControl'

type Author = MethodOutput<'feeds.listAuthors'>[number]

/** Following: everyone whose personal log this device holds, what I follow of each, and the follow controls. */
export function FollowingTab() {
  const authors = useApiQuery('feeds.listAuthors', {})
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" maw={620}>
        Your contacts share their personal log with you. Follow someone for all their posts, or only for the hashtags you care about: what you follow fills your feeds.
      </Text>
      <FeedLinks />
      <QueryList
        query={authors}
        loading={{ label: 'Loading people', rows: 2, height: 120 }}
        empty={{
          icon: <UsersIcon size={26} />,
          title: 'Nobody to follow yet',
          description: 'When you connect with someone (Invites), their posts arrive here, and you choose what to follow.',
        }}
      >
        {(items) => (
          <CardList label="People">
            {items.map((author) => (
              <AuthorCard key={author.authorId} author={author} />
            ))}
          </CardList>
        )}
      </QueryList>
    </Stack>
  )
}

function AuthorCard({ author }: { author: Author }) {
  const headingId = useId()
  const rejected = rejectedText(author.rejected)
  const syncing = author.readLength < author.knownLength
  return (
    <Paper component="li" withBorder radius="md" p="md">
      <Stack gap="sm" component="article" aria-labelledby={headingId}>
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="xs">
          <Stack gap={2}>
            <Group gap="xs">
              <Title order={3} fz="md" id={headingId}>
                {author.name}
              </Title>
              {author.isContact && (
                <Badge size="xs" variant="light" color="gray">
                  Contact
                </Badge>
              )}
            </Group>
            <Text size="xs" c="dimmed">
              {countText(author.postCount, 'post')} · {countText(author.blogCount, 'blog post')}
              {syncing ? ` · receiving: ${author.readLength.toLocaleString('en')} of ${author.knownLength.toLocaleString('en')} entries` : ''}
            </Text>
          </Stack>
          <Stack gap={2} align="flex-end">
            <Text size="sm">
              <Text span c="dimmed" size="sm">
                Following:{' '}
              </Text>
              <Text span fw={600} size="sm" data-follow-summary>
                {followSummary(author.follow)}
              </Text>
            </Text>
            <Anchor component={Link} to={authorBlogPath(author.authorId)} size="sm">
              Read {author.name}’s blog
            </Anchor>
          </Stack>
        </Group>
        <CopyableValue value={author.did} copyLabel={`Copy ${author.name}’s DID`} />
        {rejected !== null && (
          <Alert color="orange" variant="light" p="xs">
            <Text size="xs">{rejected}</Text>
          </Alert>
        )}
        {/* Keyed by the saved follow: after a save or an unfollow, the form starts from what is stored. */}
        <FollowControl key={followSummary(author.follow)} author={author} />
      </Stack>
    </Paper>
  )
}
