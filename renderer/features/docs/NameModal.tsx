import { Button, Group, Modal, Stack, TextInput } from '@mantine/core'
import { useState } from 'react'
import { nameProblem } from '../../../shared/domain/docs'
import { ErrorAlert } from '../../ui/ErrorAlert'

export interface NameModalProps {
  opened: boolean
  onClose: () => void
  /** The dialog's title and accessible name ("New folder", "Rename report.pdf"). */
  title: string
  label: string
  initial: string
  confirmLabel: string
  onSubmit: (name: string) => void
  loading: boolean
  error: unknown
}

/** A name for a new folder or a rename, checked here as the core will (shared/domain/docs.ts) before it is sent. */
export function NameModal({ opened, onClose, title, label, initial, confirmLabel, onSubmit, loading, error }: NameModalProps) {
  return (
    <Modal opened={opened} onClose={loading ? () => undefined : onClose} title={title} centered>
      {/* Remounted per opening, so the field starts from `initial` each time. */}
      {opened && <NameForm label={label} initial={initial} confirmLabel={confirmLabel} onSubmit={onSubmit} onCancel={onClose} loading={loading} error={error} />}
    </Modal>
  )
}

function NameForm({ label, initial, confirmLabel, onSubmit, onCancel, loading, error }: Omit<NameModalProps, 'opened' | 'onClose' | 'title'> & { onCancel: () => void }) {
  const [name, setName] = useState(initial)
  const [touched, setTouched] = useState(false)
  const problem = nameProblem(name.normalize('NFC'))
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault()
        setTouched(true)
        if (!problem) onSubmit(name.normalize('NFC'))
      }}
    >
      <Stack gap="md">
        <TextInput label={label} value={name} onChange={(event) => setName(event.currentTarget.value)} error={touched && problem ? problem : null} data-autofocus />
        {error ? <ErrorAlert error={error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel} disabled={loading}>
            Cancel
          </Button>
          <Button type="submit" loading={loading}>
            {confirmLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
