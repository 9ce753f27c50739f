import { Button, Group, Progress, Stack, Text } from '@mantine/core'
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
