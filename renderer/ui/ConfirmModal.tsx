import { Button, Group, Modal, Stack, Text } from '@mantine/core'
import type { ReactNode } from 'react'
import { ErrorAlert } from './ErrorAlert'

export interface ConfirmModalProps {
  opened: boolean
  onClose: () => void
  /** The dialog's title and accessible name: a question ("Remove Ben?"). */
  title: string
  /** What will happen, and what will not. */
  children: ReactNode
  /** The button that does it, named for the action ("Remove contact"), never "OK". */
  confirmLabel: string
  onConfirm: () => void
  /** Red for what cannot be undone. */
  danger?: boolean
  loading?: boolean
  error?: unknown
}

/** "Are you sure?" as a Mantine Modal: Cancel has the focus, the action says what it does. */
export function ConfirmModal({ opened, onClose, title, children, confirmLabel, onConfirm, danger = false, loading = false, error }: ConfirmModalProps) {
  return (
    <Modal opened={opened} onClose={loading ? () => undefined : onClose} title={title} centered>
      <Stack gap="md">
        {typeof children === 'string' ? <Text size="sm">{children}</Text> : children}
        {error ? <ErrorAlert error={error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={loading} data-autofocus>
            Cancel
          </Button>
          <Button color={danger ? 'red' : undefined} onClick={onConfirm} loading={loading}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </Modal>
  )
}
