import { describe, expect, it } from 'vitest'
import { isAppPath } from '../../app/vault-routes'
import { folderLocationOf, folderViewPath } from './folders-location'

const group = 'ab'.repeat(32)
const folder = 'cd'.repeat(16)

describe('folders location', () => {
  it('round-trips a folder and its subfolders through the address, odd characters included', () => {
    for (const subfolder of ['', 'Plans', 'Plans/2026 beds', 'a/b/c', 'Ünïcödé/50% done', 'hash#and &more']) {
      const path = folderViewPath(group, folder, subfolder)
      expect(folderLocationOf(path.slice(`/groups/${group}/`.length)), subfolder).toEqual({ folderId: folder, subfolder })
      expect(isAppPath(path), path).toBe(true)
    }
  })

  it('is the list of folders without a folder id', () => {
    expect(folderLocationOf('folders')).toBeNull()
    expect(folderLocationOf('folders/')).toBeNull()
    expect(folderLocationOf('folders/not-a-folder')).toBeNull()
    expect(folderLocationOf(`members/${folder}`)).toBeNull()
  })

  it('opens the folder’s top for a subfolder PLANET would not make', () => {
    for (const rest of ['..', '%2E%2E', 'a%2Fb', '%E0%A4%A', 'a/../b', 'a%5Cb', '%00']) {
      expect(folderLocationOf(`folders/${folder}/${rest}`), rest).toEqual({ folderId: folder, subfolder: '' })
    }
  })
})
