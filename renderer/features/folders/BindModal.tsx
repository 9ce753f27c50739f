import { Button, Modal, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import { hasCode } from '../../api/error-messages'
import { useApiMutation } from '../../api/hooks'
import { ActionForm } from '../../ui/ActionForm'
import { directoryProblem } from './folder-status'

type SharedFolder = MethodOutput<'folders.list'>[number]

/**
 * "Keep on this device…": the directory this device keeps the folder in.
 * A typed path, in the desktop app as in a browser tab: the window has no
 * directory picker (no IPC for one), and a browser cannot hand a directory's
 * path to a page at all.
 */
export function BindModal({ folder, title, onClose }: { folder: SharedFolder | null; title: string; onClose: () => void }) {
  const bind = useApiMutation('folders.bind')
  const close = () => {
    if (bind.isPending) return
    bind.reset()
    onClose()
  }
  return (
    <Modal opened={folder !== null} onClose={close} title={`Keep “${title}” on this device`} centered size="lg">
      {folder && (
        <BindForm
          folder={folder}
          pending={bind.isPending}
          error={bind.error}
          onCancel={close}
          onSubmit={(dir) => bind.mutate({ groupId: folder.groupId, folderId: folder.id, dir }, { onSuccess: close })}
          onEdit={() => bind.reset()}
        />
      )}
    </Modal>
  )
}

interface BindFormProps {
  folder: SharedFolder
  pending: boolean
  error: unknown
  onCancel: () => void
  onSubmit: (dir: string) => void
  /** The person changed the path: the core's last refusal no longer applies. */
  onEdit: () => void
}

function BindForm({ folder, pending, error, onCancel, onSubmit, onEdit }: BindFormProps) {
  const [dir, setDir] = useState(folder.dir ?? '')
  const [touched, setTouched] = useState(false)
  const problem = directoryProblem(dir)
  // The core's reason is specific ("That path is a file…"): it belongs under the field.
  const refused = hasCode(error, 'FOLDER_BAD_DIR') ? (error as Error).message || 'PLANET cannot use that directory.' : null
  return (
    <ActionForm
      label="Directory for this folder"
      onSubmit={(event) => {
        event.preventDefault()
        setTouched(true)
        if (!problem) onSubmit(dir.trim())
      }}
      gap="md"
      error={refused ? null : error}
      submitLabel="Keep it here"
      pending={pending}
      cancel={
        <Button variant="default" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      }
    >
      <Stack gap={6}>
        <Text size="sm">
          PLANET keeps the folder’s files in this directory and syncs it both ways: what you change there reaches every member, and their changes are
          written there. It creates the directory if it does not exist. Files already in it are added to the shared folder, for every member.
        </Text>
        {folder.dir && (
          <Text size="sm" c="dimmed">
            It is kept in {folder.dir} now. Nothing is moved: the files there stay, but stop syncing once you choose another directory.
          </Text>
        )}
      </Stack>
      <TextInput
        label="Directory on this computer"
        description="Type its full path, starting from the top of the disk. Not inside PLANET’s own data directory, and not inside another shared folder’s directory."
        placeholder={navigatorIsWindows() ? 'C:\\Users\\you\\Shared folder' : '/home/you/Shared folder'}
        value={dir}
        onChange={(event) => {
          setDir(event.currentTarget.value)
          if (refused) onEdit()
        }}
        error={refused ?? (touched && problem ? problem : null)}
        spellCheck={false}
        autoComplete="off"
        data-autofocus
      />
    </ActionForm>
  )
}

/** Only to show a familiar example path; nothing depends on it. */
function navigatorIsWindows(): boolean {
  return typeof navigator !== 'undefined' && /Windows/i.test(navigator.userAgent)
}
