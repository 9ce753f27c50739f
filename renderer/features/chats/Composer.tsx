import { ActionIcon, Alert, Button, CloseButton, FileButton, Group, Paper, Progress, Stack, Text, Tooltip } from '@mantine/core'
import type { KeyboardEvent, ReactNode, RefObject } from 'react'
import { useState } from 'react'
import type { ChannelId } from '../../../shared/domain/groups'
import { LIMITS } from '../../../shared/domain/people'
import { useRpcClient } from '../../api/client-context'
import { useApiMutation } from '../../api/hooks'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { formatBytes, percentOf } from '../../ui/format-bytes'
import { EditIcon, FileIcon, PaperclipIcon, ReplyIcon, SendIcon } from '../../ui/icons'
import type { TransferProgress } from './attachment-transfer'
import { uploadFiles } from './attachment-transfer'
import type { Message } from './chat-cache'
import { useChatCache } from './chat-cache'
import { excerpt } from './excerpt'
import { mentionedIds } from './mentions'
import type { MentionMember } from './MessageTextarea'
import { MessageTextarea } from './MessageTextarea'
import { selectAttachments } from './upload-plan'

export interface ComposerProps {
  conversationId: string
  replyTo: Message | null
  onCancelReply: () => void
  editing: Message | null
  onCancelEdit: () => void
  textareaRef: RefObject<HTMLTextAreaElement | null>
  /** The conversation is not writable yet (the other side has not confirmed): typing is fine, sending waits. */
  notReady?: boolean
  /** Groups: where the message goes (the chat, the announcements or a thread). */
  channel?: ChannelId
  /** Groups: the members "@" offers; their ids go in `mentions` when the text names them. */
  members?: readonly MentionMember[]
  /** The text box's accessible name (default "Message"). */
  label?: string
  placeholder?: string
  /** The send button's words (default "Send"). */
  sendLabel?: string
}

/**
 * Write, attach, send. Enter sends and Shift+Enter starts a new line. Files
 * over the limit are refused as they are picked; the rest are uploaded in
 * chunks when the message is sent, with a progress bar. Replying shows a
 * banner above; editing puts the message's text in the box until saved or
 * cancelled (the draft comes back after).
 */
