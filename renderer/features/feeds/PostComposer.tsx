import { notifications } from '@mantine/notifications'
import type { FormEvent } from 'react'
import { useMemo, useState } from 'react'
import type { PostKind } from '../../../shared/domain/posts'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { ActionForm } from '../../ui/ActionForm'
import { SendIcon } from '../../ui/icons'
import type { FieldErrors } from './field-errors'
import { apiFieldErrors } from './field-errors'
import type { PostDraft } from './post-form'
import { draftToCreateInput, EMPTY_POST_DRAFT } from './post-form'
import { PostFields } from './PostFields'

/**
 * "Write a post": a post or a blog post on my personal log, signed with my
 * DID by the core (feeds.createPost). `kind` fixes the kind (My blog writes
 * blog posts only); otherwise the form offers both. Empties once published.
 */
export function PostComposer({ kind, label = 'Write a post', onPublished }: { kind?: PostKind; label?: string; onPublished?: () => void }) {
  const initial = useMemo<PostDraft>(() => ({ ...EMPTY_POST_DRAFT, kind: kind ?? 'post' }), [kind])
  const [draft, setDraft] = useState<PostDraft>(initial)
  const [submitted, setSubmitted] = useState(false)
  const contacts = useApiQuery('contacts.list', {})
  const create = useApiMutation('feeds.createPost', {
    onSuccess: (post) => {
      setDraft(initial)
      setSubmitted(false)
      notifications.show({
        title: post.kind === 'blog' ? 'Blog post published' : 'Post published',
        message: 'Signed with your DID. Your contacts receive it next time you are both online.',
        color: 'teal',
      })
      onPublished?.()
    },
  })

  const mentionOptions = useMemo(
    () => contacts.data?.filter((contact) => contact.status === 'connected').map((contact) => ({ value: contact.id, label: contact.displayName })) ?? null,
    [contacts.data],
  )

  function change(next: PostDraft) {
    setDraft(next)
    if (create.error) create.reset()
  }

  function submit(event: FormEvent) {
    event.preventDefault()
    setSubmitted(true)
    const checked = draftToCreateInput(draft)
    if (checked.errors === null) create.mutate(checked.input)
  }

  // Once a publish was tried, the fields say what is wrong as it is typed.
  const local: FieldErrors = submitted ? (draftToCreateInput(draft).errors ?? {}) : {}
  const shown = { ...apiFieldErrors(create.error), ...local }
  return (
    <ActionForm label={label} onSubmit={submit} error={create.error} submitLabel="Publish" submitIcon={<SendIcon size={15} />} pending={create.isPending}>
      <PostFields draft={draft} onChange={change} errors={shown} disabled={create.isPending} showKind={kind === undefined} mentionOptions={mentionOptions} />
    </ActionForm>
  )
}
