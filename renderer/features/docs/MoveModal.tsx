import { Button, Group, Modal, Select, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import { isWithin, parentOf } from '../../../shared/domain/docs'
import { useApiQuery } from '../../api/hooks'
import { ErrorAlert } from '../../ui/ErrorAlert'

export interface MoveTarget {
  name: string
  path: string
  kind: 'file' | 'folder'
}

/** "My docs / Projects / 2026" for a folder path. */
export function folderLabel(folder: string): string {
  return folder === '' ? 'My docs' : `My docs / ${folder.split('/').join(' / ')}`
}

/** Where an item can go: every folder but where it is now, and (a folder) itself and what is inside it. */
export function moveDestinations(folders: readonly string[], item: MoveTarget): string[] {
  return folders.filter((folder) => folder !== parentOf(item.path) && !(item.kind === 'folder' && isWithin(folder, item.path)))
}

export function MoveModal({ item, onClose, onMove, loading, error }: { item: MoveTarget | null; onClose: () => void; onMove: (toFolder: string) => void; loading: boolean; error: unknown }) {
  return (
    <Modal opened={item !== null} onClose={loading ? () => undefined : onClose} title={item ? `Move “${item.name}”` : 'Move'} centered>
      {item && <MoveForm item={item} onCancel={onClose} onMove={onMove} loading={loading} error={error} />}
    </Modal>
  )
}

function MoveForm({ item, onCancel, onMove, loading, error }: { item: MoveTarget; onCancel: () => void; onMove: (toFolder: string) => void; loading: boolean; error: unknown }) {
  const folders = useApiQuery('docs.listFolders', {})
  const [target, setTarget] = useState<string | null>(null)
  const options = moveDestinations(folders.data ?? [], item).map((folder) => ({ value: folder === '' ? '/' : folder, label: folderLabel(folder) }))
  return (
    <Stack gap="md">
      {folders.isError ? <ErrorAlert error={folders.error} onRetry={() => void folders.refetch()} /> : null}
      {folders.isSuccess && options.length === 0 ? (
        <Text size="sm">There is no other folder to move it to. Make one with “New folder” first.</Text>
      ) : (
        <Select
          label="Move to folder"
          placeholder={folders.isPending ? 'Loading folders…' : 'Choose a folder'}
          data={options}
          value={target}
          onChange={setTarget}
          searchable
          nothingFoundMessage="No such folder"
          comboboxProps={{ withinPortal: true }}
        />
      )}
      {error ? <ErrorAlert error={error} /> : null}
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel} disabled={loading}>
          Cancel
        </Button>
        <Button onClick={() => target !== null && onMove(target === '/' ? '' : target)} disabled={target === null} loading={loading}>
          Move here
        </Button>
      </Group>
    </Stack>
  )
}
