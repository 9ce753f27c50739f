import { Alert, Button, Divider, Group, NumberInput, PasswordInput, Stack, Text } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import type { FormEvent } from 'react'
import { useId, useState } from 'react'
import { hasCode } from '../../api/error-messages'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { markVaultLocked, setVaultStatus } from '../../api/vault-cache'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { PassphraseFields } from '../../ui/PassphraseFields'
import { validatePassphrasePair } from '../../ui/passphrase-strength'
import { LockIcon } from '../../ui/icons'
import { SectionCard } from '../../ui/SectionCard'

export function SecuritySection() {
  return (
    <SectionCard title="Security" description="Your passphrase and when PLANET locks itself.">
      <Stack gap="lg">
        <ChangePassphraseForm />
        <Divider />
        <AutoLockForm />
        <Divider />
        <LockNow />
      </Stack>
    </SectionCard>
  )
}

function ChangePassphraseForm() {
  const [current, setCurrent] = useState('')
  const [next, setNext] = useState('')
  const [confirm, setConfirm] = useState('')
  const [showErrors, setShowErrors] = useState(false)
  const change = useApiMutation('vault.changePassphrase', {
    invalidate: false,
    onSuccess: () => {
      setCurrent('')
      setNext('')
      setConfirm('')
      setShowErrors(false)
      notifications.show({ title: 'Passphrase changed', message: 'Use your new passphrase the next time you unlock PLANET.', color: 'teal' })
    },
  })

  function submit(event: FormEvent) {
    event.preventDefault()
    setShowErrors(true)
    const pair = validatePassphrasePair(next, confirm)
    if (!current || pair.passphrase || pair.confirm) return
    change.mutate({ current, next })
  }

  const wrong = hasCode(change.error, 'WRONG_PASSPHRASE')
  return (
    <form onSubmit={submit} noValidate aria-label="Change passphrase">
      <Stack gap="sm">
        <Text fw={600} size="sm">
          Change passphrase
        </Text>
        <PasswordInput
          label="Current passphrase"
          value={current}
          onChange={(event) => {
            setCurrent(event.currentTarget.value)
            if (change.isError) change.reset()
          }}
          error={showErrors && !current ? 'Enter your current passphrase' : wrong}
          autoComplete="current-password"
          disabled={change.isPending}
        />
        <PassphraseFields
          passphrase={next}
          confirm={confirm}
          onPassphraseChange={setNext}
          onConfirmChange={setConfirm}
          showErrors={showErrors}
          label="New passphrase"
          confirmLabel="Confirm new passphrase"
          disabled={change.isPending}
        />
        {wrong ? (
          <Alert color="red" variant="light" title="Wrong passphrase">
            The current passphrase is not right. Nothing was changed.
          </Alert>
        ) : (
          change.error && <ErrorAlert error={change.error} />
        )}
        <Group justify="flex-end">
          <Button type="submit" loading={change.isPending}>
            Change passphrase
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

function AutoLockForm() {
  const status = useApiQuery('vault.getStatus', {})
  const saved = status.data?.autoLockMinutes ?? null
  // Keyed by the saved value so the field shows it once it is known, and after every save.
  return <AutoLockField key={saved ?? 'unknown'} saved={saved} />
}

function AutoLockField({ saved }: { saved: number | null }) {
  const queryClient = useQueryClient()
  const descriptionId = useId()
  const [minutes, setMinutes] = useState<number | string>(saved ?? '')
  const setAutoLock = useApiMutation('vault.setAutoLock', {
    invalidate: false,
    onSuccess: (status) => {
      setVaultStatus(queryClient, status)
      const value = status.autoLockMinutes ?? 0
      notifications.show({
        title: 'Auto-lock saved',
        message: value === 0 ? 'PLANET will stay unlocked until you lock it.' : `PLANET locks itself after ${value} idle ${value === 1 ? 'minute' : 'minutes'}.`,
        color: 'teal',
      })
    },
  })

  const value = typeof minutes === 'number' ? minutes : null
  const valid = value !== null && Number.isInteger(value) && value >= 0 && value <= 1440

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!valid || value === null) return
    setAutoLock.mutate({ minutes: value })
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Auto-lock">
      <Stack gap="sm">
        <div>
          <Text fw={600} size="sm">
            Auto-lock
          </Text>
          <Text size="sm" c="dimmed" id={descriptionId}>
            Lock PLANET after this many minutes without activity. 0 = never.
          </Text>
        </div>
        <Group gap="sm" align="flex-end">
          <NumberInput
            label="Auto-lock after (minutes)"
            aria-describedby={descriptionId}
            value={minutes}
            onChange={setMinutes}
            min={0}
            max={1440}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="strict"
            error={minutes !== '' && !valid ? 'Use a whole number from 0 to 1440' : null}
            w={240}
          />
          <Button type="submit" variant="default" loading={setAutoLock.isPending} disabled={!valid || value === saved}>
            Save auto-lock
          </Button>
        </Group>
        {setAutoLock.error && <ErrorAlert error={setAutoLock.error} />}
      </Stack>
    </form>
  )
}

function LockNow() {
  const queryClient = useQueryClient()
  const lock = useApiMutation('vault.lock', { invalidate: false, onSuccess: () => markVaultLocked(queryClient) })
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="nowrap" align="center">
        <div style={{ flex: 1, minWidth: 0 }}>
          <Text fw={600} size="sm">
            Lock now
          </Text>
          <Text size="sm" c="dimmed">
            Closes the vault and forgets the key until you enter your passphrase again.
          </Text>
        </div>
        <Button variant="default" leftSection={<LockIcon size={15} />} loading={lock.isPending} onClick={() => lock.mutate({})} style={{ flexShrink: 0 }}>
          Lock now
        </Button>
      </Group>
      {lock.error && <ErrorAlert error={lock.error} />}
    </Stack>
  )
}
