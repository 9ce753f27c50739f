import { Button, Textarea, TextInput } from '@mantine/core'
import type { FormEvent } from 'react'
import { useState } from 'react'
import { GROUP_LIMITS } from '../../../shared/domain/groups'
import { LIMITS } from '../../../shared/domain/people'
import type { MethodOutput } from '../../../shared/contract'
import { useApiMutation } from '../../api/hooks'
import { ActionForm } from '../../ui/ActionForm'

type Thread = MethodOutput<'groups.createThread'>

/** "Title" and the opening post ("Text", Markdown) → groups.createThread. */
export function NewThreadForm({ groupId, onCreated, onCancel }: { groupId: string; onCreated: (thread: Thread) => void; onCancel: () => void }) {
  const [title, setTitle] = useState('')
  const [text, setText] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const create = useApiMutation('groups.createThread', { onSuccess: onCreated })

  function submit(event: FormEvent) {
    event.preventDefault()
    setSubmitted(true)
    if (title.trim() === '') return
    create.mutate({ groupId, title: title.trim(), text: text.trim() })
  }

  return (
    <ActionForm
      label="New thread"
      onSubmit={submit}
      error={create.error}
      submitLabel="Create thread"
      pending={create.isPending}
      cancel={
        <Button variant="default" onClick={onCancel} disabled={create.isPending}>
          Cancel
        </Button>
      }
    >
      <TextInput
        label="Title"
        description="What the thread is about, so members find it in the list."
        value={title}
        onChange={(event) => setTitle(event.currentTarget.value)}
        maxLength={GROUP_LIMITS.threadTitle}
        error={submitted && title.trim() === '' ? 'Give the thread a title' : null}
        withAsterisk
        data-autofocus
        disabled={create.isPending}
      />
      <Textarea
        label="Text"
        description="The opening post (optional). Markdown works: **bold**, lists, links."
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        maxLength={LIMITS.messageText}
        autosize
        minRows={4}
        maxRows={12}
        disabled={create.isPending}
      />
    </ActionForm>
  )
}
