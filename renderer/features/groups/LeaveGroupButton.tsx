import { Anchor, Button, Stack, Text } from '@mantine/core'
import type { ButtonProps } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { Link } from 'react-router'
import { useApiMutation } from '../../api/hooks'
import { groupPath } from '../../app/vault-routes'
import { ConfirmButton } from '../../ui/ConfirmButton'
import { LogOutIcon } from '../../ui/icons'

const LOOK: ButtonProps = { color: 'red', variant: 'light', leftSection: <LogOutIcon size={16} /> }

/** "Leave group", after a confirmation. The owner cannot leave (GROUP_OWNER_CANNOT_LEAVE): they are told to hand the group over first. */
export function LeaveGroupButton({ groupId, name, owner }: { groupId: string; name: string; owner: boolean }) {
  const leave = useApiMutation('groups.leave', {
    onSuccess: () => notifications.show({ message: `You left ${name}.`, color: 'gray' }),
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
        <Button {...LOOK} disabled>
          Leave group
        </Button>
      </Stack>
    )
  }

  return (
    <ConfirmButton label="Leave group" buttonProps={LOOK} title={`Leave ${name}?`} danger command={leave} input={{ groupId }}>
      The group switches to a new key when you go: you cannot read anything written after you leave, and you can only come back if an admin
      invites you again. What you already have stays on this device until you forget the group.
    </ConfirmButton>
  )
}
