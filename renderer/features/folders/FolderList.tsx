import { Button, Code, Text } from '@mantine/core'
import { useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { CardList } from '../../ui/CardList'
import { ConfirmCommand } from '../../ui/ConfirmCommand'
import { FolderIcon, PlusIcon } from '../../ui/icons'
import { QueryList } from '../../ui/QueryList'
import { SectionCard } from '../../ui/SectionCard'
import type { GroupTabProps } from '../groups/GroupTabPanel'
import { BindModal } from './BindModal'
import type { FolderAction } from './FolderCard'
import { FolderCard } from './FolderCard'
import { folderTitle } from './folder-status'
import { NewFolderModal } from './NewFolderModal'
import { SelectiveSyncModal } from './SelectiveSyncModal'
import { useFolderPeople } from './use-folder-people'

type SharedFolder = MethodOutput<'folders.list'>[number]

/**
 * The group's shared folders and this device's part in each. Admins make
 * and remove folders; every member decides for their own device where (and
 * whether) a folder is kept, pauses it, or keeps only some subfolders.
 */
export function FolderList({ group, permissions }: GroupTabProps) {
  const folders = useApiQuery('folders.list', { groupId: group.id })
  const people = useFolderPeople(group.id)
  const [creating, setCreating] = useState(false)
  const [binding, setBinding] = useState<SharedFolder | null>(null)
  const [unbinding, setUnbinding] = useState<SharedFolder | null>(null)
  const [selecting, setSelecting] = useState<SharedFolder | null>(null)
  const [removing, setRemoving] = useState<SharedFolder | null>(null)
  const unbind = useApiMutation('folders.unbind')
  const remove = useApiMutation('folders.remove')
  // Admins of a group that has not lost them (a removed admin is no member).
  const admin = permissions.admin

  function onAction(action: FolderAction, folder: SharedFolder) {
    if (action === 'bind') setBinding(folder)
    else if (action === 'unbind') setUnbinding(folder)
    else if (action === 'select') setSelecting(folder)
    else setRemoving(folder)
  }

  return (
    <SectionCard
      title="Shared folders"
      description="Files every member can open here, and keep in sync with a directory on their own computer. Only the group’s members can read them."
      actions={
        admin ? (
          <Button leftSection={<PlusIcon size={15} />} onClick={() => setCreating(true)}>
            New folder
          </Button>
        ) : undefined
      }
    >
      <QueryList
        query={folders}
        loading={{ label: 'Loading shared folders', rows: 2, height: 96 }}
        empty={{
          icon: <FolderIcon size={22} />,
          title: 'No shared folders yet',
          description: admin ? 'Make one with “New folder”; every member can then add files to it.' : 'An owner or admin of the group can make one.',
        }}
      >
        {(items) => (
          <CardList label="Shared folders">
            {items.map((folder) => (
              <FolderCard key={folder.id} folder={folder} title={folderTitle(folder)} creator={people.nameOf(folder.createdBy)} admin={admin} onAction={onAction} />
            ))}
          </CardList>
        )}
      </QueryList>

      <NewFolderModal groupId={group.id} opened={creating} onClose={() => setCreating(false)} />
      <BindModal folder={binding} title={binding ? folderTitle(binding) : ''} onClose={() => setBinding(null)} />
      <SelectiveSyncModal folder={selecting} title={selecting ? folderTitle(selecting) : ''} onClose={() => setSelecting(null)} />

      <ConfirmCommand
        input={unbinding && { groupId: unbinding.groupId, folderId: unbinding.id }}
        onClose={() => setUnbinding(null)}
        command={unbind}
        title={unbinding ? `Stop keeping “${folderTitle(unbinding)}” on this device?` : 'Stop keeping it here?'}
        confirmLabel="Stop keeping it here"
      >
        {unbinding && (
          <Text size="sm">
            PLANET stops syncing <Code>{unbinding.dir}</Code>. The files already there stay on this disk, and the folder stays shared in the group: you can still
            open it here and download its files.
          </Text>
        )}
      </ConfirmCommand>

      <ConfirmCommand
        input={removing && { groupId: removing.groupId, folderId: removing.id }}
        onClose={() => setRemoving(null)}
        command={remove}
        title={removing ? `Remove “${folderTitle(removing)}” from the group?` : 'Remove the folder?'}
        confirmLabel="Remove folder"
        danger
      >
        The folder stops syncing for every member, and leaves this list. Nothing is deleted: its files stay on every disk where a member kept it.
      </ConfirmCommand>
    </SectionCard>
  )
}
