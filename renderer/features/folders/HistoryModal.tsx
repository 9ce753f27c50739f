import { Alert, Badge, Button, Group, Modal, Skeleton, Stack, Table, Text, VisuallyHidden } from '@mantine/core'
import { useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { formatBytes } from '../../ui/format-bytes'
import { authorLabel, formatVersionTime } from './folder-status'
import type { FolderRef } from './folder-transfer'
import { nameOf } from './folder-tree'
import type { FolderDownload } from './use-folder-download'

type Version = MethodOutput<'folders.history'>[number]

export interface HistoryModalProps {
  folder: FolderRef
  /** The file whose history is open; null when closed. May be a deleted file: its versions stay. */
  path: string | null
  /** The file's current version as folders.listFiles gives it; null for a deleted file. */
  current: { hash: string; time: number } | null
  me: string | null
  onClose: () => void
  onDownload: (file: FolderDownload) => void
}

/**
 * A file's history: every version any member still holds, newest first
 * (who, when, size; deletions marked). Each older version can be downloaded,
 * or restored: it becomes the newest version for every member, and what was
 * current stays in the history.
 */
export function HistoryModal({ folder, path, current, me, onClose, onDownload }: HistoryModalProps) {
  const restore = useApiMutation('folders.restore')
  const close = () => {
    if (restore.isPending) return
    restore.reset()
    onClose()
  }
  return (
    <Modal opened={path !== null} onClose={close} title={path ? `History of ${nameOf(path)}` : 'History'} centered size="xl">
      {path !== null && <HistoryBody key={path} folder={folder} path={path} current={current} me={me} restore={restore} onDownload={onDownload} onClose={close} />}
    </Modal>
  )
}

interface HistoryBodyProps {
  folder: FolderRef
  path: string
  current: { hash: string; time: number } | null
  me: string | null
  restore: ReturnType<typeof useApiMutation<'folders.restore'>>
  onDownload: (file: FolderDownload) => void
  onClose: () => void
}

function HistoryBody({ folder, path, current, me, restore, onDownload, onClose }: HistoryBodyProps) {
  const history = useApiQuery('folders.history', { ...folder, path })
  const [confirming, setConfirming] = useState<Version | null>(null)
  const [restored, setRestored] = useState<Version | null>(null)
  const name = nameOf(path)

  if (confirming) {
    return (
      <Stack gap="md">
        <Text size="sm">
          Restore the version of {formatVersionTime(confirming.time)} by {authorLabel(confirming, me)} ({formatBytes(confirming.size)})? It becomes the current “{name}” for
          every member, and on every disk where the folder is kept. The version it replaces stays in this history.
        </Text>
        {restore.error ? <ErrorAlert error={restore.error} /> : null}
        <Group justify="flex-end">
          <Button
            variant="default"
            onClick={() => {
              restore.reset()
              setConfirming(null)
            }}
            disabled={restore.isPending}
            data-autofocus
          >
            Back
          </Button>
          <Button
            loading={restore.isPending}
            onClick={() =>
              restore.mutate(
                { ...folder, path, versionId: confirming.id },
                {
                  onSuccess: () => {
                    setRestored(confirming)
                    setConfirming(null)
                  },
                },
              )
            }
          >
            Restore this version
          </Button>
        </Group>
      </Stack>
    )
  }

  if (history.isError) return <ErrorAlert error={history.error} onRetry={() => void history.refetch()} />
  if (history.isPending) {
    return (
      <Stack gap="xs" aria-busy="true" aria-label="Loading history">
        {[0, 1, 2].map((row) => (
          <Skeleton key={row} h={36} radius="md" />
        ))}
      </Stack>
    )
  }
  const versions = history.data
  return (
    <Stack gap="md">
      {restored && (
        <Alert color="teal" withCloseButton onClose={() => setRestored(null)} title="Version restored">
          The version of {formatVersionTime(restored.time)} is now the current “{name}”. Members who are online get it now; the others when they next connect.
        </Alert>
      )}
      {versions.length === 0 ? (
        <Text size="sm" c="dimmed">
          No member’s device holds a version of this file.
        </Text>
      ) : (
        <Table verticalSpacing="xs" aria-label={`Versions of ${name}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Who</Table.Th>
              <Table.Th w={100}>Size</Table.Th>
              <Table.Th w={220}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.map((version) => {
              const isCurrent = current !== null && !version.deleted && version.hash === current.hash && version.time === current.time
              const who = authorLabel(version, me)
              const when = formatVersionTime(version.time)
              const label = version.deleted ? `Deleted ${when} by ${who}` : `Version of ${when} by ${who}`
              return (
                <Table.Tr key={version.id} aria-label={label}>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Text size="sm">{when}</Text>
                      {isCurrent && (
                        <Badge size="xs" variant="light">
                          Current
                        </Badge>
                      )}
                      {version.deleted && (
                        <Badge size="xs" color="red" variant="light">
                          Deleted
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{who}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {version.deleted ? '—' : formatBytes(version.size)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {/* A deletion has no bytes to download; restoring one would delete the file, which Delete does plainly. */}
                    {!version.deleted && (
                      <Group gap={6} justify="flex-end" wrap="nowrap">
                        <Button size="compact-sm" variant="default" aria-label={`Download ${label}`} onClick={() => onDownload({ path, versionId: version.id, size: version.size })}>
                          Download
                        </Button>
                        {!isCurrent && (
                          <Button
                            size="compact-sm"
                            variant="light"
                            aria-label={`Restore ${label}`}
                            onClick={() => {
                              restore.reset()
                              setRestored(null)
                              setConfirming(version)
                            }}
                          >
                            Restore
                          </Button>
                        )}
                      </Group>
                    )}
                  </Table.Td>
                </Table.Tr>
              )
            })}
          </Table.Tbody>
        </Table>
      )}
      <Group justify="flex-end">
        <Button variant="default" onClick={onClose}>
          Close
        </Button>
      </Group>
    </Stack>
  )
}
