import { useState } from 'react'
import { useRpcClient } from '../../api/client-context'
import { saveBlob } from '../chats/save-blob'
import { readDocBlob } from './docs-transfer'

export interface DocFile {
  name: string
  path: string
  size: number
  mime: string
}

export interface DownloadState {
  path: string
  name: string
  received: number
  size: number
}

/**
 * Download: the file's bytes come through the app (docs.readFile, 1 MB at a
 * time) into a Blob that the browser saves under the file's name (the
 * desktop app shows its save dialog).
 */
export function useDocDownload() {
  const client = useRpcClient()
  const [active, setActive] = useState<DownloadState | null>(null)
  const [error, setError] = useState<unknown>(null)

  async function download(file: DocFile): Promise<void> {
    setError(null)
    setActive({ path: file.path, name: file.name, received: 0, size: file.size })
    try {
      const blob = await readDocBlob(
        (offset) => client.call('docs.readFile', { path: file.path, offset }),
        file.mime,
        (received, size) => setActive({ path: file.path, name: file.name, received, size }),
      )
      saveBlob(blob, file.name)
    } catch (reason) {
      setError(reason)
    } finally {
      setActive(null)
    }
  }

  return { download, active, error, clearError: () => setError(null) }
}
