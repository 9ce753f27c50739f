import { Anchor, Button, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { Link } from 'react-router'
import { useApiMutation } from '../../api/hooks'
import { groupPath } from '../../app/vault-routes'
import { ConfirmModal } from '../../ui/ConfirmModal'
import { LogOutIcon } from '../../ui/icons'

/** "Leave group", after a confirmation. The owner cannot leave (GROUP_OWNER_CANNOT_LEAVE): they are told to hand the group over first. */
export function LeaveGroupButton({ groupId, name, owner }: { groupId: string; name: string; owner: boolean }) {
  const [confirming, setConfirming] = useState(false)
  const leave = useApiMutation('groups.leave', {
    onSuccess: () => {
      setConfirming(false)
      notifications.show({ message: `You left ${name}.`, color: 'gray' })
    },
  })

  if (owner) {
    return (
      <Stack gap="xs" align="flex-start">
        <Text size="sm">
          You are the owner, so you cannot leave yet. First transfer ownership to another member in{' '}
          <Anchor component={Link} to={groupPath(groupId, 'members')} inherit>
            Members
          </Anchor>{' '}
          (“Transfer ownership” in their menu); you become an admin and can then leave.
        </Text>
        <Button color="red" variant="light" leftSection={<LogOutIcon size={16} />} disabled>
          Leave group
        </Button>
      </Stack>
    )
  }

  return (
    <>
      <Button color="red" variant="light" leftSection={<LogOutIcon size={16} />} onClick={() => setConfirming(true)}>
        Leave group
      </Button>
      <ConfirmModal
        opened={confirming}
        onClose={() => {
          setConfirming(false)
          leave.reset()
        }}
        title={`Leave ${name}?`}
        confirmLabel="Leave group"
        danger
        loading={leave.isPending}
        error={leave.error}
        onConfirm={() => leave.mutate({ groupId })}
      >
        The group switches to a new key when you go: you cannot read anything written after you leave, and you can only come back if an admin
        invites you again. What you already have stays on this device until you forget the group.
      </ConfirmModal>
    </>
  )
}
