import { Button } from '@mantine/core'
import type { FormEvent } from 'react'
import { useState } from 'react'
import type { PostView } from '../../../shared/contract/feeds'
import { useApiMutation } from '../../api/hooks'
import { ActionForm } from '../../ui/ActionForm'
import type { FieldErrors } from './field-errors'
import { apiFieldErrors } from './field-errors'
import { draftFromPost, draftToEditInput } from './post-form'
import { PostFields } from './PostFields'

/** "Edit post", inline on the post's page: only what changed goes to feeds.editPost, which re-signs the post. */
export function PostEditForm({ post, onDone }: { post: PostView; onDone: () => void }) {
  const [draft, setDraft] = useState(() => draftFromPost(post))
  const [submitted, setSubmitted] = useState(false)
  const edit = useApiMutation('feeds.editPost', { onSuccess: onDone })
  const checked = draftToEditInput(post, draft)

  function submit(event: FormEvent) {
    event.preventDefault()
    setSubmitted(true)
    if (!checked.changed) {
      onDone()
      return
    }
    if (checked.errors === null) edit.mutate(checked.input)
  }

  const local: FieldErrors = submitted ? (checked.errors ?? {}) : {}
  return (
    <ActionForm
      label="Edit post"
      onSubmit={submit}
      error={edit.error}
      submitLabel="Save changes"
      pending={edit.isPending}
      cancel={
        <Button variant="default" onClick={onDone} disabled={edit.isPending}>
          Cancel
        </Button>
      }
    >
      <PostFields
        draft={draft}
        onChange={setDraft}
        errors={{ ...apiFieldErrors(edit.error), ...local }}
        disabled={edit.isPending}
        showKind={false}
        mentionOptions={null}
      />
    </ActionForm>
  )
}
