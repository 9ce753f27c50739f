import { Alert, Button, Group, SimpleGrid, Stack, TextInput } from '@mantine/core'
import type { FormEvent, ReactNode } from 'react'
import { useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import { useApiMutation } from '../../api/hooks'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { hasCode } from '../../api/error-messages'

export interface ConfirmBackupFormProps {
  /** 1-based positions the core asked for. */
  positions: readonly number[]
  onConfirmed: (identity: MethodOutput<'identity.confirmBackup'>) => void
  /** Secondary actions shown beside the submit button (e.g. "Skip for now"). */
  extraActions?: ReactNode
}

/** Asks for the words at three positions; the core compares them, the renderer never holds the phrase here. */
export function ConfirmBackupForm({ positions, onConfirmed, extraActions }: ConfirmBackupFormProps) {
  const [words, setWords] = useState<Record<number, string>>({})
  const [showErrors, setShowErrors] = useState(false)
  const confirm = useApiMutation('identity.confirmBackup', { onSuccess: onConfirmed })
  const missing = positions.filter((position) => !(words[position] ?? '').trim())

  function submit(event: FormEvent) {
    event.preventDefault()
    setShowErrors(true)
    if (missing.length > 0) return
    confirm.mutate({ words: positions.map((position) => ({ position, word: normalizeWord(words[position] ?? '') })) })
  }

  const mismatch = hasCode(confirm.error, 'BACKUP_WORDS_MISMATCH')

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
          {positions.map((position, index) => (
            <TextInput
              key={position}
              label={`Word ${position}`}
              value={words[position] ?? ''}
              onChange={(event) => {
                const value = event.currentTarget.value
                setWords((current) => ({ ...current, [position]: value }))
                if (confirm.isError) confirm.reset()
              }}
              error={showErrors && !(words[position] ?? '').trim() ? 'Enter this word' : mismatch}
              autoComplete="off"
              autoCapitalize="none"
              autoCorrect="off"
              spellCheck={false}
              data-autofocus={index === 0 ? true : undefined}
              disabled={confirm.isPending}
            />
          ))}
        </SimpleGrid>
        {mismatch ? (
          <Alert color="red" variant="light" title="Those words do not match">
            At least one word is not the one at that position in your recovery phrase. Check what you wrote down and try again.
          </Alert>
        ) : (
          confirm.error && <ErrorAlert error={confirm.error} />
        )}
        <Group justify="flex-end" gap="sm">
          {extraActions}
          <Button type="submit" loading={confirm.isPending}>
            Confirm backup
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

function normalizeWord(word: string): string {
  return word.trim().toLowerCase()
}
