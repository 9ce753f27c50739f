import { Alert, Badge, Button, Group, Modal, NativeSelect, Paper, Skeleton, Stack, Text } from '@mantine/core'
import type { FormEvent } from 'react'
import { useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import type { GroupVisibility } from '../../../shared/domain/groups'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { ConfirmModal } from '../../ui/ConfirmModal'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { formatDateTime, formatTimeLeft } from '../../ui/format-time'
import { CheckIcon, LinkIcon } from '../../ui/icons'
import { useNow } from '../../ui/use-now'
import { DEFAULT_EXPIRY, EXPIRY_OPTIONS } from '../invites/invite-options'
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
          <NativeSelect
            label="Link expires in"
            data={EXPIRY_OPTIONS.map((option) => ({ value: option.value, label: option.label }))}
            value={expiry}
            onChange={(event) => setExpiry(event.currentTarget.value)}
            disabled={create.isPending}
            miw={160}
          />
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
  const [shown, setShown] = useState<GroupLink | null>(null)
  const [revoking, setRevoking] = useState<GroupLink | null>(null)
  const revoke = useApiMutation('groups.revokeLink', { onSuccess: () => setRevoking(null) })

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
    <>
      <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Group links">
        {links.data.map((link) => {
          const status = link.status === 'active' && link.expiresAt <= now ? 'expired' : link.status
          const name = linkName(link)
          return (
            <Paper component="li" key={link.id} withBorder radius="md" px="md" py="sm">
              <Group justify="space-between" wrap="nowrap" gap="sm">
                <Stack gap={2} style={{ minWidth: 0 }}>
                  <Group gap="xs" wrap="nowrap">
                    <Text fw={600} size="sm" truncate>
                      {name}
                    </Text>
                    <Badge size="sm" variant="light" color={STATUS_COLOR[status]}>
                      {STATUS_LABEL[status]}
                    </Badge>
                  </Group>
                  <Text size="xs" c="dimmed">
                    {link.singleUse ? 'Single use' : `Used ${link.uses} ${link.uses === 1 ? 'time' : 'times'}`} ·{' '}
                    {status === 'active' ? `expires ${formatTimeLeft(link.expiresAt, now)}` : `made ${formatDateTime(link.createdAt)}`}
                  </Text>
                </Stack>
                {status === 'active' && (
                  <Group gap="xs" wrap="nowrap">
                    <Button size="xs" variant="default" aria-label={`Show ${name}`} onClick={() => setShown(link)}>
                      Show
                    </Button>
                    <Button size="xs" variant="light" color="red" aria-label={`Revoke ${name}`} onClick={() => setRevoking(link)}>
                      Revoke
                    </Button>
                  </Group>
                )}
              </Group>
            </Paper>
          )
        })}
      </Stack>
      <Modal opened={shown !== null} onClose={() => setShown(null)} title={shown ? linkName(shown) : 'Group link'} size="lg" centered>
        {shown && <GroupLinkDetails link={shown} />}
      </Modal>
      <ConfirmModal
        opened={revoking !== null}
        onClose={() => {
          setRevoking(null)
          revoke.reset()
        }}
        title="Revoke this group link?"
        confirmLabel="Revoke link"
        danger
        loading={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking && revoke.mutate({ groupId, linkId: revoking.id })}
      >
        It stops working at once: whoever tries it is told it was cancelled. People who already joined with it stay in the group.
      </ConfirmModal>
    </>
  )
}

/** A link's name in the list: the end of its code, which is what an admin can compare with what they sent. */
function linkName(link: GroupLink): string {
  return `Link …${link.code.replace(/[^A-Za-z0-9]/g, '').slice(-5)}`
}
