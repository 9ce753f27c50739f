import { Alert, Button, Group, Progress, Stack, Text } from '@mantine/core'
import { formatBytes, percentOf } from './format-bytes'

export interface UploadProgressRowProps {
  name: string
  sent: number
  size: number
  /** A few words after the byte counts (say, what the upload replaces). */
  note?: string
  onCancel: () => void
}

/** One upload under way: its name, bytes sent of all, a progress bar and Cancel (My docs, shared folders). */
export function UploadProgressRow({ name, sent, size, note, onCancel }: UploadProgressRowProps) {
  return (
    <Stack gap={4}>
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm">
          Uploading {name} — {formatBytes(sent)} of {formatBytes(size)}
          {note ? ` ${note}` : ''}
        </Text>
        <Button size="compact-xs" variant="subtle" color="gray" aria-label={`Cancel uploading ${name}`} onClick={onCancel}>
          Cancel
        </Button>
      </Group>
      <Progress value={percentOf(sent, size)} aria-label={`Uploading ${name}`} />
    </Stack>
  )
}

/** An upload as the pages keep it: its progress, or the error it ended with. */
export interface UploadNoticeRow {
  id: number
  name: string
  size: number
  sent: number
  error: unknown
  /** A few words after the byte counts while it runs. */
  note?: string
  /** Cancel sets it; the upload loop stops before its next chunk. */
  control: { cancelled: boolean }
}

export interface UploadNoticesProps {
  /** Sentences about picked files refused before any byte moved. */
  refused: readonly string[]
  onDismissRefused: (sentence: string) => void
  uploads: readonly UploadNoticeRow[]
  /** What to say about a failed upload (the page knows its error codes). */
  errorText: (error: unknown) => string
  /** Take the row away (a dismissed error, or a cancelled upload after its `control` is set). */
  onRemove: (id: number) => void
}

/** What a page says about its uploads: refusals, each running upload with Cancel, and failures (My docs, shared folders). */
export function UploadNotices({ refused, onDismissRefused, uploads, errorText, onRemove }: UploadNoticesProps) {
  return (
    <>
      {refused.map((sentence) => (
        <Alert key={sentence} color="yellow" withCloseButton onClose={() => onDismissRefused(sentence)}>
          {sentence}
        </Alert>
      ))}
      {uploads.map((row) =>
        row.error ? (
          <Alert key={row.id} color="red" title={`“${row.name}” was not uploaded`} withCloseButton onClose={() => onRemove(row.id)}>
            {errorText(row.error)}
          </Alert>
        ) : (
          <UploadProgressRow
            key={row.id}
            name={row.name}
            sent={row.sent}
            size={row.size}
            note={row.note}
            onCancel={() => {
              row.control.cancelled = true
              onRemove(row.id)
            }}
          />
        ),
      )}
    </>
  )
}
