import { Alert, Anchor, Button, Checkbox, Fieldset, Group, NumberInput, SimpleGrid, Skeleton, Stack, Text, TextInput } from '@mantine/core'
import { useQueryClient } from '@tanstack/react-query'
import type { FormEvent } from 'react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import type { FeedDefinition, FeedRelevance } from '../../../shared/domain/feed-builder'
import { DEFAULT_HOME_FEED, FEED_LIMITS } from '../../../shared/domain/feed-builder'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { ActionForm } from '../../ui/ActionForm'
import { ConfirmButton } from '../../ui/ConfirmButton'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { PageHeader } from '../../ui/PageHeader'
import { invalidateFeeds } from './feeds-cache'
import type { FieldErrors } from './field-errors'
import { apiFieldErrors, errorFor } from './field-errors'
import type { FeedForm, NumberValue } from './feed-form'
import { canDeleteFeed, feedToForm, formToInput, newFeedForm } from './feed-form'
import { MIX_FIELDS, RELEVANCE_OPTIONS, TRUST_FIELDS } from './feed-labels'
import { feedPath, HOME_FEED_ID } from './feeds-location'

const LEGEND = { legend: { fontWeight: 600, fontSize: 'var(--mantine-font-size-sm)' } }

/** /feeds/new and /feeds/feed/<id>/edit: the feed builder. */
export function FeedEditorPage({ feedId }: { feedId: string | null }) {
  const feeds = useApiQuery('feeds.listFeeds', {}, { enabled: feedId !== null })
  const back = (
    <Anchor component={Link} to={feedPath(feedId ?? HOME_FEED_ID)} size="sm">
      ← Back to the feed
    </Anchor>
  )
  if (feedId === null) {
    return (
      <Stack maw={820} gap="lg">
        <PageHeader back={back} title="New feed" description="A named feed with a recipe of your own: what it shows, whose, how fresh, and which tags." />
        <FeedEditor feed={null} />
      </Stack>
    )
  }
  if (feeds.isError) {
    return (
      <Stack maw={820} gap="sm">
        {back}
        <ErrorAlert error={feeds.error} onRetry={() => void feeds.refetch()} />
      </Stack>
    )
  }
  if (feeds.isPending) {
    return (
      <Stack maw={820} gap="md" aria-busy="true" aria-label="Loading feed">
        <Skeleton h={36} w="50%" />
        <Skeleton h={400} radius="lg" />
      </Stack>
    )
  }
  const feed = feeds.data.find((candidate) => candidate.id === feedId)
  if (feed === undefined) {
    return (
      <Stack maw={820} gap="sm">
        {back}
        <Alert color="red" variant="light" title="Feed not found">
          <Text size="sm">This feed is not on this device any more: it may have been deleted in another window.</Text>
        </Alert>
      </Stack>
    )
  }
  return (
    <Stack maw={820} gap="lg">
      <PageHeader back={back} title={`Edit ${feed.name}`} description="Change the recipe; the feed re-ranks with it at once." />
      <FeedEditor key={feed.id} feed={feed} />
    </Stack>
  )
}