export function Composer({
  conversationId,
  replyTo,
  onCancelReply,
  editing,
  onCancelEdit,
  textareaRef,
  notReady = false,
  channel = 'chat',
  members,
  label = 'Message',
  placeholder = 'Write a message — Enter to send, Shift+Enter for a new line',
  sendLabel = 'Send',
}: ComposerProps) {
  const client = useRpcClient()
  const { putMessage, refresh } = useChatCache(conversationId)
  const [text, setText] = useState('')
  const [draft, setDraft] = useState('')
  const [files, setFiles] = useState<File[]>([])
  const [refused, setRefused] = useState<string[]>([])
  const [upload, setUpload] = useState<TransferProgress | null>(null)
  const [sending, setSending] = useState(false)
  const [error, setError] = useState<unknown>(null)

  // Entering or leaving edit mode swaps the box's text (adjusting state while rendering, as React advises for props).
  const [editingId, setEditingId] = useState<string | null>(null)
  if ((editing?.id ?? null) !== editingId) {
    setEditingId(editing?.id ?? null)
    if (editing) {
      if (editingId === null) setDraft(text)
      setText(editing.text)
    } else {
      setText(draft)
    }
    setError(null)
  }

  const send = useApiMutation('chats.sendMessage', { invalidate: false, onSuccess: refresh })
  const edit = useApiMutation('chats.editMessage', {
    invalidate: false,
    onSuccess: (message) => {
      putMessage(message)
      refresh()
    },
  })

  const tooLong = text.length > LIMITS.messageText
  const busy = sending || edit.isPending
  const canSend = !busy && !tooLong && !notReady && (editing ? text.trim().length > 0 : text.trim().length > 0 || files.length > 0)

  async function submit() {
    if (!canSend) return
    setError(null)
    if (editing) {
      edit.mutate(
        { conversationId, messageId: editing.id, text: text.trim() },
        {
          onSuccess: () => {
            setDraft('')
            onCancelEdit()
          },
          onError: setError,
        },
      )
      return
    }
    setSending(true)
    try {
      const uploadIds =
        files.length === 0
          ? []
          : await uploadFiles(
              files,
              {
                startUpload: (input) => client.call('chats.startUpload', input),
                uploadChunk: (input) => client.call('chats.uploadChunk', input),
              },
              setUpload,
            )
      const mentions = members ? mentionedIds(text, members) : []
      await send.mutateAsync({ conversationId, text: text.trim(), replyTo: replyTo?.id, uploadIds, channel, mentions })
      setText('')
      setFiles([])
      setRefused([])
      onCancelReply()
      textareaRef.current?.focus()
    } catch (caught) {
      setError(caught)
    } finally {
      setSending(false)
      setUpload(null)
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      void submit()
    } else if (event.key === 'Escape' && (editing || replyTo)) {
      event.preventDefault()
      if (editing) onCancelEdit()
      else onCancelReply()
    }
  }

  function pick(picked: File[]) {
    const selection = selectAttachments(files, picked)
    setFiles(selection.accepted)
    setRefused(selection.refused)
  }

  return (
    <Stack gap={6} px="md" pb="md" pt="xs" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
      {replyTo && !editing && (
        <Banner
          icon={<ReplyIcon size={14} />}
          title={`Replying to ${replyTo.authorName}`}
          detail={replyTo.deleted ? 'This message was deleted' : excerpt(replyTo.text) || 'a file'}
          closeLabel="Cancel reply"
          onClose={onCancelReply}
        />
      )}
      {editing && (
        <Banner icon={<EditIcon size={14} />} title="Editing your message" detail="Enter saves, Escape cancels." closeLabel="Cancel edit" onClose={onCancelEdit} />
      )}

      {refused.length > 0 && (
        <Alert
          color="red"
          variant="light"
          title={refused.length === 1 ? 'A file was not added' : 'Some files were not added'}
          withCloseButton
          closeButtonLabel="Dismiss"
          onClose={() => setRefused([])}
        >
          <Stack gap={2}>
            {refused.map((line) => (
              <Text size="sm" key={line}>
                {line}
              </Text>
            ))}
          </Stack>
        </Alert>
      )}

      {files.length > 0 && !editing && (
        <Group gap={6} aria-label="Files to send" role="group">
          {files.map((file, index) => (
            <Paper key={`${file.name}-${index}`} withBorder radius="xl" pl="sm" pr={4} py={2}>
              <Group gap={6} wrap="nowrap">
                <FileIcon size={14} />
                <Text size="xs" maw={180} truncate>
                  {file.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {formatBytes(file.size)}
                </Text>
                <CloseButton size="sm" aria-label={`Remove ${file.name}`} disabled={sending} onClick={() => setFiles(files.filter((_, other) => other !== index))} />
              </Group>
            </Paper>
          ))}
        </Group>
      )}

      {upload && (
        <Stack gap={2} role="status" aria-live="polite">
          <Text size="xs" c="dimmed">
            Uploading {upload.name}… {percentOf(upload.sent, upload.total)}%
          </Text>
          <Progress value={percentOf(upload.sent, upload.total)} size="sm" aria-label="Upload progress" animated />
        </Stack>
      )}

      {error != null && <ErrorAlert error={error} />}

      <Group gap="xs" align="flex-end" wrap="nowrap">
        {!editing && (
          <FileButton onChange={pick} multiple disabled={sending}>
            {(props) => (
              <Tooltip label={`Attach files (up to ${formatBytes(LIMITS.attachmentBytes)} each)`} withArrow>
                <ActionIcon {...props} variant="default" size={36} aria-label="Attach files" disabled={sending}>
                  <PaperclipIcon size={17} />
                </ActionIcon>
              </Tooltip>
            )}
          </FileButton>
        )}
        <MessageTextarea
          textareaRef={textareaRef}
          label={label}
          placeholder={editing ? 'Edit your message' : placeholder}
          value={text}
          onChange={setText}
          onKeyDown={onKeyDown}
          members={members}
          error={tooLong ? `Use at most ${LIMITS.messageText.toLocaleString('en')} characters (${text.length.toLocaleString('en')} now)` : null}
          disabled={sending}
        />
        <Button
          onClick={() => void submit()}
          disabled={!canSend}
          loading={busy}
          leftSection={<SendIcon size={15} />}
          h={36}
          title={notReady ? 'You can send once the conversation is ready' : undefined}
        >
          {editing ? 'Save' : sendLabel}
        </Button>
      </Group>
    </Stack>
  )
}

function Banner({ icon, title, detail, closeLabel, onClose }: { icon: ReactNode; title: string; detail: string; closeLabel: string; onClose: () => void }) {
  return (
    <Paper withBorder radius="md" px="sm" py={6} bg="var(--mantine-color-default-hover)">
      <Group gap="sm" wrap="nowrap" justify="space-between">
        <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
          {icon}
          <Stack gap={0} style={{ minWidth: 0 }}>
            <Text size="xs" fw={600}>
              {title}
            </Text>
            <Text size="xs" c="dimmed" truncate>
              {detail}
            </Text>
          </Stack>
        </Group>
        <CloseButton size="sm" aria-label={closeLabel} onClick={onClose} />
      </Group>
    </Paper>
  )
}
