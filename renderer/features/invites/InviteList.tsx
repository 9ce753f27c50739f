import { Anchor, Badge, Button, Group, Modal, Paper, Skeleton, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { Link } from 'react-router'
import type { MethodOutput } from '../../../shared/contract'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { contactPath } from '../../app/vault-routes'
import { ConfirmModal } from '../../ui/ConfirmModal'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { formatDateTime, formatRelativeTime, formatTimeLeft } from '../../ui/format-time'
import { useNow } from '../../ui/use-now'
import { InviteDetails } from './InviteDetails'
import type { InviteStatus } from './invite-options'
import { INVITE_STATUS_COLOR, INVITE_STATUS_LABEL } from './invite-options'

type Invite = MethodOutput<'invites.list'>[number]

/** invites.list: pending first as the core orders them, each with its status and, while pending, Show and Revoke. */
export function InviteList() {
  const invites = useApiQuery('invites.list', {})
  const contacts = useApiQuery('contacts.list', {})
  const now = useNow(60_000)
  const [shown, setShown] = useState<Invite | null>(null)
  const [revoking, setRevoking] = useState<Invite | null>(null)
  const revoke = useApiMutation('invites.revoke', {
    onSuccess: (invite) => {
      setRevoking(null)
      notifications.show({ title: 'Invite revoked', message: `${inviteName(invite)} no longer works.`, color: 'gray' })
    },
  })

  if (invites.isError) return <ErrorAlert error={invites.error} onRetry={() => void invites.refetch()} />
  if (invites.isPending) {
    return (
      <Stack gap="xs" aria-busy="true" aria-label="Loading your invites">
        <Skeleton h={56} />
        <Skeleton h={56} />
      </Stack>
    )
  }
  if (invites.data.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No invites yet. Create one above and send it to someone you want to talk to.
      </Text>
    )
  }

  const nameOf = (id: string | null) => (id ? contacts.data?.find((contact) => contact.id === id)?.displayName : undefined)

  return (
    <>
      <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Your invites">
        {invites.data.map((invite) => {
          const status = effectiveStatus(invite, now)
          const acceptedName = nameOf(invite.acceptedBy)
          return (
            <Paper component="li" key={invite.id} withBorder radius="md" px="md" py="sm">
              <Group justify="space-between" wrap="nowrap" gap="sm">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap="xs" wrap="nowrap">
                    <Text fw={600} size="sm" truncate>
                      {inviteName(invite)}
                    </Text>
                    <Badge size="sm" variant="light" color={INVITE_STATUS_COLOR[status]}>
                      {INVITE_STATUS_LABEL[status]}
                    </Badge>
                  </Group>
                  <Text size="xs" c="dimmed">
                    Created {formatRelativeTime(invite.createdAt, now)} · {describeStatus(invite, status, now)}
                    {status === 'accepted' && invite.acceptedBy && (
                      <>
                        {' · '}
                        <Anchor component={Link} to={contactPath(invite.acceptedBy)} size="xs">
                          {acceptedName ?? 'View contact'}
                        </Anchor>
                      </>
                    )}
                  </Text>
                </Stack>
                {status === 'pending' && (
                  <Group gap="xs" wrap="nowrap">
                    <Button size="xs" variant="default" onClick={() => setShown(invite)}>
                      Show
                    </Button>
                    <Button size="xs" variant="light" color="red" onClick={() => setRevoking(invite)}>
                      Revoke
                    </Button>
                  </Group>
                )}
              </Group>
            </Paper>
          )
        })}
      </Stack>

      <Modal opened={shown !== null} onClose={() => setShown(null)} title={shown ? inviteName(shown) : 'Invite'} size="lg" centered>
        {shown && <InviteDetails invite={shown} />}
      </Modal>

      <ConfirmModal
        opened={revoking !== null}
        onClose={() => {
          setRevoking(null)
          revoke.reset()
        }}
        title="Revoke this invite?"
        confirmLabel="Revoke invite"
        danger
        loading={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking && revoke.mutate({ id: revoking.id })}
      >
        {`The code ${revoking?.label ? `you made for ${revoking.label} ` : ''}stops working at once: whoever tries it is told it was cancelled. You can create a new invite at any time.`}
      </ConfirmModal>
    </>
  )
}

function inviteName(invite: { label: string }): string {
  return invite.label ? `Invite for ${invite.label}` : 'Invite'
}

/** A pending invite whose time ran out is expired, even before the core's list catches up. */
function effectiveStatus(invite: Invite, now: number): InviteStatus {
  return invite.status === 'pending' && invite.expiresAt <= now ? 'expired' : invite.status
}

function describeStatus(invite: Invite, status: InviteStatus, now: number): string {
  switch (status) {
    case 'pending':
      return `expires ${formatTimeLeft(invite.expiresAt, now)}`
    case 'accepted':
      return invite.acceptedAt ? `accepted ${formatRelativeTime(invite.acceptedAt, now)}` : 'accepted'
    case 'expired':
      return `expired ${formatDateTime(invite.expiresAt)}`
    case 'revoked':
      return 'revoked'
  }
}
