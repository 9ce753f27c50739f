import { groupPath } from '../../app/vault-routes'

/**
 * Where in a group's Folders tab an address points: the list of folders, or
 * one folder and a subfolder inside it. The address is
 * /groups/<group>/folders/<folder id>/<segment>/<segment>, each segment
 * URI-encoded, so the back button, a reload and a locked-then-unlocked
 * window land in the same place. Keep GROUP_DETAIL (app/vault-routes.ts) in step.
 */
export interface FolderLocation {
  folderId: string
  /** '' for the folder's top, else 'a/b'. */
  subfolder: string
}

const FOLDER_ID = /^[0-9a-f]{32}$/
/** Deep enough for any real tree; the core refuses paths over 1024 characters anyway. */
const MAX_DEPTH = 64

export function folderViewPath(groupId: string, folderId: string, subfolder = ''): string {
  const base = `${groupPath(groupId, 'folders')}/${folderId}`
  return subfolder === '' ? base : `${base}/${subfolder.split('/').map(encodeURIComponent).join('/')}`
}

/**
 * The part of a group's address after its id ('folders', 'folders/<id>',
 * 'folders/<id>/a/b') → the open folder, or null for the list of folders.
 * A subfolder PLANET would not make (`..`, an encoded slash, bad escapes)
 * opens the folder's top instead.
 */
export function folderLocationOf(rest: string): FolderLocation | null {
  const [tab, folderId, ...raw] = rest.split('/')
  if (tab !== 'folders' || folderId === undefined || !FOLDER_ID.test(folderId)) return null
  const segments = raw.filter((segment) => segment !== '')
  if (segments.length > MAX_DEPTH) return { folderId, subfolder: '' }
  const decoded: string[] = []
  for (const segment of segments) {
    let name: string
    try {
      name = decodeURIComponent(segment)
    } catch {
      return { folderId, subfolder: '' }
    }
    if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes('\\') || name.includes('\0')) return { folderId, subfolder: '' }
    decoded.push(name)
  }
  return { folderId, subfolder: decoded.join('/') }
}
