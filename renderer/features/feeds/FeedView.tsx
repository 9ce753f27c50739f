import { Box, Button, Group, Paper, Skeleton, Stack, Text, Title } from '@mantine/core'
import { useId, useState } from 'react'
import { Link } from 'react-router'
import type { FeedDefinition } from '../../../shared/domain/feed-builder'
import { useApiPagedQuery, useApiQuery } from '../../api/hooks'
import { CardList } from '../../ui/CardList'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { EditIcon, GlobeIcon, PlusIcon } from '../../ui/icons'
import { useNow } from '../../ui/use-now'
import { EmptyStateCard } from './EmptyStateCard'
import { editFeedPath, feedPath, NEW_FEED_PATH } from './feeds-location'
import { FeedEntryCard } from './FeedEntryCard'
import { PostComposer } from './PostComposer'

/** The Feed tab: pick a feed (Home first), read its ranked entries page by page, and write a post. */
export function FeedView({ feedId }: { feedId: string }) {
  const feeds = useApiQuery('feeds.listFeeds', {})
  const current = feeds.data?.find((feed) => feed.id === feedId)
  return (
    <Stack gap="lg">
      <FeedPicker feeds={feeds.data} currentId={feedId} />
      {feeds.isError && <ErrorAlert error={feeds.error} onRetry={() => void feeds.refetch()} />}
      <WritePost />
      <FeedEntries feedId={feedId} name={current?.name ?? (feedId === 'home' ? 'Home' : 'Feed')} />
    </Stack>
  )
}

/** "Write a post", folded by default so the feed stays on screen; it folds again after publishing. */
function WritePost() {
  const [open, setOpen] = useState(false)
  const formId = useId()
  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby={`${formId}-title`}>
      <Group justify="space-between" wrap="nowrap">
        <Title order={2} fz="md" id={`${formId}-title`}>
          Write a post
        </Title>
        <Button
          variant={open ? 'default' : 'light'}
          size="compact-sm"
          leftSection={open ? undefined : <EditIcon size={14} />}
          aria-expanded={open}
          aria-controls={formId}
          onClick={() => setOpen((value) => !value)}
        >
          {open ? 'Close' : 'Write'}
        </Button>
      </Group>
      {open && (
        <Box id={formId} mt="sm">
          <PostComposer onPublished={() => setOpen(false)} />
        </Box>
      )}
    </Paper>
  )
}

/** The feeds as links (the feed is in the address), with Edit for the one shown and New feed. */
function FeedPicker({ feeds, currentId }: { feeds: readonly FeedDefinition[] | undefined; currentId: string }) {
  if (feeds === undefined) return <Skeleton h={32} w="60%" radius="md" />
  return (
    <Group justify="space-between" gap="sm" wrap="wrap">
      <Group gap="xs" role="group" aria-label="Your feeds" wrap="wrap">
        {feeds.map((feed) => (
          <Button
            key={feed.id}
            component={Link}
            to={feedPath(feed.id)}
            size="compact-md"
            radius="xl"
            variant={feed.id === currentId ? 'filled' : 'default'}
            aria-current={feed.id === currentId ? 'page' : undefined}
          >
            {feed.name}
          </Button>
        ))}
      </Group>
      <Group gap="xs">
        {feeds.some((feed) => feed.id === currentId) && (
          <Button component={Link} to={editFeedPath(currentId)} variant="default" size="compact-md" leftSection={<EditIcon size={14} />}>
            Edit feed
          </Button>
        )}
        <Button component={Link} to={NEW_FEED_PATH} variant="light" size="compact-md" leftSection={<PlusIcon size={14} />}>
          New feed
        </Button>
      </Group>
    </Group>
  )
}

function FeedEntries({ feedId, name }: { feedId: string; name: string }) {
  const now = useNow(60_000)
  const pages = useApiPagedQuery(
    'feeds.getFeed',
    { feedId, cursor: null },
    {
      initialPageParam: null as string | null,
      pageInput: (cursor) => ({ feedId, cursor }),
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    },
  )

  if (pages.isError && pages.data === undefined) return <ErrorAlert error={pages.error} onRetry={() => void pages.refetch()} />
  if (pages.isPending) {
    return (
      <Stack gap="xs" aria-busy="true" aria-label="Loading the feed">
        {[0, 1, 2].map((row) => (
          <Skeleton key={row} h={110} radius="md" />
        ))}
      </Stack>
    )
  }
  const entries = pages.data.pages.flatMap((page) => page.entries)
  if (entries.length === 0) {
    return (
      <EmptyStateCard
        icon={<GlobeIcon size={26} />}
        title="Nothing in this feed yet"
        description="Follow people in Following, or join groups: their posts, news and announcements appear here, ranked by this feed’s recipe. Your own posts appear too."
      />
    )
  }
  return (
    <Stack gap="sm">
      <CardList label={`${name} feed`}>
        {entries.map((entry) => (
          <FeedEntryCard key={entry.key} entry={entry} now={now} />
        ))}
      </CardList>
      {pages.isFetchNextPageError && <ErrorAlert error={pages.error} onRetry={() => void pages.fetchNextPage()} />}
      {pages.hasNextPage ? (
        <Group justify="center">
          <Button variant="default" loading={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
            Load more
          </Button>
        </Group>
      ) : (
        <Text size="xs" c="dimmed" ta="center">
          That is everything in this feed for now.
        </Text>
      )}
    </Stack>
  )
}
