import { ActionIcon, Alert, Anchor, Breadcrumbs, Button, FileButton, Group, Menu, Paper, Progress, Skeleton, Stack, Table, Text, UnstyledButton, VisuallyHidden } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import type { DragEvent } from 'react'
import { useState } from 'react'
import { Link, useLocation, useNavigate } from 'react-router'
import type { MethodOutput } from '../../../shared/contract'
import { DOCS_LIMITS, previewKind } from '../../../shared/domain/docs'
import { useRpcClient } from '../../api/client-context'
import { describeError, hasCode } from '../../api/error-messages'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { apiQueryKey } from '../../api/query-keys'
import { ConfirmModal } from '../../ui/ConfirmModal'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { UploadNotices } from '../../ui/UploadNotices'
import { formatBytes, percentOf } from '../../ui/format-bytes'
import { formatDateTime } from '../../ui/format-time'
import { DotsIcon, FileIcon, FolderIcon, PlusIcon, UploadIcon } from '../../ui/icons'
import { PageHeader } from '../../ui/PageHeader'
import { EmptyStateCard } from '../feeds/EmptyStateCard'
import { breadcrumbOf, docsPath, folderFromPathname } from './docs-location'
import type { DocSource } from './docs-transfer'
import { UploadCancelled, uploadDoc } from './docs-transfer'
import { MoveModal } from './MoveModal'
import { NameModal } from './NameModal'
import { PreviewModal } from './PreviewModal'
import type { DocFile } from './use-doc-download'
import { useDocDownload } from './use-doc-download'

type DocEntry = MethodOutput<'docs.list'>['entries'][number]

/** /docs/*: the folder comes from the rest of the address (docs-location.ts). */
export function DocsRoute() {
  const location = useLocation()
  const folder = folderFromPathname(location.pathname)
  if (folder === null) {
    return (
      <Stack maw={960} gap="lg">
        <PageHeader title="My docs" />
        <Alert color="yellow" title="No such folder">
          This address does not point at a folder. <Anchor component={Link} to={docsPath('')}>Open My docs</Anchor>
        </Alert>
      </Stack>
    )
  }
  return <DocsPage key={folder} folder={folder} />
}

interface UploadRow {
  id: number
  name: string
  size: number
  sent: number
  error: unknown
  /** Cancel sets it; the upload loop stops before its next chunk. */
  control: { cancelled: boolean }
}

let uploadCounter = 0

