import { Anchor, Skeleton, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { Link } from 'react-router'
import type { MethodOutput } from '../../../shared/contract'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { contactPath } from '../../app/vault-routes'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { formatDateTime, formatRelativeTime, formatTimeLeft } from '../../ui/format-time'
import { useNow } from '../../ui/use-now'
import { InviteDetails } from './InviteDetails'
import type { InviteStatus } from './invite-options'
import { INVITE_STATUS_COLOR, INVITE_STATUS_LABEL } from './invite-options'
import { SharedCodeList } from './SharedCodeList'

type Invite = MethodOutput<'invites.list'>[number]

/** invites.list: pending first as the core orders them, each with its status and, while pending, Show and Revoke. */
export function InviteList() {
  const invites = useApiQuery('invites.list', {})
  const contacts = useApiQuery('contacts.list', {})
  const now = useNow(60_000)
  const revoke = useApiMutation('invites.revoke', {
    onSuccess: (invite) => notifications.show({ title: 'Invite revoked', message: `${inviteName(invite)} no longer works.`, color: 'gray' }),
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
    <SharedCodeList
      codes={invites.data}
      label="Your invites"
      row={(invite) => {
        const status = effectiveStatus(invite, now)
        return {
          name: inviteName(invite),
          statusLabel: INVITE_STATUS_LABEL[status],
          statusColor: INVITE_STATUS_COLOR[status],
          active: status === 'pending',
          summary: (
            <>
              Created {formatRelativeTime(invite.createdAt, now)} · {describeStatus(invite, status, now)}
              {status === 'accepted' && invite.acceptedBy && (
                <>
                  {' · '}
                  <Anchor component={Link} to={contactPath(invite.acceptedBy)} size="xs">
                    {nameOf(invite.acceptedBy) ?? 'View contact'}
                  </Anchor>
                </>
              )}
            </>
          ),
        }
      }}
      details={(invite) => <InviteDetails invite={invite} />}
      detailsTitle="Invite"
      revoke={revoke}
      revokeInput={(invite) => ({ id: invite.id })}
      revokeTitle="Revoke this invite?"
      revokeLabel="Revoke invite"
      revokeText={(invite) =>
        `The code ${invite?.label ? `you made for ${invite.label} ` : ''}stops working at once: whoever tries it is told it was cancelled. You can create a new invite at any time.`
      }
    />
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
