import { Button, Code, Group, Modal, Paper, Skeleton, Stack, Text } from '@mantine/core'
import { useApiQuery } from '../../api/hooks'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { authorLabel, formatVersionTime } from './folder-status'
import type { FolderRef } from './folder-transfer'
import { isInside, nameOf } from './folder-tree'

export interface DeletedFilesModalProps {
  folder: FolderRef
  opened: boolean
  /** The subfolder being looked at ('' = the whole folder): only deletions in it are listed. */
  subfolder: string
  me: string | null
  onClose: () => void
  /** Open a deleted file's history (where Restore is). */
  onHistory: (path: string) => void
}

/**
 * Files deleted from the folder (by any member). Nothing is lost on delete:
 * every version stays in the file's history, and this list is the way back
 * to it after the page that deleted it is gone.
 */
export function DeletedFilesModal({ folder, opened, subfolder, me, onClose, onHistory }: DeletedFilesModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={subfolder === '' ? 'Deleted files' : `Deleted files in ${nameOf(subfolder)}`} centered size="lg">
      {opened && <DeletedList folder={folder} subfolder={subfolder} me={me} onHistory={onHistory} />}
    </Modal>
  )
}

function DeletedList({ folder, subfolder, me, onHistory }: Omit<DeletedFilesModalProps, 'opened' | 'onClose'>) {
  const deleted = useApiQuery('folders.listDeleted', folder)
  if (deleted.isError) return <ErrorAlert error={deleted.error} onRetry={() => void deleted.refetch()} />
  if (deleted.isPending) return <Skeleton h={120} radius="md" aria-busy="true" aria-label="Loading deleted files" />
  const here = deleted.data.filter((file) => subfolder === '' || isInside(file.path, subfolder))
  if (here.length === 0) return <Text size="sm">No files were deleted {subfolder === '' ? 'from this folder' : 'here'}.</Text>
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        A deleted file keeps its versions: open its history to download one or restore it for every member.
      </Text>
      {here.map((file) => (
        <Paper key={file.path} withBorder p="sm" radius="md" aria-label={`Deleted ${file.path}`}>
          <Group justify="space-between" wrap="nowrap">
            <Stack gap={2} style={{ minWidth: 0 }}>
              <Code style={{ wordBreak: 'break-all' }}>{file.path}</Code>
              <Text size="xs" c="dimmed">
                Deleted by {authorLabel(file, me)}, {formatVersionTime(file.time)}
              </Text>
            </Stack>
            <Button size="xs" variant="light" onClick={() => onHistory(file.path)} aria-label={`History of ${file.path}`}>
              History…
            </Button>
          </Group>
        </Paper>
      ))}
    </Stack>
  )
}
