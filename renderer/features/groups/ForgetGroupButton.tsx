import { notifications } from '@mantine/notifications'
import { useNavigate } from 'react-router'
import { useApiMutation } from '../../api/hooks'
import { ROUTES } from '../../app/vault-routes'
import { ConfirmButton } from '../../ui/ConfirmButton'
import { TrashIcon } from '../../ui/icons'

/** "Forget group" for a group I left or was removed from: its history is deleted from this device, after a confirmation. */
export function ForgetGroupButton({ groupId, name, variant = 'light' }: { groupId: string; name: string; variant?: 'light' | 'white' }) {
  const navigate = useNavigate()
  const forget = useApiMutation('groups.forget', {
    onSuccess: () => {
      notifications.show({ title: `${name} was forgotten`, message: 'Its history is gone from this device.', color: 'gray' })
      navigate(ROUTES.groups, { replace: true })
    },
  })
  return (
    <ConfirmButton
      label="Forget group"
      buttonProps={{ size: 'xs', variant, color: 'red', leftSection: <TrashIcon size={14} /> }}
      title={`Forget ${name}?`}
      danger
      command={forget}
      input={{ groupId }}
    >
      Its messages, threads and files are deleted from this device. This cannot be undone; the other members keep their copies.
    </ConfirmButton>
  )
}