/** The recipe's fields → feeds.saveFeed (no id for a new feed); Delete for any feed but Home. */
function FeedEditor({ feed }: { feed: FeedDefinition | null }) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [form, setForm] = useState<FeedForm>(() => (feed === null ? newFeedForm() : feedToForm(feed)))
  const [submitted, setSubmitted] = useState(false)
  const save = useApiMutation('feeds.saveFeed', { onSuccess: (saved) => navigate(feedPath(saved.id)) })
  const remove = useApiMutation('feeds.deleteFeed', {
    invalidate: false,
    onSuccess: () => {
      navigate(feedPath(), { replace: true })
      void invalidateFeeds(queryClient)
    },
  })
  const checked = formToInput(form, feed?.id ?? null)
  const local: FieldErrors = submitted ? (checked.errors ?? {}) : {}
  const api = apiFieldErrors(save.error)
  const error = (field: string) => errorFor(field, local, api)
  const set = (patch: Partial<FeedForm>) => setForm((current) => ({ ...current, ...patch }))
  const pending = save.isPending

  function submit(event: FormEvent) {
    event.preventDefault()
    setSubmitted(true)
    if (checked.errors === null) save.mutate(checked.input)
  }

  const weight = (label: string, value: NumberValue, onChange: (value: NumberValue) => void, field: string) => (
    <NumberInput
      key={field}
      label={label}
      value={value}
      onChange={onChange}
      min={0}
      max={1}
      step={0.1}
      decimalScale={2}
      allowNegative={false}
      error={error(field)}
      disabled={pending}
    />
  )

  return (
    <Stack gap="lg">
      <ActionForm
        label="Feed recipe"
        onSubmit={submit}
        gap="lg"
        error={save.error}
        submitLabel="Save feed"
        pending={pending}
        cancel={
          <Button component={Link} to={feedPath(feed?.id ?? HOME_FEED_ID)} variant="default">
            Cancel
          </Button>
        }
      >
        <TextInput
          label="Name"
          value={form.name}
          onChange={(event) => set({ name: event.currentTarget.value })}
          maxLength={FEED_LIMITS.name}
          error={error('name')}
          withAsterisk
          disabled={pending}
        />
        <Fieldset legend="Content mix" variant="unstyled" p={0} styles={LEGEND}>
          <Text size="sm" c="dimmed" mb="xs">
            How much each kind of item counts, from 0 (left out) to 1 (full weight).
          </Text>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            {MIX_FIELDS.map(({ key, label }) => weight(label, form.mix[key], (value) => set({ mix: { ...form.mix, [key]: value } }), `mix.${key}`))}
          </SimpleGrid>
        </Fieldset>
        <Fieldset legend="Trust" variant="unstyled" p={0} styles={LEGEND}>
          <Text size="sm" c="dimmed" mb="xs">
            How much people count by how close they are to you, from 0 (left out) to 1. Your own posts always count fully.
          </Text>
          <SimpleGrid cols={{ base: 2, sm: 4 }}>
            {TRUST_FIELDS.map(({ key, label }) => weight(label, form.trust[key], (value) => set({ trust: { ...form.trust, [key]: value } }), `trust.${key}`))}
          </SimpleGrid>
        </Fieldset>
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <NumberInput
            label="Recency half-life (hours)"
            description="An item loses half its weight every this many hours."
            value={form.recencyHalfLifeHours}
            onChange={(value) => set({ recencyHalfLifeHours: value })}
            min={FEED_LIMITS.minHalfLifeHours}
            max={FEED_LIMITS.maxHalfLifeHours}
            allowNegative={false}
            error={error('recencyHalfLifeHours')}
            disabled={pending}
          />
          <NumberInput
            label="Upvote weight"
            description="0: upvotes do not count; 1: the most upvoted weigh up to twice as much."
            value={form.upvoteWeight}
            onChange={(value) => set({ upvoteWeight: value })}
            min={0}
            max={1}
            step={0.1}
            decimalScale={2}
            allowNegative={false}
            error={error('upvoteWeight')}
            disabled={pending}
          />
          <NumberInput
            label="Items per page"
            description={`How many entries a page shows, 1 to ${FEED_LIMITS.pageSize}.`}
            value={form.limit}
            onChange={(value) => set({ limit: value })}
            min={1}
            max={FEED_LIMITS.pageSize}
            allowDecimal={false}
            allowNegative={false}
            error={error('limit')}
            disabled={pending}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            label="Include tags"
            description="When set, only items with at least one of these."
            value={form.includeTags}
            onChange={(event) => set({ includeTags: event.currentTarget.value })}
            error={error('includeTags')}
            disabled={pending}
          />
          <TextInput
            label="Exclude tags"
            description="Items with any of these are left out."
            value={form.excludeTags}
            onChange={(event) => set({ excludeTags: event.currentTarget.value })}
            error={error('excludeTags')}
            disabled={pending}
          />
        </SimpleGrid>
        <Checkbox.Group
          label="Local relevance"
          description="Only items relevant at these levels. None ticked: every level."
          value={form.relevance}
          onChange={(value) => set({ relevance: value as FeedRelevance[] })}
          error={error('relevance')}
        >
          <Group gap="md" mt="xs">
            {RELEVANCE_OPTIONS.map((option) => (
              <Checkbox key={option.value} value={option.value} label={option.label} disabled={pending} />
            ))}
          </Group>
        </Checkbox.Group>
        {feed?.id === HOME_FEED_ID && (
          <Group>
            <Button variant="subtle" size="compact-sm" onClick={() => setForm({ ...feedToForm(DEFAULT_HOME_FEED), name: form.name })} disabled={pending}>
              Restore Home’s default recipe
            </Button>
          </Group>
        )}
      </ActionForm>
      {feed !== null && canDeleteFeed(feed.id) && (
        <Group justify="flex-start">
          <ConfirmButton label="Delete feed" buttonProps={{ variant: 'light', color: 'red' }} title={`Delete ${feed.name}?`} danger command={remove} input={{ id: feed.id }}>
            {`The feed and its recipe go away. The posts and news it showed stay where they are, and in your other feeds.`}
          </ConfirmButton>
        </Group>
      )}
    </Stack>
  )
}
