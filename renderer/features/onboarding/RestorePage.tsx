import { Anchor, Button, Group, Stack, Text, Textarea, Title } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import type { FormEvent } from 'react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { ROUTES } from '../../app/vault-routes'
import { CenteredPage } from '../../ui/CenteredPage'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { NameAndPassphraseFields, useNameAndPassphrase } from './NameAndPassphraseFields'
import { describePhrase, PHRASE_WORDS, phraseToCheck, splitPhrase } from './phrase-input'

/**
 * Restore an identity from its 24 words into a new vault on this device. The
 * phrase is checked by the core as the user types (debounced), so the form can
 * point at the unknown word or the bad checksum before they submit.
 */
export function RestorePage() {
  const navigate = useNavigate()
  const [phrase, setPhrase] = useState('')
  const form = useNameAndPassphrase()

  const words = splitPhrase(phrase)
  const normalized = words.join(' ')
  const toCheck = phraseToCheck(phrase)
  const [debounced] = useDebouncedValue(toCheck, 350)
  const check = useApiQuery(
    'identity.checkPhrase',
    { phrase: debounced },
    // The phrase is part of the query key: keep no finished check in memory.
    { enabled: debounced.length > 0, gcTime: 0, staleTime: Infinity, placeholderData: (previous) => previous },
  )
  const checkIsCurrent = check.data !== undefined && !check.isPlaceholderData && debounced === toCheck

  const restore = useApiMutation('identity.restore', {
    onSuccess: (identity) => {
      notifications.show({ title: `Welcome back, ${identity.profile.displayName}`, message: 'Your identity is restored on this device.', color: 'teal' })
      navigate(ROUTES.home, { replace: true })
    },
  })

  // While a newer check is on its way, keep showing the last answer rather than blinking it away.
  const phraseFeedback = describePhrase(words.length, check.data, form.showErrors)

  function submit(event: FormEvent) {
    event.preventDefault()
    const fieldsReady = form.validate()
    if (!fieldsReady || words.length !== PHRASE_WORDS) return
    // Known bad (unknown word, checksum): the field already says why.
    if (checkIsCurrent && toCheck === normalized && check.data && !check.data.valid) return
    restore.mutate({ phrase: normalized, ...form.values() })
  }

  return (
    <CenteredPage width={620}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Stack gap={4}>
            <Title order={1} fz={26}>
              Restore your identity
            </Title>
            <Text c="dimmed" size="sm">
              Enter the 24 words you wrote down when you created your identity. They never leave this device.
            </Text>
          </Stack>

          <Textarea
            label="Recovery phrase"
            placeholder="Type or paste your 24 words, separated by spaces"
            value={phrase}
            onChange={(event) => {
              setPhrase(event.currentTarget.value)
              if (restore.isError) restore.reset()
            }}
            autosize
            minRows={3}
            maxRows={6}
            autoComplete="off"
            autoCapitalize="none"
            autoCorrect="off"
            spellCheck={false}
            required
            withAsterisk={false}
            data-autofocus
            error={phraseFeedback.error}
            description={phraseFeedback.error ? undefined : phraseFeedback.hint}
            inputWrapperOrder={['label', 'description', 'input', 'error']}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            disabled={restore.isPending}
          />
          <Text size="xs" c={phraseFeedback.ok ? 'teal' : 'dimmed'} aria-live="polite" mt={-8}>
            {phraseFeedback.status}
          </Text>

          <NameAndPassphraseFields form={form} nameDescription="How people you connect with will see you." disabled={restore.isPending} />

          {restore.error && <ErrorAlert error={restore.error} />}

          <Group justify="space-between">
            <Anchor component={Link} to={ROUTES.welcome} size="sm">
              Back
            </Anchor>
            <Button type="submit" loading={restore.isPending}>
              Restore identity
            </Button>
          </Group>
        </Stack>
      </form>
    </CenteredPage>
  )
}
