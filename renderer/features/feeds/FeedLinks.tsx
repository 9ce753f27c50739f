import { Paper, Stack, Text, TextInput, Title } from '@mantine/core'
import type { FormEvent } from 'react'
import { useId, useState } from 'react'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { ActionForm } from '../../ui/ActionForm'
import { CopyableValue } from '../../ui/CopyableValue'
import { ErrorAlert } from '../../ui/ErrorAlert'

/**
 * Feed links: mine to give to people who are not my contacts, and a form to
 * add someone else's. A link lets its holder read every post on my personal
 * log, so the text says so.
 */
export function FeedLinks() {
  const headingId = useId()
  const mine = useApiQuery('feeds.getFeedLink', {})
  const [link, setLink] = useState('')
  const [added, setAdded] = useState<string | null>(null)
  const add = useApiMutation('feeds.addFeedLink', {
    onSuccess: (author) => {
      setLink('')
      setAdded(author.name)
    },
  })
  function submit(event: FormEvent) {
    event.preventDefault()
    setAdded(null)
    add.mutate({ link })
  }
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <Title order={2} fz="md" id={headingId}>
          Feed links
        </Title>
        <Text size="sm" c="dimmed" maw={620}>
          Your contacts already have your posts. To let someone else follow you, give them your feed link: whoever holds it can read everything you post.
        </Text>
        {mine.data ? (
          <CopyableValue value={mine.data.link} copyLabel="Copy my feed link" valueProps={{ 'aria-label': 'My feed link' }} />
        ) : mine.error ? (
          <ErrorAlert error={mine.error} />
        ) : null}
        <ActionForm label="Follow by link" onSubmit={submit} error={add.error} submitLabel="Add" pending={add.isPending} submitDisabled={link.trim() === ''}>
          <TextInput
            label="Someone’s feed link"
            placeholder="planet://feed/…"
            value={link}
            onChange={(event) => setLink(event.currentTarget.value)}
            disabled={add.isPending}
          />
        </ActionForm>
        {added !== null && (
          <Text size="sm" role="status">
            {added} is in your list below: choose what to follow.
          </Text>
        )}
      </Stack>
    </Paper>
  )
}
