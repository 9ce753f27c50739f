import { Textarea, TextInput } from '@mantine/core'
import type { FormEvent } from 'react'
import { useState } from 'react'
import { NEWS_LIMITS } from '../../../shared/domain/group-ops'
import { POST_LIMITS, httpUrl, parseTagInput } from '../../../shared/domain/posts'
import { useApiMutation } from '../../api/hooks'
import { ActionForm } from '../../ui/ActionForm'

/** "Title", "Link (optional)", "Text" (Markdown) and "Tags" → groups.postNews; the form empties once it is shared. */
export function ShareNewsForm({ groupId }: { groupId: string }) {
  const [title, setTitle] = useState('')
  const [link, setLink] = useState('')
  const [text, setText] = useState('')
  const [tags, setTags] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const post = useApiMutation('groups.postNews', {
    onSuccess: () => {
      setTitle('')
      setLink('')
      setText('')
      setTags('')
      setSubmitted(false)
    },
  })

  const trimmedLink = link.trim()
  const titleError = submitted && title.trim() === '' ? 'Give it a title' : null
  const linkError = submitted && trimmedLink !== '' && !httpUrl.safeParse(trimmedLink).success ? 'Use a web address that starts with http:// or https://' : null

  function submit(event: FormEvent) {
    event.preventDefault()
    setSubmitted(true)
    if (title.trim() === '') return
    if (trimmedLink !== '' && !httpUrl.safeParse(trimmedLink).success) return
    post.mutate({
      groupId,
      title: title.trim(),
      link: trimmedLink === '' ? null : trimmedLink,
      text: text.trim(),
      tags: parseTagInput(tags),
    })
  }

  return (
    <ActionForm label="Share news" onSubmit={submit} error={post.error} submitLabel="Share news" pending={post.isPending}>
      <TextInput
        label="Title"
        value={title}
        onChange={(event) => setTitle(event.currentTarget.value)}
        maxLength={NEWS_LIMITS.title}
        error={titleError}
        withAsterisk
        disabled={post.isPending}
      />
      <TextInput
        label="Link (optional)"
        description="The page you are sharing, if there is one."
        placeholder="https://"
        type="url"
        value={link}
        onChange={(event) => setLink(event.currentTarget.value)}
        maxLength={POST_LIMITS.url}
        error={linkError}
        disabled={post.isPending}
      />
      <Textarea
        label="Text"
        description="Why it matters (optional). Markdown works: **bold**, lists, links."
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        maxLength={NEWS_LIMITS.text}
        autosize
        minRows={2}
        maxRows={8}
        disabled={post.isPending}
      />
      <TextInput
        label="Tags"
        description={`Up to ${NEWS_LIMITS.tags}, separated by spaces or commas (#berlin, food).`}
        value={tags}
        onChange={(event) => setTags(event.currentTarget.value)}
        disabled={post.isPending}
      />
    </ActionForm>
  )
}
