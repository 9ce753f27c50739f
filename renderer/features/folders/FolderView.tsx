import { ActionIcon, Alert, Anchor, Badge, Box, Breadcrumbs, Button, FileButton, Group, Menu, Progress, Skeleton, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import type { DragEvent, ReactNode } from 'react'
import { useState } from 'react'
import { Link } from 'react-router'
import type { MethodOutput } from '../../../shared/contract'
import { FOLDER_TRANSFER_LIMITS, isConflictCopy } from '../../../shared/domain/folders'
import { useRpcClient } from '../../api/client-context'
import { describeError } from '../../api/error-messages'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { queriesWithInput } from '../../api/query-keys'
import { groupPath } from '../../app/vault-routes'
import { ConfirmModal } from '../../ui/ConfirmModal'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { UploadNotices } from '../../ui/UploadNotices'
import { formatBytes, percentOf } from '../../ui/format-bytes'
import { formatDateTime } from '../../ui/format-time'
import { AlertIcon, DotsIcon, FileIcon, FolderIcon, UploadIcon } from '../../ui/icons'
import type { DocSource } from '../docs/docs-transfer'
import { UploadCancelled } from '../docs/docs-transfer'
import { EmptyStateCard } from '../feeds/EmptyStateCard'
import { countLabel } from '../groups/group-labels'
import type { GroupTabProps } from '../groups/GroupTabPanel'
import { ConflictsModal } from './ConflictsModal'
import { DeletedFilesModal } from './DeletedFilesModal'
import { authorLabel, folderTitle, uploadErrorText } from './folder-status'
import type { FolderRef } from './folder-transfer'
import { tooLargeToUpload, uploadFolderFile } from './folder-transfer'
import { breadcrumbOf, entriesIn, joinPath, nameOf, subfolderExists, uploadTargetProblem } from './folder-tree'
import { FolderStatusText } from './FolderStatusText'
import type { FolderLocation } from './folders-location'
import { folderViewPath } from './folders-location'
import { HistoryModal } from './HistoryModal'
import { useFolderDownload } from './use-folder-download'
import { useFolderPeople } from './use-folder-people'

type SharedFolder = MethodOutput<'folders.list'>[number]
type FolderFile = MethodOutput<'folders.listFiles'>[number]

/** One open shared folder (the address names it): its state from folders.list, then its files. */
export function FolderView({ group, location }: GroupTabProps & { location: FolderLocation }) {
  const folders = useApiQuery('folders.list', { groupId: group.id })
  const back = (
    <Anchor component={Link} to={groupPath(group.id, 'folders')} size="sm">
      ← All shared folders
    </Anchor>
  )
  if (folders.isError) return <ErrorAlert error={folders.error} onRetry={() => void folders.refetch()} />
  if (folders.isPending) return <Skeleton h={240} radius="lg" aria-busy="true" aria-label="Loading folder" />
  const folder = folders.data.find((item) => item.id === location.folderId)
  if (!folder) {
    return (
      <Stack gap="sm" maw={760}>
        <Alert color="yellow" title="This folder is not in the group (any more)">
          An admin may have removed it. Its files stay on the disks where members kept it.
        </Alert>
        {back}
      </Stack>
    )
  }
  if (!folder.available) {
    return (
      <Stack gap="sm" maw={760}>
        <Alert color="yellow" title="Not available on this device yet">
          This device does not hold the folder’s key yet: it comes with the group’s keys from an admin’s device when you are both online.
        </Alert>
        {back}
      </Stack>
    )
  }
  return <FolderContents folder={folder} subfolder={location.subfolder} back={back} />
}

interface UploadRow {
  id: number
  name: string
  path: string
  size: number
  sent: number
  /** A file was at this path: the upload makes a new version of it. */
  replaces: boolean
  error: unknown
  /** Cancel sets it; the upload loop stops before its next chunk. */
  control: { cancelled: boolean }
}

interface PickedFile {
  file: DocSource
  path: string
}

let uploadCounter = 0

function FolderContents({ folder, subfolder, back }: { folder: SharedFolder; subfolder: string; back: ReactNode }) {
  const ref: FolderRef = { groupId: folder.groupId, folderId: folder.id }
  const client = useRpcClient()
  const queryClient = useQueryClient()
  const files = useApiQuery('folders.listFiles', ref)
  const people = useFolderPeople(folder.groupId)
  const downloads = useFolderDownload(ref)
  const resume = useApiMutation('folders.resume')
  const remove = useApiMutation('folders.deleteFile')

  const [uploads, setUploads] = useState<UploadRow[]>([])
  const [refused, setRefused] = useState<string[]>([])
  const [replacing, setReplacing] = useState<PickedFile[]>([])
  const [dragging, setDragging] = useState(false)
  const [deleting, setDeleting] = useState<FolderFile | null>(null)
  const [deleted, setDeleted] = useState<string | null>(null)
  const [historyOf, setHistoryOf] = useState<string | null>(null)
  const [conflictsOpen, setConflictsOpen] = useState(false)
  const [deletedOpen, setDeletedOpen] = useState(false)

  const title = folderTitle(folder)
  const crumbs = breadcrumbOf(title, subfolder)
  const here = crumbs[crumbs.length - 1]!.name
  const all = files.data ?? []
  const byPath = new Map(all.map((file) => [file.path, file]))
  // Conflict copies by their name, to mark them in the list.
  const conflictCopies = new Set(all.filter((file) => isConflictCopy(file.path)).map((file) => file.path))

  function patchUpload(id: number, patch: Partial<UploadRow>) {
    setUploads((rows) => rows.map((row) => (row.id === id ? { ...row, ...patch } : row)))
  }

  /** Sort picked files: refused at once (with why), new ones uploaded now, ones that would replace a file asked about first. */
  function pick(picked: readonly DocSource[]) {
    const problems: string[] = []
    const fresh: PickedFile[] = []
    const replacements: PickedFile[] = []
    for (const file of picked) {
      const path = joinPath(subfolder, file.name)
      const problem = tooLargeToUpload(file.size)
        ? `“${file.name}” is ${formatBytes(file.size)}: a file added here can be at most ${formatBytes(FOLDER_TRANSFER_LIMITS.uploadBytes)}.`
        : uploadTargetProblem(all, path)
      if (problem) problems.push(problem)
      else if (byPath.has(path)) replacements.push({ file, path })
      else fresh.push({ file, path })
    }
    setRefused(problems)
    if (replacements.length > 0) setReplacing(replacements)
    if (fresh.length > 0) void uploadAll(fresh)
  }

  /** One after the other, like My docs: each file's chunks in order, its progress shown, cancellable. */
  async function uploadAll(items: readonly PickedFile[]) {
    const rows = items.map(({ file, path }) => ({
      file,
      row: { id: ++uploadCounter, name: file.name, path, size: file.size, sent: 0, replaces: byPath.has(path), error: null, control: { cancelled: false } } satisfies UploadRow,
    }))
    setUploads((current) => [...current.filter((row) => row.error === null), ...rows.map(({ row }) => row)])
    for (const { file, row } of rows) {
      try {
        await uploadFolderFile(
          file,
          { ...ref, path: row.path },
          {
            startUpload: (input) => client.call('folders.startUpload', input),
            uploadChunk: (input) => client.call('folders.uploadChunk', input),
            finishUpload: (input) => client.call('folders.finishUpload', input),
            cancelUpload: (input) => client.call('folders.cancelUpload', input),
          },
          (sent) => patchUpload(row.id, { sent }),
          row.control,
        )
        setUploads((current) => current.filter((item) => item.id !== row.id))
      } catch (error) {
        if (error instanceof UploadCancelled) setUploads((current) => current.filter((item) => item.id !== row.id))
        else patchUpload(row.id, { error })
      }
      void queryClient.invalidateQueries(queriesWithInput('folders.listFiles', ref))
      void queryClient.invalidateQueries(queriesWithInput('folders.list', { groupId: folder.groupId }))
    }
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault()
    setDragging(false)
    if (!files.isSuccess || folder.paused) return
    const items = [...event.dataTransfer.items]
    const isDirectory = (index: number) => items[index]?.webkitGetAsEntry?.()?.isDirectory ?? false
    const dropped = [...event.dataTransfer.files].filter((_, index) => !isDirectory(index))
    if (items.some((_, index) => isDirectory(index))) setRefused(['Folders cannot be dropped here yet: keep the shared folder on this device and copy the folder into its directory instead.'])
    if (dropped.length > 0) pick(dropped)
  }

  const canChange = files.isSuccess && !folder.paused
  const listing = entriesIn(all, subfolder)

  return (
    <Stack gap="md" maw={1000}>
      {back}
      <Group justify="space-between" align="flex-start" wrap="wrap" gap="sm">
        <Stack gap={4} style={{ minWidth: 0 }}>
          <Title order={2} fz="h3">
            {title}
          </Title>
          <FolderStatusText folder={folder} name={title} />
        </Stack>
        <Group gap="xs">
          {folder.conflicts > 0 && (
            <Button variant="light" color="orange" leftSection={<AlertIcon size={15} />} onClick={() => setConflictsOpen(true)}>
              Conflicts ({folder.conflicts})
            </Button>
          )}
          <Button variant="subtle" color="gray" onClick={() => setDeletedOpen(true)}>
            Deleted files
          </Button>
          <FileButton multiple onChange={(picked) => pick(picked)} disabled={!canChange}>
            {(props) => (
              <Button {...props} leftSection={<UploadIcon size={15} />} disabled={!canChange}>
                Upload files
              </Button>
            )}
          </FileButton>
        </Group>
      </Group>

      {/* At the folder's top the title says where we are; below it, the way back up. */}
      {subfolder !== '' && (
        <nav aria-label="Folder path">
          <Breadcrumbs separator="/">
            {crumbs.map((crumb, index) =>
              index === crumbs.length - 1 ? (
                <Text key={crumb.subfolder} fw={600} aria-current="page">
                  {crumb.name}
                </Text>
              ) : (
                <Anchor key={crumb.subfolder} component={Link} to={folderViewPath(folder.groupId, folder.id, crumb.subfolder)}>
                  {crumb.name}
                </Anchor>
              ),
            )}
          </Breadcrumbs>
        </nav>
      )}

      {folder.paused && (
        <Alert color="gray" title="Sync is paused on this device">
          <Stack gap="xs">
            <Text size="sm">Nothing is sent from this device or written to its disk until you resume. Files can still be downloaded; adding or deleting files waits too.</Text>
            {resume.error ? <ErrorAlert error={resume.error} /> : null}
            <Group>
              <Button size="xs" variant="white" loading={resume.isPending} onClick={() => resume.mutate(ref)}>
                Resume sync
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}

      <UploadNotices
        refused={refused}
        onDismissRefused={(sentence) => setRefused((current) => current.filter((item) => item !== sentence))}
        uploads={uploads.map((row) => (row.replaces ? { ...row, note: `(replaces the current ${row.name}; the old version stays in History)` } : row))}
        errorText={uploadErrorText}
        onRemove={(id) => setUploads((current) => current.filter((item) => item.id !== id))}
      />

      {downloads.active && (
        <Stack gap={4}>
          <Text size="sm">Preparing {downloads.active.name} for download… (parts this device lacks come from the members who hold them)</Text>
          <Progress value={percentOf(downloads.active.received, downloads.active.size)} aria-label={`Downloading ${downloads.active.name}`} />
        </Stack>
      )}
      {downloads.error ? (
        <Alert color="red" title={`“${downloads.error.name}” was not downloaded`} withCloseButton onClose={downloads.clearError}>
          {describeError(downloads.error.reason).message}
        </Alert>
      ) : null}

      {deleted && (
        <Alert color="teal" withCloseButton onClose={() => setDeleted(null)} title={`“${nameOf(deleted)}” was deleted for every member`}>
          <Group gap="xs">
            <Text size="sm">Its earlier versions stay in its history.</Text>
            <Button size="compact-xs" variant="white" onClick={() => setHistoryOf(deleted)}>
              Restore from History
            </Button>
          </Group>
        </Alert>
      )}

      <Box
        role="region"
        aria-label="Drop files to upload"
        onDragOver={(event) => {
          event.preventDefault()
          event.dataTransfer.dropEffect = canChange ? 'copy' : 'none'
          setDragging(canChange)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        p="xs"
        style={{
          border: '1px dashed var(--mantine-color-default-border)',
          borderRadius: 'var(--mantine-radius-md)',
          background: dragging ? 'var(--mantine-color-blue-light)' : undefined,
        }}
      >
        <Text size="xs" c="dimmed" ta="center" mb="xs">
          {canChange
            ? `Drop files here to add them to ${here} for every member (up to ${formatBytes(FOLDER_TRANSFER_LIMITS.uploadBytes)} each). A file with the name of one already here becomes its new version.`
            : folder.paused
              ? 'Resume sync to add files.'
              : 'Files can be added once the list has loaded.'}
        </Text>
        {files.isError ? (
          <ErrorAlert error={files.error} onRetry={() => void files.refetch()} />
        ) : files.isPending ? (
          <Stack gap="xs" aria-busy="true" aria-label="Loading files">
            {[0, 1, 2].map((row) => (
              <Skeleton key={row} h={40} radius="md" />
            ))}
          </Stack>
        ) : listing.folders.length === 0 && listing.files.length === 0 ? (
          <EmptyStateCard
            icon={<FolderIcon size={22} />}
            title={subfolder === '' ? 'No files yet' : subfolderExists(all, subfolder) ? 'This subfolder is empty' : 'Nothing in this subfolder (any more)'}
            description={
              subfolder === ''
                ? 'Upload files with “Upload files” or drop them here. Members who keep the folder on their computer can also just put files into its directory.'
                : 'Its files were moved or deleted. Files uploaded here make it again.'
            }
          />
        ) : (
          <Table highlightOnHover verticalSpacing="xs" aria-label={`Contents of ${here}`}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th w={100}>Size</Table.Th>
                <Table.Th w={180}>Modified</Table.Th>
                <Table.Th w={150}>By</Table.Th>
                <Table.Th w={50}>
                  <VisuallyHidden>Actions</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {listing.folders.map((entry) => (
                <Table.Tr key={`folder:${entry.path}`}>
                  <Table.Td>
                    <Anchor component={Link} to={folderViewPath(folder.groupId, folder.id, entry.path)} aria-label={`Open folder ${entry.name}`}>
                      <Group gap={8} wrap="nowrap">
                        <FolderIcon size={16} />
                        <span>{entry.name}</span>
                      </Group>
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {countLabel(entry.files, 'file')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {formatDateTime(entry.modified)}
                    </Text>
                  </Table.Td>
                  <Table.Td />
                  <Table.Td />
                </Table.Tr>
              ))}
              {listing.files.map(({ name, file }) => (
                <Table.Tr key={file.path} aria-label={name}>
                  <Table.Td>
                    <Group gap={8} wrap="nowrap">
                      <FileIcon size={16} />
                      <Text size="sm" style={{ wordBreak: 'break-word' }}>
                        {name}
                      </Text>
                      {conflictCopies.has(file.path) && (
                        <Badge size="xs" color="orange" variant="light">
                          Conflict copy
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {formatBytes(file.size)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c="dimmed">
                      {formatDateTime(file.mtime)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{authorLabel(file, people.me)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Menu position="bottom-end" shadow="md" width={200}>
                      <Menu.Target>
                        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${name}`}>
                          <DotsIcon size={16} />
                        </ActionIcon>
                      </Menu.Target>
                      <Menu.Dropdown>
                        <Menu.Item onClick={() => void downloads.download({ path: file.path, size: file.size })}>Download</Menu.Item>
                        <Menu.Item onClick={() => setHistoryOf(file.path)}>History</Menu.Item>
                        <Menu.Divider />
                        <Menu.Item
                          color="red"
                          disabled={folder.paused}
                          onClick={() => {
                            remove.reset()
                            setDeleting(file)
                          }}
                        >
                          Delete
                        </Menu.Item>
                      </Menu.Dropdown>
                    </Menu>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </Box>

      <ConfirmModal
        opened={replacing.length > 0}
        onClose={() => setReplacing([])}
        title={replacing.length === 1 ? `Replace “${replacing[0]!.file.name}”?` : `Replace ${replacing.length} files?`}
        confirmLabel="Replace"
        onConfirm={() => {
          const confirmed = replacing
          setReplacing([])
          void uploadAll(confirmed)
        }}
      >
        {replacing.length === 1
          ? `A file named “${replacing[0]!.file.name}” is already in ${here}. Yours becomes its current version, for every member; the old version stays in History.`
          : `These files are already in ${here}: ${replacing.map((item) => item.file.name).join(', ')}. Yours become their current versions, for every member; the old versions stay in History.`}
      </ConfirmModal>

      <ConfirmModal
        opened={deleting !== null}
        onClose={() => {
          setDeleting(null)
          remove.reset()
        }}
        title={deleting ? `Delete “${nameOf(deleting.path)}”?` : 'Delete?'}
        confirmLabel="Delete for everyone"
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => {
          if (!deleting) return
          const path = deleting.path
          remove.mutate(
            { ...ref, path },
            {
              onSuccess: () => {
                setDeleting(null)
                setDeleted(path)
              },
            },
          )
        }}
      >
        It is deleted for every member of the group, and from every disk where the folder is kept. Its earlier versions stay in its history, so it can be restored
        from there.
      </ConfirmModal>

      <HistoryModal
        folder={ref}
        path={historyOf}
        current={historyOf !== null ? (byPath.get(historyOf) ?? null) : null}
        me={people.me}
        onClose={() => setHistoryOf(null)}
        onDownload={(file) => void downloads.download(file)}
      />
      <DeletedFilesModal
        folder={ref}
        opened={deletedOpen}
        subfolder={subfolder}
        me={people.me}
        onClose={() => setDeletedOpen(false)}
        onHistory={(path) => {
          setDeletedOpen(false)
          setHistoryOf(path)
        }}
      />
      <ConflictsModal folder={ref} opened={conflictsOpen} files={all} me={people.me} onClose={() => setConflictsOpen(false)} onDownload={(file) => void downloads.download(file)} />
    </Stack>
  )
}
