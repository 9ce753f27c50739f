import { ActionIcon, Anchor, Badge, Code, Group, Menu, Paper, Stack, Text } from '@mantine/core'
import { Link, useNavigate } from 'react-router'
import type { MethodOutput } from '../../../shared/contract'
import { useApiMutation } from '../../api/hooks'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { DotsIcon, FolderIcon } from '../../ui/icons'
import { countLabel } from '../groups/group-labels'
import { participationText } from './folder-status'
import { FolderStatusText } from './FolderStatusText'
import { folderViewPath } from './folders-location'

type SharedFolder = MethodOutput<'folders.list'>[number]

/** What the list asks its parent to open (dialogs live once, in the list). */
export type FolderAction = 'bind' | 'unbind' | 'select' | 'remove'

export interface FolderCardProps {
  folder: SharedFolder
  /** The name to show: a folder this device cannot open yet has none. */
  title: string
  creator: string
  /** Owners and admins may remove a folder. */
  admin: boolean
  onAction: (action: FolderAction, folder: SharedFolder) => void
}

/**
 * One shared folder in the group's list: its name (a link into it), who made
 * it, how many members' devices take part, this device's status line, its
 * conflicts, and whether this device keeps it on disk; the menu holds this
 * device's controls (and Remove for admins).
 */
export function FolderCard({ folder, title, creator, admin, onAction }: FolderCardProps) {
  const navigate = useNavigate()
  const pause = useApiMutation('folders.pause')
  const resume = useApiMutation('folders.resume')
  const ref = { groupId: folder.groupId, folderId: folder.id }
  const toggleError = pause.error ?? resume.error
  const open = folderViewPath(folder.groupId, folder.id)

  return (
    <Paper component="li" withBorder radius="md" px="md" py="sm" aria-label={`Shared folder ${title}`}>
      <Group justify="space-between" wrap="nowrap" align="flex-start" gap="sm">
        <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Group gap="xs" wrap="nowrap">
            <FolderIcon size={18} />
            {folder.available ? (
              <Anchor component={Link} to={open} fw={600} aria-label={`Open folder ${title}`} truncate>
                {title}
              </Anchor>
            ) : (
              <Text fw={600} truncate>
                {title}
              </Text>
            )}
            {folder.conflicts > 0 && (
              <Badge color="orange" variant="light" size="sm">
                {countLabel(folder.conflicts, 'conflict')}
              </Badge>
            )}
          </Group>
          <Text size="xs" c="dimmed">
            Created by {creator} · {participationText(folder.devices)}
          </Text>
          <FolderStatusText folder={folder} name={title} />
          {!folder.available && (
            <Text size="xs" c="dimmed">
              This device does not hold the folder’s key yet: it comes with the group’s keys from an admin’s device when you are both online.
            </Text>
          )}
          <Text size="xs">
            {folder.dir ? (
              <>
                Kept on this device in <Code>{folder.dir}</Code>
              </>
            ) : (
              'Not kept on this device’s disk: open it to download files one by one.'
            )}
          </Text>
          {folder.selected !== null && (
            <Text size="xs" c="dimmed">
              Only {folder.selected.length === 1 ? 'this subfolder' : 'these subfolders'} on this device: {folder.selected.join(', ')}
            </Text>
          )}
          {toggleError ? <ErrorAlert error={toggleError} /> : null}
        </Stack>
        <Menu position="bottom-end" shadow="md" width={240}>
          <Menu.Target>
            <ActionIcon variant="subtle" color="gray" aria-label={`Actions for folder ${title}`} loading={pause.isPending || resume.isPending}>
              <DotsIcon size={16} />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            {folder.available && <Menu.Item onClick={() => void navigate(open)}>Open</Menu.Item>}
            <Menu.Item onClick={() => onAction('bind', folder)}>{folder.dir ? 'Keep in another directory…' : 'Keep on this device…'}</Menu.Item>
            {folder.dir && <Menu.Item onClick={() => onAction('unbind', folder)}>Stop keeping on this device</Menu.Item>}
            {folder.paused ? (
              <Menu.Item
                onClick={() => {
                  pause.reset()
                  resume.mutate(ref)
                }}
              >
                Resume sync
              </Menu.Item>
            ) : (
              <Menu.Item
                onClick={() => {
                  resume.reset()
                  pause.mutate(ref)
                }}
              >
                Pause sync
              </Menu.Item>
            )}
            {folder.available && <Menu.Item onClick={() => onAction('select', folder)}>Choose subfolders…</Menu.Item>}
            {admin && (
              <>
                <Menu.Divider />
                <Menu.Item color="red" onClick={() => onAction('remove', folder)}>
                  Remove folder
                </Menu.Item>
              </>
            )}
          </Menu.Dropdown>
        </Menu>
      </Group>
    </Paper>
  )
}
