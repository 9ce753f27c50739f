import { Button, Stack, Title } from '@mantine/core'
import { useEffect, useMemo, useRef } from 'react'
import { Link, useLocation } from 'react-router'
import { useApiQuery } from '../../api/hooks'
import { ROUTES } from '../../app/vault-routes'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { GroupsIcon, PlusIcon } from '../../ui/icons'
import { PageHeader } from '../../ui/PageHeader'
import { QueryList } from '../../ui/QueryList'
import { SectionCard } from '../../ui/SectionCard'
import { useNow } from '../../ui/use-now'
import { readInviteRouteState } from '../invites/invite-route-state'
import { GroupList } from './GroupList'
import { InvitationList } from './InvitationList'
import { JoinGroupForm } from './JoinGroupForm'
import { OutgoingRequestList } from './OutgoingRequestList'

/**
 * /groups: invitations waiting for an answer, my groups, "Join a group" with
 * a link or code, and my join requests. A planet:// group link opened from
 * the system lands here with the code in the router state: it fills in the
 * join form, and nothing happens without a click.
 */
export function GroupsPage() {
  const location = useLocation()
  const incoming = readInviteRouteState(location.state)
  const groups = useApiQuery('groups.list', {})
  const invitations = useApiQuery('groups.listInvitations', {})
  const requests = useApiQuery('groups.listOutgoingRequests', {})
  const now = useNow(60_000)
  const joinRef = useRef<HTMLDivElement>(null)

  const hasIncoming = incoming !== null
  useEffect(() => {
    if (hasIncoming) joinRef.current?.scrollIntoView({ block: 'center' })
  }, [hasIncoming, location.key])

  const openInvitations = invitations.data?.filter((invitation) => invitation.status === 'pending' || invitation.status === 'joining') ?? []
  const groupNames = useMemo(() => new Map(groups.data?.map((group) => [group.id, group.name])), [groups.data])

  return (
    <Stack maw={760} gap="lg">
      <PageHeader
        title="Groups"
        description="Chat, announcements and discussions with several people at once, encrypted for the members only."
        action={
          <Button component={Link} to={ROUTES.newGroup} leftSection={<PlusIcon size={16} />}>
            New group
          </Button>
        }
      />

      {invitations.isError && <ErrorAlert error={invitations.error} onRetry={() => void invitations.refetch()} />}
      {openInvitations.length > 0 && (
        <SectionCard title="Invitations" description="Contacts who invited you into a group.">
          <InvitationList invitations={openInvitations} now={now} />
        </SectionCard>
      )}

      <section aria-labelledby="your-groups-title">
        <Title order={2} fz="lg" id="your-groups-title" mb="sm">
          Your groups
        </Title>
        <QueryList
          query={groups}
          loading={{ label: 'Loading groups', rows: 2, height: 68 }}
          empty={{
            icon: <GroupsIcon size={28} />,
            title: 'No groups yet',
            description: 'Create one for your team, family or club with “New group”, or join one below with the link an admin sent you.',
          }}
        >
          {(items) => <GroupList groups={items} now={now} />}
        </QueryList>
      </section>

      <div ref={joinRef}>
        <SectionCard title="Join a group" description="An admin sent you a group link or code? Paste it here.">
          {/* A new incoming link (another one opened) starts a fresh form. */}
          <JoinGroupForm key={incoming ? location.key : 'join'} initialCode={incoming?.inviteCode} />
        </SectionCard>
      </div>

      {requests.isError && <ErrorAlert error={requests.error} onRetry={() => void requests.refetch()} />}
      {requests.data && requests.data.length > 0 && (
        <SectionCard title="Your join requests" description="Requests you sent with a group link, waiting for an admin.">
          <OutgoingRequestList requests={requests.data} groupNames={groupNames} now={now} />
        </SectionCard>
      )}
    </Stack>
  )
}
