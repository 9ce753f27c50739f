import { Alert, Button, Code, PasswordInput, Stack, Text, Title } from '@mantine/core'
import type { FormEvent } from 'react'
import { useState } from 'react'
import { describeError, hasCode } from '../../api/error-messages'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { CenteredPage } from '../../ui/CenteredPage'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { LockIcon } from '../../ui/icons'

/** Codes that no passphrase will fix: the user needs to act on the data folder. */
const DATA_FOLDER_PROBLEMS = ['VAULT_CORRUPT', 'VAULT_TRUNCATED', 'VAULT_TOO_NEW'] as const

/** The vault exists and is locked. On success the status turns 'unlocked' and VaultGate leaves this screen. */
export function UnlockPage() {
  const [passphrase, setPassphrase] = useState('')
  const unlock = useApiMutation('vault.unlock', { onSuccess: () => setPassphrase('') })
  const info = useApiQuery('app.getInfo', {}, { staleTime: Infinity })

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!passphrase) return
    unlock.mutate({ passphrase })
  }

  const wrong = hasCode(unlock.error, 'WRONG_PASSPHRASE')
  const dataProblem = DATA_FOLDER_PROBLEMS.some((code) => hasCode(unlock.error, code))

  return (
    <CenteredPage width={440}>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Stack gap={4} align="center" ta="center">
            <LockIcon size={28} />
            <Title order={1} fz={24}>
              PLANET is locked
            </Title>
            <Text c="dimmed" size="sm">
              Enter your passphrase to open your vault.
            </Text>
          </Stack>
          <PasswordInput
            label="Passphrase"
            value={passphrase}
            onChange={(event) => {
              setPassphrase(event.currentTarget.value)
              if (wrong) unlock.reset()
            }}
            error={wrong}
            autoComplete="current-password"
            data-autofocus
            autoFocus
            disabled={unlock.isPending}
          />
          {wrong && (
            <Alert color="red" variant="light" title="Wrong passphrase">
              {describeError(unlock.error).message}
            </Alert>
          )}
          {unlock.error && !wrong && (
            <ErrorAlert error={unlock.error}>
              {dataProblem && info.data && (
                <Text size="xs" mt="xs">
                  Data folder: <Code>{info.data.dataDir}</Code>
                </Text>
              )}
            </ErrorAlert>
          )}
          <Button type="submit" loading={unlock.isPending} disabled={!passphrase} fullWidth>
            Unlock
          </Button>
          <Text size="xs" c="dimmed" ta="center">
            Forgot your passphrase? It cannot be reset — that is what keeps your vault safe. You can restore your identity from its recovery phrase
            into a new data folder.
          </Text>
        </Stack>
      </form>
    </CenteredPage>
  )
}
