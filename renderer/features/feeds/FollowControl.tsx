import { Button, Group, Radio, Stack, TextInput } from '@mantine/core'
import type { FormEvent } from 'react'
import { useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import { useApiMutation } from '../../api/hooks'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { apiFieldErrors } from './field-errors'
import type { FollowChoice as Choice } from './follow-form'
import { followInput } from './follow-form'
import { formatTagInput } from './tag-input'

type Author = MethodOutput<'feeds.listAuthors'>[number]

/** Follow someone for all their posts or only for chosen hashtags (feeds.follow), or stop (feeds.unfollow). */
export function FollowControl({ author }: { author: Author }) {
  const follow = author.follow
  const [choice, setChoice] = useState<Choice>(follow !== null && !follow.allPosts ? 'tags' : 'all')
  const [tags, setTags] = useState(follow !== null ? formatTagInput(follow.tags) : '')
  const [submitted, setSubmitted] = useState(false)
  const save = useApiMutation('feeds.follow', { onSuccess: () => setSubmitted(false) })
  const unfollow = useApiMutation('feeds.unfollow')
  const checked = followInput(author.authorId, choice, tags)

  function submit(event: FormEvent) {
    event.preventDefault()
    setSubmitted(true)
    if (checked.input !== null) save.mutate(checked.input)
  }

  const tagsError = (submitted ? checked.error : null) ?? apiFieldErrors(save.error).tags ?? null
  return (
    <form onSubmit={submit} noValidate aria-label={`Follow ${author.name}`}>
      <Stack gap="xs">
        <Radio.Group<Choice> label={`Follow ${author.name}`} value={choice} onChange={setChoice}>
          <Group gap="lg" mt={4}>
            <Radio value="all" label="Follow all posts" disabled={save.isPending} />
            <Radio value="tags" label="Follow hashtags" disabled={save.isPending} />
          </Group>
        </Radio.Group>
        {choice === 'tags' && (
          <TextInput
            label="Hashtags to follow"
            description="Only their posts with one of these, separated by spaces or commas (#regenerative, food)."
            value={tags}
            onChange={(event) => setTags(event.currentTarget.value)}
            error={tagsError}
            disabled={save.isPending}
          />
        )}
        {save.error ? <ErrorAlert error={save.error} /> : null}
        {unfollow.error ? <ErrorAlert error={unfollow.error} /> : null}
        <Group gap="xs" justify="flex-end">
          {follow !== null && (
            <Button variant="default" loading={unfollow.isPending} disabled={save.isPending} onClick={() => unfollow.mutate({ authorId: author.authorId })}>
              Unfollow
            </Button>
          )}
          <Button type="submit" loading={save.isPending} disabled={unfollow.isPending}>
            {follow === null ? 'Follow' : 'Save follow'}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
