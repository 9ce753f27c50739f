import { useParams } from 'react-router'
import type { GroupTabProps } from '../groups/GroupTabPanel'
import { FolderList } from './FolderList'
import { FolderView } from './FolderView'
import { folderLocationOf } from './folders-location'

/**
 * A working or trading group's Folders tab: the list of shared folders, or
 * one of them when the address names it (/groups/<id>/folders/<folder>/…).
 */
export function FoldersTab({ group, permissions }: GroupTabProps) {
  const params = useParams()
  const location = folderLocationOf(params['*'] ?? '')
  if (location === null) return <FolderList group={group} permissions={permissions} />
  return <FolderView key={location.folderId} group={group} permissions={permissions} location={location} />
}
