import { ActionIcon, Box, Button, Group, Image, Paper, Progress, Skeleton, Stack, Text, Tooltip } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useRpcClient } from '../../api/client-context'
import { useApiMutation } from '../../api/hooks'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { formatBytes, percentOf } from '../../ui/format-bytes'
import { DownloadIcon, FileIcon } from '../../ui/icons'
import { useAttachmentProgress } from './AttachmentProgress'
import { canPreview, readAttachmentBlob } from './attachment-transfer'
import type { Message } from './chat-cache'
import { saveBlob } from './save-blob'

type Attachment = Message['attachments'][number]

interface Ref {
  conversationId: string
  messageId: string
}

/** A message's files: pictures as previews once they are here, everything else as a row with Download, then Save. */
export function AttachmentList({ attachments, messageRef }: { attachments: Attachment[]; messageRef: Ref }) {
  return (
    <Stack gap={6} mt={4}>
      {attachments.map((attachment) =>
        attachment.state === 'available' && canPreview(attachment) ? (
          <ImagePreview key={attachment.id} attachment={attachment} messageRef={messageRef} />
        ) : (
          <FileRow key={attachment.id} attachment={attachment} messageRef={messageRef} />
        ),
      )}
    </Stack>
  )
}

/** Read a local attachment into a Blob, chunk by chunk (chats.readAttachment). */
function useAttachmentReader(attachment: Attachment, messageRef: Ref) {
  const client = useRpcClient()
  return (onProgress?: (received: number) => void) =>
    readAttachmentBlob(
      (offset) => client.call('chats.readAttachment', { ...messageRef, attachmentId: attachment.id, offset }),
      attachment.mime,
      onProgress,
    )
}

function FileRow({ attachment, messageRef }: { attachment: Attachment; messageRef: Ref }) {
  const progress = useAttachmentProgress(attachment.id)
  const download = useApiMutation('chats.downloadAttachment', { invalidate: false })
  const read = useAttachmentReader(attachment, messageRef)
  const [saving, setSaving] = useState<number | null>(null)
  const [saveError, setSaveError] = useState<unknown>(null)

  const available = attachment.state === 'available'
  const received = Math.max(progress?.received ?? 0, attachment.received)
  const downloading = !available && (download.isPending || (progress !== undefined && received < attachment.size))

  async function save() {
    setSaveError(null)
    setSaving(0)
    try {
      saveBlob(await read(setSaving), attachment.name)
    } catch (error) {
      setSaveError(error)
    } finally {
      setSaving(null)
    }
  }

  return (
    <Paper withBorder radius="md" px="sm" py={6} bg="var(--mantine-color-body)" miw={220}>
      <Group gap="sm" wrap="nowrap">
        <FileIcon size={20} />
        <Stack gap={0} style={{ minWidth: 0, flex: 1 }}>
          <Text size="sm" fw={500} truncate title={attachment.name}>
            {attachment.name}
          </Text>
          <Text size="xs" c="dimmed">
            {formatBytes(attachment.size)}
            {!available && received > 0 && ` · ${percentOf(received, attachment.size)}% here`}
          </Text>
        </Stack>
        {available ? (
          <Button
            size="compact-sm"
            variant="light"
            leftSection={<DownloadIcon size={14} />}
            loading={saving !== null}
            onClick={() => void save()}
            aria-label={`Save ${attachment.name}`}
          >
            Save
          </Button>
        ) : (
          <Button
            size="compact-sm"
            variant="default"
            leftSection={<DownloadIcon size={14} />}
            loading={downloading}
            onClick={() => download.mutate({ ...messageRef, attachmentId: attachment.id })}
            aria-label={`Download ${attachment.name}`}
          >
            Download
          </Button>
        )}
      </Group>
      {(downloading || saving !== null) && (
        <Progress
          mt={6}
          size="sm"
          value={saving !== null ? percentOf(saving, attachment.size) : percentOf(received, attachment.size)}
          aria-label={saving !== null ? `Saving ${attachment.name}` : `Downloading ${attachment.name}`}
          animated
        />
      )}
      {downloading && (
        <Text size="xs" c="dimmed" mt={4}>
          Downloading from the sender… it continues whenever they are online.
        </Text>
      )}
      {download.error && <ErrorAlert error={download.error} />}
      {saveError != null && <ErrorAlert error={saveError} />}
    </Paper>
  )
}

function ImagePreview({ attachment, messageRef }: { attachment: Attachment; messageRef: Ref }) {
  const read = useAttachmentReader(attachment, messageRef)
  const [loaded, setLoaded] = useState<{ blob: Blob; url: string } | null>(null)
  const [failed, setFailed] = useState(false)

  // Read once per attachment (`read` is rebuilt each render; the id is what matters); the object URL lives as long as the preview.
  useEffect(() => {
    let cancelled = false
    let objectUrl: string | null = null
    read()
      .then((blob) => {
        if (cancelled) return
        objectUrl = URL.createObjectURL(blob)
        setLoaded({ blob, url: objectUrl })
      })
      .catch(() => {
        if (!cancelled) setFailed(true)
      })
    return () => {
      cancelled = true
      if (objectUrl) URL.revokeObjectURL(objectUrl)
    }
  }, [attachment.id])

  if (failed) return <FileRow attachment={attachment} messageRef={messageRef} />
  return (
    <Box pos="relative" style={{ alignSelf: 'flex-start' }}>
      {loaded ? (
        <Image src={loaded.url} alt={attachment.name} radius="md" maw={280} mah={280} fit="contain" w="auto" />
      ) : (
        <Skeleton w={220} h={160} radius="md" aria-label={`Loading ${attachment.name}`} />
      )}
      {loaded && (
        <Tooltip label={`Save ${attachment.name}`} withArrow>
          <ActionIcon
            pos="absolute"
            top={6}
            right={6}
            variant="default"
            size="sm"
            aria-label={`Save ${attachment.name}`}
            onClick={() => saveBlob(loaded.blob, attachment.name)}
          >
            <DownloadIcon size={14} />
          </ActionIcon>
        </Tooltip>
      )}
    </Box>
  )
}
