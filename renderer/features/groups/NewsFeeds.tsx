import { Alert, Button, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core'
import type { FormEvent } from 'react'
import { useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import { POST_LIMITS, httpUrl } from '../../../shared/domain/posts'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { ActionForm } from '../../ui/ActionForm'
import { CardList } from '../../ui/CardList'
import { ConfirmCommand } from '../../ui/ConfirmCommand'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { formatDateTime } from '../../ui/format-time'
import { GlobeIcon } from '../../ui/icons'
import { QueryList } from '../../ui/QueryList'
import { countLabel } from './group-labels'

type Feed = MethodOutput<'groups.listNewsFeeds'>[number]

/** Admins: the RSS/Atom feeds their devices fetch into the news — add, refresh, remove. */
export function NewsFeeds({ groupId }: { groupId: string }) {
  const feeds = useApiQuery('groups.listNewsFeeds', { groupId })
  const remove = useApiMutation('groups.removeNewsFeed')
  const [removing, setRemoving] = useState<Feed | null>(null)

  return (
    <Paper withBorder radius="lg" p="md" component="section" aria-labelledby="news-feeds-title">
      <Stack gap="sm">
        <Title order={3} size="h5" id="news-feeds-title">
          News feeds
        </Title>
        <Text size="sm" c="dimmed">
          RSS or Atom feeds that admins’ devices fetch into the news, signed by the admin who imported each item.
        </Text>
        <AddFeedForm groupId={groupId} />
        <QueryList
          query={feeds}
          loading={{ label: 'Loading news feeds', rows: 1, height: 56 }}
          empty={{
            icon: <GlobeIcon size={26} />,
            title: 'No news feeds',
            description: 'Add a feed’s address above (a news site’s RSS or Atom link) and its new articles appear in the news.',
          }}
        >
          {(items) => (
            <CardList label="News feeds">
              {items.map((feed) => (
                <FeedRow key={feed.id} groupId={groupId} feed={feed} onRemove={() => setRemoving(feed)} />
              ))}
            </CardList>
          )}
        </QueryList>
      </Stack>
      <ConfirmCommand
        input={removing === null ? null : { groupId, feedId: removing.id }}
        onClose={() => setRemoving(null)}
        command={remove}
        title="Remove this feed?"
        confirmLabel="Remove feed"
        danger
      >
        {`No new articles will be imported from ${removing?.url ?? ''}. The news already imported from it stays.`}
      </ConfirmCommand>
    </Paper>
  )
}

function AddFeedForm({ groupId }: { groupId: string }) {
  const [url, setUrl] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const add = useApiMutation('groups.addNewsFeed', {
    onSuccess: () => {
      setUrl('')
      setSubmitted(false)
    },
  })
  const trimmed = url.trim()
  const valid = httpUrl.safeParse(trimmed).success
  const error = submitted && !valid ? (trimmed === '' ? 'Enter the feed’s address' : 'Use a web address that starts with http:// or https://') : null

  function submit(event: FormEvent) {
    event.preventDefault()
    setSubmitted(true)
    if (!valid) return
    add.mutate({ groupId, url: trimmed })
  }

  return (
    <ActionForm label="Add a news feed" onSubmit={submit} error={add.error} submitLabel="Add feed" pending={add.isPending}>
      <TextInput
        label="Feed URL"
        placeholder="https://example.org/feed.xml"
        type="url"
        value={url}
        onChange={(event) => setUrl(event.currentTarget.value)}
        maxLength={POST_LIMITS.url}
        error={error}
        disabled={add.isPending}
      />
    </ActionForm>
  )
}

function FeedRow({ groupId, feed, onRemove }: { groupId: string; feed: Feed; onRemove: () => void }) {
  const refresh = useApiMutation('groups.refreshNewsFeed')
  return (
    <Paper component="li" withBorder radius="md" px="md" py="sm">
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
          <Stack gap={2} style={{ minWidth: 0 }}>
            <Text fw={600} size="sm" style={{ overflowWrap: 'anywhere' }}>
              {feed.url}
            </Text>
            <Text size="xs" c="dimmed">
              {countLabel(feed.itemCount, 'item')} imported · {feed.lastFetchAt === null ? 'not fetched yet on this device' : `last fetched ${formatDateTime(feed.lastFetchAt)}`}
            </Text>
          </Stack>
          <Group gap="xs" wrap="nowrap">
            <Button size="compact-sm" variant="default" aria-label={`Refresh ${feed.url}`} loading={refresh.isPending} onClick={() => refresh.mutate({ groupId, feedId: feed.id })}>
              Refresh
            </Button>
            <Button size="compact-sm" variant="light" color="red" aria-label={`Remove ${feed.url}`} onClick={onRemove}>
              Remove
            </Button>
          </Group>
        </Group>
        {feed.lastError !== null && (
          <Alert color="orange" variant="light" p="xs" title={`Last fetch failed ${formatDateTime(feed.lastError.at)}`}>
            <Text size="xs">{feed.lastError.message}</Text>
          </Alert>
        )}
        {refresh.error ? <ErrorAlert error={refresh.error} /> : null}
      </Stack>
    </Paper>
  )
}
