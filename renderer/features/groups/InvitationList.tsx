import { Anchor, Badge, Button, Group, Loader, Paper, Stack, Text } from '@mantine/core'
import { Link } from 'react-router'
import type { MethodOutput } from '../../../shared/contract'
import { useApiMutation } from '../../api/hooks'
import { groupPath } from '../../app/vault-routes'
import { CardList } from '../../ui/CardList'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { formatRelativeTime } from '../../ui/format-time'
import { MODE_BADGE } from './group-labels'

type Invitation = MethodOutput<'groups.listInvitations'>[number]

/**
 * Invitations from my contacts: "<from> invited you to <group>", Accept or
 * Decline. Accepting is a promise: the inviting admin's PLANET adds me the
 * next time we are online together, so it shows "Joining…" until then.
 */
export function InvitationList({ invitations, now }: { invitations: readonly Invitation[]; now: number }) {
  const accept = useApiMutation('groups.acceptInvitation')
  const decline = useApiMutation('groups.declineInvitation')
  const busyWith = accept.isPending ? accept.variables?.id : decline.isPending ? decline.variables?.id : undefined

  return (
    <Stack gap="xs">
      {(accept.error ?? decline.error) && <ErrorAlert error={accept.error ?? decline.error} />}
      <CardList label="Group invitations">
        {invitations.map((invitation) => (
          <Paper component="li" key={invitation.id} withBorder radius="md" px="md" py="sm">
            <Group justify="space-between" wrap="wrap" gap="sm">
              <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
                <Group gap="xs">
                  <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
                    {invitation.fromName} invited you to {invitation.groupName}
                  </Text>
                  <Badge size="xs" variant="light">
                    {MODE_BADGE[invitation.mode]}
                  </Badge>
                </Group>
                <Text size="xs" c="dimmed">
                  {formatRelativeTime(invitation.receivedAt, now)}
                </Text>
              </Stack>
              {invitation.status === 'pending' ? (
                <Group gap="xs" wrap="nowrap">
                  <Button
                    size="xs"
                    aria-label={`Accept invitation to ${invitation.groupName}`}
                    loading={accept.isPending && busyWith === invitation.id}
                    disabled={busyWith !== undefined}
                    onClick={() => accept.mutate({ id: invitation.id })}
                  >
                    Accept
                  </Button>
                  <Button
                    size="xs"
                    variant="default"
                    aria-label={`Decline invitation to ${invitation.groupName}`}
                    loading={decline.isPending && busyWith === invitation.id}
                    disabled={busyWith !== undefined}
                    onClick={() => decline.mutate({ id: invitation.id })}
                  >
                    Decline
                  </Button>
                </Group>
              ) : invitation.status === 'joining' ? (
                <Group gap={6} wrap="nowrap" role="status">
                  <Loader size={14} aria-hidden="true" />
                  <Text size="sm" c="dimmed">
                    Joining… you are added when you and {invitation.fromName} are online together.
                  </Text>
                </Group>
              ) : invitation.status === 'joined' ? (
                <Anchor component={Link} to={groupPath(invitation.groupId)} size="sm">
                  Open {invitation.groupName}
                </Anchor>
              ) : (
                <Text size="sm" c="dimmed">
                  Declined
                </Text>
              )}
            </Group>
          </Paper>
        ))}
      </CardList>
    </Stack>
  )
}
