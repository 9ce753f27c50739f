import { Alert, Box, Button, Center, Group, Image, Loader, Modal, ScrollArea, Stack, Text } from '@mantine/core'
import { useEffect, useState } from 'react'
import { previewKind } from '../../../shared/domain/docs'
import { useRpcClient } from '../../api/client-context'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { formatBytes } from '../../ui/format-bytes'
import { DownloadIcon } from '../../ui/icons'
import { readDocBlob, readDocText } from './docs-transfer'
import type { DocFile } from './use-doc-download'

/**
 * A file's preview. Pictures (PNG, JPEG, GIF, WebP; never SVG, which can carry
 * script) from their bytes through a blob: URL, which the CSP allows for
 * img-src; text as plain text, never HTML, cut after 256 KB. PDFs are not
 * shown inside PLANET: its CSP forbids every embedded viewer (object-src and
 * frame-src 'none'), and that stays; they open in the person's PDF reader
 * after Download.
 */
export function PreviewModal({ file, onClose, onDownload }: { file: DocFile | null; onClose: () => void; onDownload: (file: DocFile) => void }) {
  return (
    <Modal opened={file !== null} onClose={onClose} title={file?.name ?? 'Preview'} size="xl" centered>
      {file && (
        <Stack gap="md">
          <Text size="sm" c="dimmed">
            {formatBytes(file.size)} · {file.mime || 'unknown type'}
          </Text>
          <PreviewBody key={file.path} file={file} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              Close
            </Button>
            <Button leftSection={<DownloadIcon size={15} />} onClick={() => onDownload(file)}>
              Download
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  )
}

function PreviewBody({ file }: { file: DocFile }) {
  const kind = previewKind(file)
  if (kind === 'image') return <ImagePreview file={file} />
  if (kind === 'text') return <TextPreview file={file} />
  if (kind === 'pdf') {
    return (
      <Alert color="blue" variant="light" title="PDFs open in your PDF reader">
        PLANET shows no PDF inside the app: its security policy lets no embedded viewer run here. Download the file and open it with your usual PDF reader.
      </Alert>
    )
  }
  return (
    <Alert color="gray" variant="light" title="No preview for this kind of file">
      Download it to open it with an app on this computer.
    </Alert>
  )
}

function ImagePreview({ file }: { file: DocFile }) {
  const client = useRpcClient()
  const [url, setUrl] = useState<string | null>(null)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    let objectUrl: string | null = null
    let live = true
    readDocBlob((offset) => client.call('docs.readFile', { path: file.path, offset }), file.mime)
      .then((blob) => {
        if (!live) return
        objectUrl = URL.createObjectURL(blob)
        setUrl(objectUrl)
      })
      .catch((reason: unknown) => live && setError(reason))
    return () => {
      live = false
      if (objectUrl) URL.revokeObjectURL(objectUrl)
    }
  }, [client, file.path, file.mime])
  if (error) return <ErrorAlert error={error} />
  if (!url) return <Loading label={`Loading ${file.name}`} />
  return (
    <Center>
      <Image src={url} alt={file.name} mah="65vh" w="auto" fit="contain" radius="sm" />
    </Center>
  )
}

function TextPreview({ file }: { file: DocFile }) {
  const client = useRpcClient()
  const [text, setText] = useState<{ text: string; cut: boolean } | null>(null)
  const [error, setError] = useState<unknown>(null)
  useEffect(() => {
    let live = true
    readDocText((offset) => client.call('docs.readFile', { path: file.path, offset }))
      .then((result) => live && setText(result))
      .catch((reason: unknown) => live && setError(reason))
    return () => {
      live = false
    }
  }, [client, file.path])
  if (error) return <ErrorAlert error={error} />
  if (!text) return <Loading label={`Loading ${file.name}`} />
  return (
    <Stack gap="xs">
      <ScrollArea.Autosize mah="60vh" type="auto">
        {/* Plain text in a <pre>: React escapes it, nothing in the file is ever markup here. */}
        <Box component="pre" aria-label={`Contents of ${file.name}`} m={0} p="sm" fz="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word', fontFamily: 'var(--mantine-font-family-monospace)', background: 'var(--mantine-color-default-hover)', borderRadius: 'var(--mantine-radius-sm)' }}>
          {text.text}
        </Box>
      </ScrollArea.Autosize>
      {text.cut && (
        <Text size="xs" c="dimmed">
          Only the beginning is shown. Download the file to read all of it.
        </Text>
      )}
    </Stack>
  )
}

function Loading({ label }: { label: string }) {
  return (
    <Center py="xl" aria-busy="true" aria-label={label}>
      <Loader size="sm" />
    </Center>
  )
}
