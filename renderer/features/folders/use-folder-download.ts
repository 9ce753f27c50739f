import { useState } from 'react'
import { useRpcClient } from '../../api/client-context'
import { saveBlob } from '../chats/save-blob'
import { readDocBlob } from '../docs/docs-transfer'
import type { FolderRef } from './folder-transfer'
import { nameOf } from './folder-tree'

export interface FolderDownload {
  path: string
  /** An old version from folders.history; the current one when absent. */
  versionId?: string
  size: number
}

export interface FolderDownloadState {
  path: string
  name: string
  received: number
  size: number
}

/**
 * Download from a shared folder: the bytes come through the app
 * (folders.readFile, 1 MB at a time; blocks this device lacks are fetched
 * from the members who hold them) into a Blob that the browser saves under
 * the file's name (the desktop app shows its save dialog). One at a time.
 */
export function useFolderDownload(folder: FolderRef) {
  const client = useRpcClient()
  const [active, setActive] = useState<FolderDownloadState | null>(null)
  const [error, setError] = useState<{ name: string; reason: unknown } | null>(null)

  async function download({ path, versionId, size }: FolderDownload): Promise<void> {
    const name = nameOf(path)
    setError(null)
    setActive({ path, name, received: 0, size })
    try {
      const blob = await readDocBlob(
        (offset) => client.call('folders.readFile', { ...folder, path, offset, ...(versionId === undefined ? {} : { versionId }) }),
        'application/octet-stream',
        (received, total) => setActive({ path, name, received, size: total }),
      )
      saveBlob(blob, name)
    } catch (reason) {
      setError({ name, reason })
    } finally {
      setActive(null)
    }
  }

  return { download, active, error, clearError: () => setError(null) }
}
