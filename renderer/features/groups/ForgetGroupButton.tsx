import { Button } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useState } from 'react'
import { useNavigate } from 'react-router'
import { useApiMutation } from '../../api/hooks'
import { ROUTES } from '../../app/vault-routes'
import { ConfirmModal } from '../../ui/ConfirmModal'
import { TrashIcon } from '../../ui/icons'

/** "Forget group" for a group I left or was removed from: its history is deleted from this device, after a confirmation. */
export function ForgetGroupButton({ groupId, name, variant = 'light' }: { groupId: string; name: string; variant?: 'light' | 'white' }) {
  const navigate = useNavigate()
  const [confirming, setConfirming] = useState(false)
  const forget = useApiMutation('groups.forget', {
    onSuccess: () => {
      notifications.show({ title: `${name} was forgotten`, message: 'Its history is gone from this device.', color: 'gray' })
      navigate(ROUTES.groups, { replace: true })
    },
  })
  return (
    <>
      <Button size="xs" variant={variant} color="red" leftSection={<TrashIcon size={14} />} onClick={() => setConfirming(true)}>
        Forget group
      </Button>
      <ConfirmModal
        opened={confirming}
        onClose={() => {
          setConfirming(false)
          forget.reset()
        }}
        title={`Forget ${name}?`}
        confirmLabel="Forget group"
        danger
        loading={forget.isPending}
        error={forget.error}
        onConfirm={() => forget.mutate({ groupId })}
      >
        Its messages, threads and files are deleted from this device. This cannot be undone; the other members keep their copies.
      </ConfirmModal>
    </>
  )
}
