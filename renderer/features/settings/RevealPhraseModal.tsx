import { Alert, Button, Group, Modal, PasswordInput, Stack, Text } from '@mantine/core'
import type { FormEvent } from 'react'
import { useState } from 'react'
import { hasCode } from '../../api/error-messages'
import { useApiMutation } from '../../api/hooks'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { AlertIcon } from '../../ui/icons'
import { RecoveryPhraseGrid } from '../identity/RecoveryPhraseGrid'

/** Passphrase first, then the 24 words. The words live only while the dialog is open. */
export function RevealPhraseModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="Reveal recovery phrase" size="xl" centered>
      {/* Unmounted on close, so the phrase and the typed passphrase are dropped with it. */}
      {opened && <RevealPhrase onDone={onClose} />}
    </Modal>
  )
}

function RevealPhrase({ onDone }: { onDone: () => void }) {
  const [passphrase, setPassphrase] = useState('')
  const [words, setWords] = useState<string[] | null>(null)
  const reveal = useApiMutation('identity.revealPhrase', { sensitive: true, invalidate: false })

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!passphrase) return
    reveal.mutate(
      { passphrase },
      {
        onSuccess: (result) => {
          setWords(result.phrase)
          setPassphrase('')
          reveal.reset()
        },
      },
    )
  }

  if (words) {
    return (
      <Stack gap="md">
        <Alert color="yellow" variant="light" icon={<AlertIcon />}>
          Anyone who sees these words can take over your identity. Make sure nobody is looking at your screen.
        </Alert>
        <RecoveryPhraseGrid words={words} />
        <Group justify="flex-end">
          <Button onClick={onDone}>Done</Button>
        </Group>
      </Stack>
    )
  }

  const wrong = hasCode(reveal.error, 'WRONG_PASSPHRASE')
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          Enter your passphrase to show your 24-word recovery phrase.
        </Text>
        <PasswordInput
          label="Passphrase"
          value={passphrase}
          onChange={(event) => {
            setPassphrase(event.currentTarget.value)
            if (reveal.isError) reveal.reset()
          }}
          error={wrong}
          autoComplete="current-password"
          data-autofocus
        />
        {wrong ? (
          <Alert color="red" variant="light" title="Wrong passphrase">
            That passphrase does not open this vault.
          </Alert>
        ) : (
          reveal.error && <ErrorAlert error={reveal.error} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={reveal.isPending} disabled={!passphrase}>
            Reveal
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
