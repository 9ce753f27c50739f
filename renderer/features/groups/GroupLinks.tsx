import { Alert, Button, Group, Skeleton, Stack, Text } from '@mantine/core'
import type { FormEvent } from 'react'
import { useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import type { GroupVisibility } from '../../../shared/domain/groups'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { formatDateTime, formatTimeLeft } from '../../ui/format-time'
import { CheckIcon, LinkIcon } from '../../ui/icons'
import { useNow } from '../../ui/use-now'
import { ExpirySelect } from '../invites/ExpirySelect'
import { DEFAULT_EXPIRY } from '../invites/invite-options'
import { SharedCodeList } from '../invites/SharedCodeList'
import { GroupLinkDetails } from './GroupLinkDetails'

type GroupLink = MethodOutput<'groups.createLink'>

/** What a link does depends on the group's visibility: say it before the admin shares one. */
const LINK_EFFECT: Record<GroupVisibility, string> = {
  open: 'Anyone who has the link joins at once, until it expires. Share it only where you would invite everyone who reads it.',
  restricted: 'Whoever uses the link asks to join; you or another admin approve each person under Join requests.',
  private: 'Each link lets exactly one person in. Make one per person.',
}

const STATUS_COLOR: Record<GroupLink['status'], string> = { active: 'indigo', expired: 'gray', revoked: 'red', used: 'teal' }
const STATUS_LABEL: Record<GroupLink['status'], string> = { active: 'Active', expired: 'Expired', revoked: 'Revoked', used: 'Used' }

/** Admins: make a group link (expiry 1, 7 or 30 days), see it to copy, and the list of links with Revoke. */
export function GroupLinks({ groupId, visibility }: { groupId: string; visibility: GroupVisibility }) {
  const [expiry, setExpiry] = useState<string>(DEFAULT_EXPIRY)
  const [created, setCreated] = useState<GroupLink | null>(null)
  const create = useApiMutation('groups.createLink', { onSuccess: setCreated })

  function submit(event: FormEvent) {
    event.preventDefault()
    create.mutate({ groupId, expiresInHours: Number(expiry) })
  }

  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        {LINK_EFFECT[visibility]}
      </Text>
      <form onSubmit={submit} aria-label="Create a group link">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <ExpirySelect label="Link expires in" value={expiry} onChange={setExpiry} disabled={create.isPending} />
          <Button type="submit" variant="light" leftSection={<LinkIcon size={16} />} loading={create.isPending}>
            Create link
          </Button>
        </Group>
      </form>
      {create.error && <ErrorAlert error={create.error} />}
      {created && (
        <Alert color="teal" variant="light" icon={<CheckIcon />} title="Your group link is ready" withCloseButton closeButtonLabel="Hide link" onClose={() => setCreated(null)}>
          <GroupLinkDetails link={created} />
        </Alert>
      )}
      <GroupLinkList groupId={groupId} />
    </Stack>
  )
}

function GroupLinkList({ groupId }: { groupId: string }) {
  const links = useApiQuery('groups.listLinks', { groupId })
  const now = useNow(60_000)
  const revoke = useApiMutation('groups.revokeLink')

  if (links.isError) return <ErrorAlert error={links.error} onRetry={() => void links.refetch()} />
  if (links.isPending) return <Skeleton h={56} radius="md" aria-label="Loading group links" />
  if (links.data.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No links yet.
      </Text>
    )
  }
  return (
    <SharedCodeList
      codes={links.data}
      label="Group links"
      row={(link) => {
        const status = link.status === 'active' && link.expiresAt <= now ? 'expired' : link.status
        return {
          name: linkName(link),
          statusLabel: STATUS_LABEL[status],
          statusColor: STATUS_COLOR[status],
          active: status === 'active',
          summary: (
            <>
              {link.singleUse ? 'Single use' : `Used ${link.uses} ${link.uses === 1 ? 'time' : 'times'}`} ·{' '}
              {status === 'active' ? `expires ${formatTimeLeft(link.expiresAt, now)}` : `made ${formatDateTime(link.createdAt)}`}
            </>
          ),
        }
      }}
      details={(link) => <GroupLinkDetails link={link} />}
      detailsTitle="Group link"
      // Links have no names of their own: each button says which link it is for.
      namedButtons
      revoke={revoke}
      revokeInput={(link) => ({ groupId, linkId: link.id })}
      revokeTitle="Revoke this group link?"
      revokeLabel="Revoke link"
      revokeText={() =>
        'It stops working at once: whoever tries it is told it was cancelled. People who already joined with it stay in the group.'
      }
    />
  )
}

/** A link's name in the list: the end of its code, which is what an admin can compare with what they sent. */
function linkName(link: GroupLink): string {
  return `Link …${link.code.replace(/[^A-Za-z0-9]/g, '').slice(-5)}`
}
