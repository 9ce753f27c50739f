import { Button, Modal, TextInput } from '@mantine/core'
import { useState } from 'react'
import { useApiMutation } from '../../api/hooks'
import { ActionForm } from '../../ui/ActionForm'
import { folderNameProblem } from './folder-status'

/** "New folder" (admins): a shared folder's name, checked as the core will before it is sent. */
export function NewFolderModal({ groupId, opened, onClose }: { groupId: string; opened: boolean; onClose: () => void }) {
  const create = useApiMutation('folders.create')
  const close = () => {
    if (create.isPending) return
    create.reset()
    onClose()
  }
  return (
    <Modal opened={opened} onClose={close} title="New shared folder" centered>
      {/* Remounted per opening, so the field starts empty each time. */}
      {opened && <NewFolderForm pending={create.isPending} error={create.error} onCancel={close} onSubmit={(name) => create.mutate({ groupId, name }, { onSuccess: close })} />}
    </Modal>
  )
}

function NewFolderForm({ pending, error, onCancel, onSubmit }: { pending: boolean; error: unknown; onCancel: () => void; onSubmit: (name: string) => void }) {
  const [name, setName] = useState('')
  const [touched, setTouched] = useState(false)
  const problem = folderNameProblem(name)
  return (
    <ActionForm
      label="New shared folder"
      onSubmit={(event) => {
        event.preventDefault()
        setTouched(true)
        if (!problem) onSubmit(name.trim())
      }}
      gap="md"
      error={error}
      submitLabel="Create folder"
      pending={pending}
      cancel={
        <Button variant="default" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      }
    >
      <TextInput
        label="Folder name"
        description="Every member sees this name. The folder starts empty; each member chooses whether to keep it on their own computer."
        value={name}
        onChange={(event) => setName(event.currentTarget.value)}
        error={touched && problem ? problem : null}
        data-autofocus
      />
    </ActionForm>
  )
}
