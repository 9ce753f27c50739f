import { Button, Checkbox, Modal, Radio, Skeleton, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { ActionForm } from '../../ui/ActionForm'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { subfolderChoices } from './folder-tree'

type SharedFolder = MethodOutput<'folders.list'>[number]

/**
 * "Choose subfolders": selective sync, this device only. Everything, or some
 * of the folder's top-level subfolders (from its file list: a subfolder
 * exists while a file is in it).
 */
export function SelectiveSyncModal({ folder, title, onClose }: { folder: SharedFolder | null; title: string; onClose: () => void }) {
  const save = useApiMutation('folders.setSelected')
  const close = () => {
    if (save.isPending) return
    save.reset()
    onClose()
  }
  return (
    <Modal opened={folder !== null} onClose={close} title={`Choose what “${title}” keeps on this device`} centered size="lg">
      {folder && (
        <ChoiceLoader
          folder={folder}
          pending={save.isPending}
          error={save.error}
          onCancel={close}
          onSubmit={(selected) => save.mutate({ groupId: folder.groupId, folderId: folder.id, selected }, { onSuccess: close })}
        />
      )}
    </Modal>
  )
}

interface ChoiceProps {
  folder: SharedFolder
  pending: boolean
  error: unknown
  onCancel: () => void
  onSubmit: (selected: string[] | null) => void
}

function ChoiceLoader(props: ChoiceProps) {
  const files = useApiQuery('folders.listFiles', { groupId: props.folder.groupId, folderId: props.folder.id })
  if (files.isError) return <ErrorAlert error={files.error} onRetry={() => void files.refetch()} />
  if (files.isPending) return <Skeleton h={120} radius="md" aria-busy="true" aria-label="Loading subfolders" />
  return <ChoiceForm {...props} choices={subfolderChoices(files.data, props.folder.selected)} />
}

function ChoiceForm({ folder, pending, error, onCancel, onSubmit, choices }: ChoiceProps & { choices: string[] }) {
  const [mode, setMode] = useState<'all' | 'some'>(folder.selected === null ? 'all' : 'some')
  const [picked, setPicked] = useState<string[]>(folder.selected ?? [])
  const [touched, setTouched] = useState(false)
  const problem = mode === 'some' && picked.length === 0 ? 'Tick at least one subfolder, or keep everything.' : null
  return (
    <ActionForm
      label="Subfolders kept on this device"
      onSubmit={(event) => {
        event.preventDefault()
        setTouched(true)
        if (!problem) onSubmit(mode === 'all' ? null : picked)
      }}
      gap="md"
      error={error}
      submitLabel="Save"
      pending={pending}
      cancel={
        <Button variant="default" onClick={onCancel} disabled={pending}>
          Cancel
        </Button>
      }
    >
      <Text size="sm">
        This device downloads and syncs only what you choose; the other members are not affected. Files you leave out that are already on this disk stay
        there, but stop syncing.
      </Text>
      <Radio.Group value={mode} onChange={(value) => setMode(value === 'some' ? 'some' : 'all')} label="Keep on this device">
        <Stack gap="xs" mt="xs">
          <Radio value="all" label="Everything in the folder" />
          <Radio value="some" label="Only the subfolders I tick" description="Files at the folder’s top level are then left out too." disabled={choices.length === 0} />
        </Stack>
      </Radio.Group>
      {choices.length === 0 ? (
        <Text size="sm" c="dimmed">
          This folder has no subfolders yet.
        </Text>
      ) : (
        <Checkbox.Group value={picked} onChange={setPicked} label="Subfolders" error={touched && problem ? problem : null}>
          <Stack gap={6} mt="xs">
            {choices.map((name) => (
              <Checkbox key={name} value={name} label={name} disabled={mode === 'all'} />
            ))}
          </Stack>
        </Checkbox.Group>
      )}
    </ActionForm>
  )
}
