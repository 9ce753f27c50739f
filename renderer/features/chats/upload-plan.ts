import { LIMITS } from '../../../shared/domain/people'
import { formatBytes } from '../../ui/format-bytes'

export interface Chunk {
  offset: number
  length: number
}

/** The chunks of an upload, in order, each at most `chunkBytes` (none for an empty file). */
export function planChunks(size: number, chunkBytes: number): Chunk[] {
  if (!Number.isInteger(chunkBytes) || chunkBytes <= 0) throw new Error('chunkBytes must be a positive integer')
  const chunks: Chunk[] = []
  for (let offset = 0; offset < size; offset += chunkBytes) chunks.push({ offset, length: Math.min(chunkBytes, size - offset) })
  return chunks
}

export interface FileLike {
  name: string
  size: number
}

export interface AttachmentSelection<F extends FileLike> {
  /** Files to keep, in the order picked, within the per-message count. */
  accepted: F[]
  /** One sentence per refused file, for the person to read before anything is sent. */
  refused: string[]
}

/**
 * Decide at once which picked files can go with the message: the core refuses
 * anything over LIMITS.attachmentBytes anyway, so say so before a byte moves.
 */
export function selectAttachments<F extends FileLike>(
  already: readonly F[],
  picked: readonly F[],
  limits: { attachmentBytes: number; attachmentsPerMessage: number } = LIMITS,
): AttachmentSelection<F> {
  const accepted: F[] = [...already]
  const refused: string[] = []
  for (const file of picked) {
    if (file.size > limits.attachmentBytes) {
      refused.push(`“${file.name}” is ${formatBytes(file.size)}: files can be at most ${formatBytes(limits.attachmentBytes)}.`)
    } else if (accepted.length >= limits.attachmentsPerMessage) {
      refused.push(`“${file.name}” was not added: one message can carry at most ${limits.attachmentsPerMessage} files.`)
    } else {
      accepted.push(file)
    }
  }
  return { accepted, refused }
}