function DocsPage({ folder }: { folder: string }) {
  const navigate = useNavigate()
  const client = useRpcClient()
  const queryClient = useQueryClient()
  const list = useApiQuery('docs.list', { folder })
  const downloads = useDocDownload()

  const [uploads, setUploads] = useState<UploadRow[]>([])
  const [refused, setRefused] = useState<string[]>([])
  const [dragging, setDragging] = useState(false)
  const [newFolder, setNewFolder] = useState(false)
  const [renaming, setRenaming] = useState<DocEntry | null>(null)
  const [moving, setMoving] = useState<DocEntry | null>(null)
  const [deleting, setDeleting] = useState<DocEntry | null>(null)
  const [previewing, setPreviewing] = useState<DocFile | null>(null)

  const createFolder = useApiMutation('docs.createFolder')
  const rename = useApiMutation('docs.rename')
  const move = useApiMutation('docs.move')
  const remove = useApiMutation('docs.delete')

  function patchUpload(id: number, patch: Partial<UploadRow>) {
    setUploads((rows) => rows.map((row) => (row.id === id ? { ...row, ...patch } : row)))
  }

  /** Upload files one after the other; a name already in the folder gets " (2)" (nothing is overwritten). */
  async function uploadAll(files: readonly DocSource[]) {
    const tooBig = files.filter((file) => file.size > DOCS_LIMITS.fileBytes)
    setRefused(tooBig.map((file) => `“${file.name}” is ${formatBytes(file.size)}: a file in My docs can be at most ${formatBytes(DOCS_LIMITS.fileBytes)}.`))
    const rows = files.filter((file) => file.size <= DOCS_LIMITS.fileBytes).map((file) => ({ file, row: { id: ++uploadCounter, name: file.name, size: file.size, sent: 0, error: null, control: { cancelled: false } } }))
    setUploads((current) => [...current.filter((row) => row.error === null && row.sent < row.size), ...rows.map(({ row }) => row)])
    for (const { file, row } of rows) {
      try {
        await uploadDoc(
          file,
          folder,
          {
            startUpload: (input) => client.call('docs.startUpload', input),
            uploadChunk: (input) => client.call('docs.uploadChunk', input),
            finishUpload: (input) => client.call('docs.finishUpload', input),
            cancelUpload: (input) => client.call('docs.cancelUpload', input),
          },
          (sent) => patchUpload(row.id, { sent }),
          'keepBoth',
          row.control,
        )
        setUploads((current) => current.filter((item) => item.id !== row.id))
      } catch (error) {
        if (error instanceof UploadCancelled) setUploads((current) => current.filter((item) => item.id !== row.id))
        else patchUpload(row.id, { error })
      }
      void queryClient.invalidateQueries({ queryKey: apiQueryKey('docs.list') })
    }
  }

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault()
    setDragging(false)
    const items = [...event.dataTransfer.items]
    const folders = items.filter((item) => item.kind === 'file' && item.webkitGetAsEntry?.()?.isDirectory).length
    const files = [...event.dataTransfer.files].filter((_, index) => !(items[index]?.webkitGetAsEntry?.()?.isDirectory ?? false))
    if (folders > 0) setRefused([`Folders cannot be dropped yet: make the folder with “New folder”, open it, and drop its files there.`])
    if (files.length > 0) void uploadAll(files)
  }

  const where = folder === '' ? 'My docs' : `“${folder.slice(folder.lastIndexOf('/') + 1)}”`

  return (
    <Stack maw={960} gap="lg">
      <PageHeader
        title="My docs"
        description="Your private files and folders, encrypted on this device. Nobody else can read them."
        action={
          <Group gap="xs">
            <Button variant="default" leftSection={<PlusIcon size={15} />} onClick={() => setNewFolder(true)}>
              New folder
            </Button>
            <FileButton multiple onChange={(files) => void uploadAll(files)}>
              {(props) => (
                <Button {...props} leftSection={<UploadIcon size={15} />}>
                  Upload files
                </Button>
              )}
            </FileButton>
          </Group>
        }
      />

      <nav aria-label="Folder path">
        <Breadcrumbs separator="/">
          {breadcrumbOf(folder).map((crumb, index, all) =>
            index === all.length - 1 ? (
              <Text key={crumb.folder} fw={600} aria-current="page">
                {crumb.name}
              </Text>
            ) : (
              <Anchor key={crumb.folder} component={Link} to={docsPath(crumb.folder)}>
                {crumb.name}
              </Anchor>
            ),
          )}
        </Breadcrumbs>
      </nav>

      <Paper
        role="region"
        aria-label="Drop files to upload"
        withBorder
        radius="md"
        p="md"
        onDragOver={(event) => {
          event.preventDefault()
          event.dataTransfer.dropEffect = 'copy'
          setDragging(true)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        style={{ borderStyle: 'dashed', background: dragging ? 'var(--mantine-color-blue-light)' : undefined }}
      >
        <Text size="sm" c="dimmed" ta="center">
          Drop files here to upload them to {where} (up to {formatBytes(DOCS_LIMITS.fileBytes)} each).
        </Text>
      </Paper>

      <UploadNotices
        refused={refused}
        onDismissRefused={(sentence) => setRefused((current) => current.filter((item) => item !== sentence))}
        uploads={uploads}
        errorText={(error) => describeError(error).message}
        onRemove={(id) => setUploads((current) => current.filter((item) => item.id !== id))}
      />

      {downloads.active && (
        <Stack gap={4}>
          <Text size="sm">Preparing {downloads.active.name} for download…</Text>
          <Progress value={percentOf(downloads.active.received, downloads.active.size)} aria-label={`Downloading ${downloads.active.name}`} />
        </Stack>
      )}
      {downloads.error ? <ErrorAlert error={downloads.error} /> : null}

      {list.isError ? (
        hasCode(list.error, 'DOCS_NOT_FOUND') ? (
          <Alert color="yellow" title="This folder is not in My docs (any more)">
            It may have been moved or deleted. <Anchor component={Link} to={docsPath('')}>Open My docs</Anchor>
          </Alert>
        ) : (
          <ErrorAlert error={list.error} onRetry={() => void list.refetch()} />
        )
      ) : list.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label="Loading files">
          {[0, 1, 2].map((row) => (
            <Skeleton key={row} h={40} radius="md" />
          ))}
        </Stack>
      ) : list.data.entries.length === 0 ? (
        <EmptyStateCard
          icon={<FolderIcon size={22} />}
          title={folder === '' ? 'No files yet' : 'This folder is empty'}
          description="Upload files with “Upload files” or drop them above; make folders with “New folder”."
        />
      ) : (
        <Table highlightOnHover verticalSpacing="xs" aria-label={`Contents of ${folder === '' ? 'My docs' : folder}`}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th w={110}>Size</Table.Th>
              <Table.Th w={190}>Modified</Table.Th>
              <Table.Th w={50}>
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.entries.map((entry) => (
              <Table.Tr key={entry.path}>
                <Table.Td>
                  {entry.kind === 'folder' ? (
                    <Anchor component={Link} to={docsPath(entry.path)} aria-label={`Open folder ${entry.name}`}>
                      <Group gap={8} wrap="nowrap">
                        <FolderIcon size={16} />
                        <span>{entry.name}</span>
                      </Group>
                    </Anchor>
                  ) : (
                    <UnstyledButton onClick={() => setPreviewing(entry)} aria-label={`Preview ${entry.name}`}>
                      <Group gap={8} wrap="nowrap">
                        <FileIcon size={16} />
                        <Text size="sm" style={{ wordBreak: 'break-word' }}>
                          {entry.name}
                        </Text>
                      </Group>
                    </UnstyledButton>
                  )}
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {entry.kind === 'file' ? formatBytes(entry.size) : '—'}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" c="dimmed">
                    {entry.modified === null ? '—' : formatDateTime(entry.modified)}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Menu position="bottom-end" shadow="md" width={200}>
                    <Menu.Target>
                      <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${entry.name}`}>
                        <DotsIcon size={16} />
                      </ActionIcon>
                    </Menu.Target>
                    <Menu.Dropdown>
                      {entry.kind === 'folder' ? (
                        <Menu.Item onClick={() => void navigate(docsPath(entry.path))}>Open</Menu.Item>
                      ) : (
                        <>
                          <Menu.Item onClick={() => setPreviewing(entry)}>{previewKind(entry) === 'none' ? 'Details' : 'Preview'}</Menu.Item>
                          <Menu.Item onClick={() => void downloads.download(entry)}>Download</Menu.Item>
                        </>
                      )}
                      <Menu.Item
                        onClick={() => {
                          rename.reset()
                          setRenaming(entry)
                        }}
                      >
                        Rename
                      </Menu.Item>
                      <Menu.Item
                        onClick={() => {
                          move.reset()
                          setMoving(entry)
                        }}
                      >
                        Move
                      </Menu.Item>
                      <Menu.Divider />
                      <Menu.Item
                        color="red"
                        onClick={() => {
                          remove.reset()
                          setDeleting(entry)
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

      <NameModal
        opened={newFolder}
        onClose={() => {
          setNewFolder(false)
          createFolder.reset()
        }}
        title="New folder"
        label="Folder name"
        initial=""
        confirmLabel="Create folder"
        loading={createFolder.isPending}
        error={createFolder.error}
        onSubmit={(name) =>
          createFolder.mutate(
            { folder, name },
            {
              onSuccess: () => {
                setNewFolder(false)
                createFolder.reset()
              },
            },
          )
        }
      />

      <NameModal
        opened={renaming !== null}
        onClose={() => setRenaming(null)}
        title={renaming ? `Rename “${renaming.name}”` : 'Rename'}
        label="New name"
        initial={renaming?.name ?? ''}
        confirmLabel="Rename"
        loading={rename.isPending}
        error={rename.error}
        onSubmit={(name) => renaming && rename.mutate({ path: renaming.path, name }, { onSuccess: () => setRenaming(null) })}
      />

      <MoveModal
        item={moving}
        onClose={() => setMoving(null)}
        loading={move.isPending}
        error={move.error}
        onMove={(toFolder) => moving && move.mutate({ path: moving.path, toFolder }, { onSuccess: () => setMoving(null) })}
      />

      <ConfirmModal
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        title={deleting ? `Delete “${deleting.name}”?` : 'Delete?'}
        confirmLabel={deleting?.kind === 'folder' ? 'Delete folder and contents' : 'Delete file'}
        danger
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() => deleting && remove.mutate({ path: deleting.path }, { onSuccess: () => setDeleting(null) })}
      >
        {deleting?.kind === 'folder'
          ? `Everything in “${deleting.name}”, its folders and files, is erased from this device. This cannot be undone.`
          : 'The file is erased from this device. This cannot be undone.'}
      </ConfirmModal>

      <PreviewModal file={previewing} onClose={() => setPreviewing(null)} onDownload={(file) => void downloads.download(file)} />
    </Stack>
  )
}
