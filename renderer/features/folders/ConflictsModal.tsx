import { Button, Code, Group, Modal, Paper, Skeleton, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { authorLabel, formatVersionTime } from './folder-status'
import type { FolderRef } from './folder-transfer'
import { nameOf } from './folder-tree'
import type { FolderDownload } from './use-folder-download'

type FolderFile = MethodOutput<'folders.listFiles'>[number]
type Conflict = MethodOutput<'folders.conflicts'>[number]

export interface ConflictsModalProps {
  folder: FolderRef
  opened: boolean
  /** The folder's files: a copy's entry names its author and size. */
  files: readonly FolderFile[]
  me: string | null
  onClose: () => void
  onDownload: (file: FolderDownload) => void
}

/**
 * The folder's conflict copies: what each belongs to, whose edit it holds and
 * when. Merging is by hand (download both, combine them, upload the result);
 * then the copy is deleted, for every member.
 */
export function ConflictsModal({ folder, opened, files, me, onClose, onDownload }: ConflictsModalProps) {
  const remove = useApiMutation('folders.deleteFile')
  const close = () => {
    if (remove.isPending) return
    remove.reset()
    onClose()
  }
  return (
    <Modal opened={opened} onClose={close} title="Conflicts" centered size="xl">
      {opened && <ConflictList folder={folder} files={files} me={me} remove={remove} onDownload={onDownload} onClose={close} />}
    </Modal>
  )
}

interface ConflictListProps {
  folder: FolderRef
  files: readonly FolderFile[]
  me: string | null
  remove: ReturnType<typeof useApiMutation<'folders.deleteFile'>>
  onDownload: (file: FolderDownload) => void
  onClose: () => void
}

function ConflictList({ folder, files, me, remove, onDownload, onClose }: ConflictListProps) {
  const conflicts = useApiQuery('folders.conflicts', folder)
  const [deleting, setDeleting] = useState<Conflict | null>(null)
  const byPath = new Map(files.map((file) => [file.path, file]))

  return (
    <Stack gap="md">
      <Text size="sm">
        When two members change the same file at the same time, both edits are kept: the newer one stays under the file’s name, and the other is saved beside it
        as a copy named like <Code>name.sync-conflict-DATE-TIME-DEVICE.ext</Code> (as Syncthing does). Merge the two by hand, then delete the copy.
      </Text>
      {conflicts.isError ? (
        <ErrorAlert error={conflicts.error} onRetry={() => void conflicts.refetch()} />
      ) : conflicts.isPending ? (
        <Skeleton h={72} radius="md" aria-busy="true" aria-label="Loading conflicts" />
      ) : conflicts.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          No conflicts: every file has a single current version.
        </Text>
      ) : (
        <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Conflict copies">
          {conflicts.data.map((conflict) => {
            const copy = byPath.get(conflict.copyPath)
            const who = copy ? authorLabel(copy, me) : 'another member'
            const copyName = nameOf(conflict.copyPath)
            return (
              <Paper component="li" key={conflict.copyPath} withBorder radius="md" px="md" py="sm" aria-label={`Conflict copy ${copyName}`}>
                <Stack gap={6}>
                  <Text size="sm" fw={600} style={{ wordBreak: 'break-word' }}>
                    {conflict.path}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ wordBreak: 'break-word' }}>
                    The copy {copyName} holds {who === 'You' ? 'your' : `${who}’s`} edit of {formatVersionTime(conflict.time)}.
                  </Text>
                  {deleting?.copyPath === conflict.copyPath ? (
                    <Stack gap="xs">
                      <Text size="sm">
                        Delete the copy now? Do it once its changes are in “{nameOf(conflict.path)}”. It is deleted for every member; its versions stay in its history.
                      </Text>
                      {remove.error ? <ErrorAlert error={remove.error} /> : null}
                      <Group gap="xs" justify="flex-end">
                        <Button
                          size="compact-sm"
                          variant="default"
                          disabled={remove.isPending}
                          onClick={() => {
                            remove.reset()
                            setDeleting(null)
                          }}
                        >
                          Keep it
                        </Button>
                        <Button
                          size="compact-sm"
                          color="red"
                          loading={remove.isPending}
                          onClick={() => remove.mutate({ ...folder, path: conflict.copyPath }, { onSuccess: () => setDeleting(null) })}
                        >
                          Delete the copy
                        </Button>
                      </Group>
                    </Stack>
                  ) : (
                    <Group gap="xs">
                      <Button size="compact-sm" variant="default" aria-label={`Download ${copyName}`} onClick={() => onDownload({ path: conflict.copyPath, size: copy?.size ?? 0 })}>
                        Download the copy
                      </Button>
                      {byPath.has(conflict.path) && (
                        <Button size="compact-sm" variant="default" aria-label={`Download ${nameOf(conflict.path)}`} onClick={() => onDownload({ path: conflict.path, size: byPath.get(conflict.path)!.size })}>
                          Download the current file
                        </Button>
                      )}
                      <Button
                        size="compact-sm"
                        variant="light"
                        color="red"
                        aria-label={`Delete ${copyName}`}
                        onClick={() => {
                          remove.reset()
                          setDeleting(conflict)
                        }}
                      >
                        Delete the copy…
                      </Button>
                    </Group>
                  )}
                </Stack>
              </Paper>
            )
          })}
        </Stack>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Close
        </Button>
      </Group>
    </Stack>
  )
}
