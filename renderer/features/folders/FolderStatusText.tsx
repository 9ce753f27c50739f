import { Progress, Stack, Text } from '@mantine/core'
import type { MethodOutput } from '../../../shared/contract'
import type { StatusLine } from './folder-status'
import { folderStatusLine } from './folder-status'

type SharedFolder = MethodOutput<'folders.list'>[number]

const TONE_COLOR: Record<StatusLine['tone'], string> = {
  ok: 'teal',
  busy: 'blue',
  paused: 'gray',
  error: 'red',
  waiting: 'yellow.8',
}

/** This device's status line for a folder, with a progress bar while bytes move (a live region: screen readers hear it change). */
export function FolderStatusText({ folder, name }: { folder: Pick<SharedFolder, 'available' | 'paused' | 'status'>; name: string }) {
  const line = folderStatusLine(folder)
  return (
    <Stack gap={4}>
      <Text size="sm" c={TONE_COLOR[line.tone]} fw={500} role="status" aria-label={`Status of ${name}`}>
        {line.text}
      </Text>
      {line.progress !== null && <Progress value={line.progress} size="sm" maw={320} aria-label={`Syncing ${name}`} />}
    </Stack>
  )
}
