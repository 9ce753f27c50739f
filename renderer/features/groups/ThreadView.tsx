import { Anchor, Center, Group, Paper, ScrollArea, Skeleton, Stack, Text, Title } from '@mantine/core'
import { Link } from 'react-router'
import type { MethodOutput } from '../../../shared/contract'
import { useApiQuery } from '../../api/hooks'
import { groupPath } from '../../app/vault-routes'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { formatDateTime } from '../../ui/format-time'
import { renderMarkdown } from '../chats/markdown'
import { UNREADABLE_TEXT } from '../chats/MessageItem'
import { GroupChannel } from './GroupChannel'
import type { GroupTabProps } from './GroupTabPanel'
import { countLabel } from './group-labels'
import { useMentionableMembers } from './use-mentionable-members'

type Thread = MethodOutput<'groups.getThread'>

/** One Discuss thread: its opening post, then the replies (chat messages in the thread's channel) and a reply box. */
export function ThreadView({ group, permissions, threadId }: GroupTabProps & { threadId: string }) {
  const thread = useApiQuery('groups.getThread', { groupId: group.id, threadId })
  const members = useMentionableMembers(group.id, permissions.member)
  const back = (
    <Anchor component={Link} to={groupPath(group.id, 'discuss')} size="sm">
      ← All threads
    </Anchor>
  )

  if (thread.isError) {
    return (
      <Stack p="md" gap="sm">
        {back}
        <ErrorAlert error={thread.error} onRetry={() => void thread.refetch()} />
      </Stack>
    )
  }
  if (thread.isPending) {
    return (
      <Stack p="md" gap="sm" aria-busy="true" aria-label="Loading thread">
        <Skeleton h={28} w="50%" />
        <Skeleton h={80} />
      </Stack>
    )
  }

  return (
    <GroupChannel
      group={group}
      channel={threadId}
      canWrite={permissions.write}
      header={
        <Stack gap="xs" px="md" pt="sm" pb="xs" style={{ flex: 'none', borderBottom: '1px solid var(--mantine-color-default-border)' }}>
          {back}
          <OpeningPost thread={thread.data} />
        </Stack>
      }
      list={{
        label: 'Replies',
        // A thread has no unread count: its replies are not marked read.
        markRead: false,
        empty: (
          <Center py="xl">
            <Text size="sm" c="dimmed">
              {permissions.write ? 'No replies yet. Write the first one below.' : 'No replies yet.'}
            </Text>
          </Center>
        ),
      }}
      composer={{ members, label: 'Reply', placeholder: 'Reply in this thread — @ to mention, Enter to send', sendLabel: 'Send reply' }}
    />
  )
}

function OpeningPost({ thread }: { thread: Thread }) {
  return (
    <Stack gap={4}>
      <Title order={2} fz="lg" style={{ overflowWrap: 'anywhere' }}>
        {thread.readable ? thread.title : 'A thread you can’t read'}
      </Title>
      <Group gap={6}>
        <Text size="xs" c="dimmed">
          Started by {thread.authorName} on {formatDateTime(thread.createdAt)} · {countLabel(thread.replyCount, 'reply', 'replies')}
        </Text>
      </Group>
      {!thread.readable ? (
        <Text size="sm" fs="italic" c="dimmed">
          {UNREADABLE_TEXT}
        </Text>
      ) : thread.deleted ? (
        <Text size="sm" fs="italic" c="dimmed">
          The opening post was deleted.
        </Text>
      ) : (
        thread.text && (
          <Paper withBorder radius="md" p="sm" bg="var(--mantine-color-default)">
            <ScrollArea.Autosize mah={220} type="auto">
              <div className="planet-markdown">{renderMarkdown(thread.text)}</div>
            </ScrollArea.Autosize>
          </Paper>
        )
      )}
    </Stack>
  )
}
