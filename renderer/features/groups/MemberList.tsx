import { Skeleton, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useMemo, useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import { ROLE_RANK } from '../../../shared/domain/groups'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { CardList } from '../../ui/CardList'
import { ConfirmCommand } from '../../ui/ConfirmCommand'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { useNow } from '../../ui/use-now'
import { ROLE_LABEL } from './group-labels'
import type { MemberMenuHandlers } from './MemberMenu'
import { MemberRow } from './MemberRow'

type Group = MethodOutput<'groups.get'>
type Member = MethodOutput<'groups.listMembers'>[number]

/** groups.listMembers, owner and admins first, with each member's menu; removal and hand-over ask first. */
export function MemberList({ group }: { group: Group }) {
  const members = useApiQuery('groups.listMembers', { groupId: group.id })
  const now = useNow(30_000)
  const [removing, setRemoving] = useState<Member | null>(null)
  const [transferring, setTransferring] = useState<Member | null>(null)

  const setRole = useApiMutation('groups.setRole')
  const mute = useApiMutation('groups.muteMember')
  const remove = useApiMutation('groups.removeMember', {
    onSuccess: () => {
      notifications.show({ title: `${removing?.name ?? 'The member'} was removed`, message: 'The group switched to a new key.', color: 'gray' })
    },
  })
  const transfer = useApiMutation('groups.setRole', {
    onSuccess: () => {
      notifications.show({ title: `${transferring?.name ?? 'They'} now own the group`, message: 'You are an admin.', color: 'teal' })
    },
  })

  const { mutate: setRoleMutate } = setRole
  const { mutate: muteMutate } = mute
  const handlers = useMemo<MemberMenuHandlers>(
    () => ({
      onSetRole: (member, role) =>
        setRoleMutate(
          { groupId: group.id, memberId: member.id, role },
          { onSuccess: () => notifications.show({ message: `${member.name} is now ${role === 'admin' ? 'an' : 'a'} ${ROLE_LABEL[role].toLowerCase()}.`, color: 'teal' }) },
        ),
      onTransfer: setTransferring,
      onMute: (member, minutes) =>
        muteMutate(
          { groupId: group.id, memberId: member.id, minutes },
          { onSuccess: () => notifications.show({ message: minutes === 0 ? `${member.name} can post again.` : `${member.name} is muted.`, color: 'gray' }) },
        ),
      onRemove: setRemoving,
    }),
    [group.id, setRoleMutate, muteMutate],
  )

  if (members.isError) return <ErrorAlert error={members.error} onRetry={() => void members.refetch()} />
  if (members.isPending) {
    return (
      <Stack gap="xs" aria-busy="true" aria-label="Loading members">
        <Skeleton h={60} radius="md" />
        <Skeleton h={60} radius="md" />
      </Stack>
    )
  }

  const sorted = [...members.data].sort((a, b) => ROLE_RANK[b.role] - ROLE_RANK[a.role] || a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }))
  const failed = setRole.error ?? mute.error
  return (
    <Stack gap="sm">
      {failed && <ErrorAlert error={failed} />}
      {sorted.length === 1 && (
        <Text size="sm" c="dimmed">
          Only you so far. Invite a contact or share a group link below.
        </Text>
      )}
      <CardList label="Group members">
        {sorted.map((member) => (
          <MemberRow key={member.id} member={member} myRole={group.membership === 'member' ? group.myRole : null} now={now} handlers={handlers} />
        ))}
      </CardList>

      <ConfirmCommand
        input={removing && { groupId: group.id, memberId: removing.id }}
        onClose={() => setRemoving(null)}
        command={remove}
        title={`Remove ${removing?.name ?? 'this member'} from the group?`}
        confirmLabel="Remove from group"
        danger
      >
        They keep what they already received, but the group switches to a new key: they cannot read anything written from now on. They can
        only come back if an admin invites them again.
      </ConfirmCommand>
      <ConfirmCommand
        input={transferring && { groupId: group.id, memberId: transferring.id, role: 'owner' as const }}
        onClose={() => setTransferring(null)}
        command={transfer}
        title={`Make ${transferring?.name ?? 'this member'} the owner?`}
        confirmLabel="Transfer ownership"
      >
        They become the owner and you become an admin. Only the owner can change admins or hand the group over, so only they can give it back.
      </ConfirmCommand>
    </Stack>
  )
}
