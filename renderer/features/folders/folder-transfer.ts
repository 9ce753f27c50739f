import { FOLDER_TRANSFER_LIMITS } from '../../../shared/domain/folders'
import type { DocSource } from '../docs/docs-transfer'
import { sendInChunks, UploadCancelled } from '../docs/docs-transfer'

/**
 * Putting a file into a shared folder from the app, in chunks
 * (folders.startUpload → uploadChunk… → finishUpload), as My docs does: the
 * file is read slice by slice, so a big one is never in memory whole on the
 * way up. The calls are parameters, so the loop is tested without a core.
 */

export interface FolderRef {
  groupId: string
  folderId: string
}

export interface FolderUploadCalls {
  startUpload(input: FolderRef & { path: string; size: number }): Promise<{ uploadId: string; chunkBytes: number }>
  uploadChunk(input: { uploadId: string; offset: number; data: string }): Promise<{ received: number }>
  finishUpload(input: { uploadId: string }): Promise<{ path: string }>
  cancelUpload(input: { uploadId: string }): Promise<unknown>
}

/**
 * Upload one file to `path` in the folder; a file already there gets a new
 * version (the old one stays in its history). A failure half way, or
 * `control.cancelled` (checked before each chunk), cancels the upload so its
 * bytes are erased; cancelling rejects with UploadCancelled.
 */
export async function uploadFolderFile(
  file: DocSource,
  target: FolderRef & { path: string },
  calls: FolderUploadCalls,
  onProgress: (sent: number) => void,
  control: { cancelled: boolean } = { cancelled: false },
): Promise<{ path: string }> {
  if (control.cancelled) throw new UploadCancelled()
  const started = await calls.startUpload({ ...target, size: file.size })
  return sendInChunks(file, started, FOLDER_TRANSFER_LIMITS.chunkBytes, calls, onProgress, control)
}

/** Files over what one upload may carry, refused as they are picked, before a byte moves. */
export function tooLargeToUpload(size: number): boolean {
  return size > FOLDER_TRANSFER_LIMITS.uploadBytes
}
