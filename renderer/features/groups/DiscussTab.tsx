import { Badge, Button, Group, Modal, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import type { MethodOutput } from '../../../shared/contract'
import { useApiQuery } from '../../api/hooks'
import { threadPath } from '../../app/vault-routes'
import { CardList } from '../../ui/CardList'
import { formatRelativeTime } from '../../ui/format-time'
import { ChatIcon, PlusIcon } from '../../ui/icons'
import { LinkRow } from '../../ui/LinkRow'
import { QueryList } from '../../ui/QueryList'
import { useNow } from '../../ui/use-now'
import type { GroupTabProps } from './GroupTabPanel'
import { countLabel } from './group-labels'
import { NewThreadForm } from './NewThreadForm'

type Thread = MethodOutput<'groups.listThreads'>[number]

/** Discuss: threads on one topic each, most recent activity first, and "New thread". */
export function DiscussTab({ group, permissions }: GroupTabProps) {
  const navigate = useNavigate()
  const threads = useApiQuery('groups.listThreads', { groupId: group.id })
  const [creating, setCreating] = useState(false)
  const now = useNow(60_000)

  return (
    <Stack gap="md" maw={820}>
      <Group justify="space-between" align="flex-end">
        <Text size="sm" c="dimmed" maw={520}>
          Longer conversations, one topic per thread, so they do not get lost in the chat.
        </Text>
        {permissions.write && (
          <Button leftSection={<PlusIcon size={16} />} onClick={() => setCreating(true)}>
            New thread
          </Button>
        )}
      </Group>

      <QueryList
        query={threads}
        loading={{ label: 'Loading threads', rows: 2, height: 64 }}
        empty={{
          icon: <ChatIcon size={26} />,
          title: 'No threads yet',
          description: permissions.write
            ? 'Start one with “New thread” when a topic deserves its own conversation: a plan, a question, a decision.'
            : 'Members start threads for topics that deserve their own conversation.',
        }}
      >
        {(items) => (
          <CardList label="Threads">
            {items.map((thread) => (
              <ThreadRow key={thread.id} groupId={group.id} thread={thread} now={now} />
            ))}
          </CardList>
        )}
      </QueryList>

      <Modal opened={creating} onClose={() => setCreating(false)} title="New thread" size="lg" centered>
        <NewThreadForm
          groupId={group.id}
          onCancel={() => setCreating(false)}
          onCreated={(thread) => {
            setCreating(false)
            navigate(threadPath(group.id, thread.id))
          }}
        />
      </Modal>
    </Stack>
  )
}

function ThreadRow({ groupId, thread, now }: { groupId: string; thread: Thread; now: number }) {
  return (
    <LinkRow to={threadPath(groupId, thread.id)}>
      <Stack gap={2}>
        <Group gap="xs" wrap="nowrap">
          <Text fw={600} truncate>
            {thread.readable ? thread.title : '🔒 A thread you can’t read'}
          </Text>
          {thread.deleted && (
            <Badge size="xs" variant="light" color="gray">
              Opening post deleted
            </Badge>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          by {thread.authorName} · {countLabel(thread.replyCount, 'reply', 'replies')} · last activity {formatRelativeTime(thread.lastActivityAt, now)}
        </Text>
      </Stack>
    </LinkRow>
  )
}
