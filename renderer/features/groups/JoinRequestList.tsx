import { Badge, Button, Group, Paper, Skeleton, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { CardList } from '../../ui/CardList'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { formatRelativeTime } from '../../ui/format-time'
import { useNow } from '../../ui/use-now'

/**
 * Admins: people who used a group link of a restricted group (or accepted an
 * invitation) and wait to be let in. Approving adds them the next time their
 * device and an admin's are online together.
 */
export function JoinRequestList({ groupId }: { groupId: string }) {
  const requests = useApiQuery('groups.listJoinRequests', { groupId })
  const now = useNow(60_000)
  const approve = useApiMutation('groups.approveRequest', {
    onSuccess: (request) => notifications.show({ message: `${request.name} was let in.`, color: 'teal' }),
  })
  const refuse = useApiMutation('groups.refuseRequest', {
    onSuccess: (request) => notifications.show({ message: `${request.name}’s request was refused.`, color: 'gray' }),
  })

  if (requests.isError) return <ErrorAlert error={requests.error} onRetry={() => void requests.refetch()} />
  if (requests.isPending) return <Skeleton h={56} radius="md" aria-label="Loading join requests" />

  const pending = requests.data.filter((request) => request.status === 'pending')
  const busyWith = approve.isPending ? approve.variables?.requestId : refuse.isPending ? refuse.variables?.requestId : undefined
  if (pending.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No one is waiting to join. Requests appear here when someone uses a link of a restricted group.
      </Text>
    )
  }
  return (
    <Stack gap="xs">
      {(approve.error ?? refuse.error) && <ErrorAlert error={approve.error ?? refuse.error} />}
      <CardList label="Join requests">
        {pending.map((request) => (
          <Paper component="li" key={request.id} withBorder radius="md" px="md" py="sm">
            <Group justify="space-between" wrap="nowrap" gap="sm" align="flex-start">
              <Stack gap={2} style={{ minWidth: 0 }}>
                <Group gap="xs">
                  <Text fw={600} truncate>
                    {request.name}
                  </Text>
                  <Badge size="xs" variant="light" color="gray">
                    {request.via === 'link' ? 'Used a group link' : 'Accepted an invitation'}
                  </Badge>
                </Group>
                {request.note && (
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    “{request.note}”
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  Asked {formatRelativeTime(request.requestedAt, now)}
                </Text>
              </Stack>
              <Group gap="xs" wrap="nowrap">
                <Button
                  size="xs"
                  aria-label={`Approve ${request.name}`}
                  loading={approve.isPending && busyWith === request.id}
                  disabled={busyWith !== undefined}
                  onClick={() => approve.mutate({ groupId, requestId: request.id })}
                >
                  Approve
                </Button>
                <Button
                  size="xs"
                  variant="light"
                  color="red"
                  aria-label={`Refuse ${request.name}`}
                  loading={refuse.isPending && busyWith === request.id}
                  disabled={busyWith !== undefined}
                  onClick={() => refuse.mutate({ groupId, requestId: request.id })}
                >
                  Refuse
                </Button>
              </Group>
            </Group>
          </Paper>
        ))}
      </CardList>
    </Stack>
  )
}
