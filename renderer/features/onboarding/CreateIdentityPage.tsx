import { Alert, Anchor, Button, Checkbox, Group, Stack, Stepper, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useQueryClient } from '@tanstack/react-query'
import type { FormEvent } from 'react'
import { useState } from 'react'
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { ROUTES } from '../../app/vault-routes'
import { InviteCodeField } from '../invites/InviteCodeField'
import { readInviteRouteState } from '../invites/invite-route-state'
import type { InviteRouteState } from '../invites/invite-route-state'
import { useInviteCheck } from '../invites/use-invite-check'
import { ConnectStep } from './ConnectStep'
import { CenteredPage } from '../../ui/CenteredPage'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { AlertIcon } from '../../ui/icons'
import { ConfirmBackupForm } from '../identity/ConfirmBackupForm'
import { RecoveryPhraseGrid } from '../identity/RecoveryPhraseGrid'
import { NameAndPassphraseFields, useNameAndPassphrase } from './NameAndPassphraseFields'

/**
 * First run, in three steps: (a) name and passphrase → identity.create, which
 * makes the keys silently and unlocks the new vault; (b) the recovery phrase,
 * shown once; (c) three of its words typed back → identity.confirmBackup.
 * The phrase lives only in this component's state, and only during step (b).
 *
 * With an invite (`/create?invite`, "I have an invite" or a planet:// link),
 * step (a) also asks for the code, and a fourth step (d) accepts it
 * (invites.accept) and opens the conversation. The identity exists either
 * way: if accepting fails, the person lands on Invites with the code and the
 * reason, to try again.
 */
export function CreateIdentityPage() {
  const navigate = useNavigate()
  const location = useLocation()
  const [searchParams] = useSearchParams()
  const withInvite = searchParams.has('invite')
  const [inviteCode, setInviteCode] = useState(() => readInviteRouteState(location.state)?.inviteCode ?? '')
  const status = useApiQuery('vault.getStatus', {})
  const [active, setActive] = useState(0)
  const [phrase, setPhrase] = useState<string[] | null>(null)
  const [positions, setPositions] = useState<number[]>([])
  const [written, setWritten] = useState(false)
  const [started, setStarted] = useState(false)

  // Arriving here with an unlocked vault we did not just create (a reload
  // mid-flow, a stale link): there is nothing to create, go to the app. Once
  // the user submitted, the vault turns 'unlocked' (vault.onUnlocked) before
  // identity.create even answers, so that must not count.
  if (!started && status.data?.state === 'unlocked') {
    const code = inviteCode.trim()
    if (withInvite && code) return <Navigate to={ROUTES.invites} replace state={{ inviteCode: code } satisfies InviteRouteState} />
    return <Navigate to={ROUTES.home} replace />
  }

  function finish(message: { title: string; message: string; color: string }) {
    setPhrase(null)
    notifications.show(message)
    if (withInvite) setActive(3)
    else navigate(ROUTES.home, { replace: true })
  }

  return (
    <CenteredPage width={withInvite ? 820 : 720}>
      <Stepper active={active} allowNextStepsSelect={false} size="sm" mb="xs">
        <Stepper.Step label="Your name" description="and passphrase">
          <CreateStep
            invite={withInvite ? { code: inviteCode, setCode: setInviteCode } : null}
            onStart={() => setStarted(true)}
            onCreated={(result) => {
              setPhrase(result.phrase)
              setPositions(result.confirmPositions)
              setActive(1)
            }}
          />
        </Stepper.Step>

        <Stepper.Step label="Recovery phrase" description="write it down">
          <Stack gap="md" mt="md">
            <Title order={2} fz={22}>
              Your recovery phrase
            </Title>
            <Alert color="yellow" variant="light" icon={<AlertIcon />} title="Shown once — write it down now">
              These 24 words are the only way to get your identity back if this device is lost. Write them on paper, in order, and keep it somewhere
              safe. Anyone who has them can become you, so never share them.
            </Alert>
            {phrase && <RecoveryPhraseGrid words={phrase} />}
            <Checkbox label="I have written down my recovery phrase" checked={written} onChange={(event) => setWritten(event.currentTarget.checked)} />
            <Group justify="flex-end">
              <Button
                disabled={!written}
                onClick={() => {
                  // From here on the phrase is needed nowhere in the UI: the core checks the words.
                  setPhrase(null)
                  setActive(2)
                }}
              >
                Continue
              </Button>
            </Group>
          </Stack>
        </Stepper.Step>

        <Stepper.Step label="Check" description="three words">
          <Stack gap="md" mt="md">
            <Title order={2} fz={22}>
              Check your backup
            </Title>
            <Text c="dimmed" size="sm">
              Type the words at these positions from what you wrote down. This makes sure your copy is complete and in order.
            </Text>
            <ConfirmBackupForm
              positions={positions}
              onConfirmed={() => finish({ title: 'Backup confirmed', message: 'Your recovery phrase is written down. Keep it safe.', color: 'teal' })}
              extraActions={
                <Button
                  variant="subtle"
                  color="gray"
                  onClick={() =>
                    finish({ title: 'Backup not checked yet', message: 'You can check your recovery phrase later in Settings.', color: 'yellow' })
                  }
                >
                  Skip for now
                </Button>
              }
            />
            <Text size="xs" c="dimmed">
              Lost track? You can show the phrase again later in Settings, with your passphrase.
            </Text>
          </Stack>
        </Stepper.Step>

        {withInvite && (
          <Stepper.Step label="Connect" description="with your inviter">
            {active === 3 && <ConnectStep code={inviteCode.trim()} />}
          </Stepper.Step>
        )}
      </Stepper>
    </CenteredPage>
  )
}

interface CreateResult {
  phrase: string[]
  confirmPositions: number[]
}

interface InviteInput {
  code: string
  setCode: (code: string) => void
}

function CreateStep({ invite, onStart, onCreated }: { invite: InviteInput | null; onStart: () => void; onCreated: (result: CreateResult) => void }) {
  const form = useNameAndPassphrase()
  const queryClient = useQueryClient()
  // No automatic refetch: the page must reach step (b) before the status turns 'unlocked'.
  const create = useApiMutation('identity.create', { sensitive: true, invalidate: false })
  const { check, checkNow } = useInviteCheck(invite?.code ?? '')
  const [inviteSubmitted, setInviteSubmitted] = useState(false)

  async function submit(event: FormEvent) {
    event.preventDefault()
    const fieldsReady = form.validate()
    if (invite) {
      setInviteSubmitted(true)
      // A code that is certainly wrong stops here, before an identity is made for nothing.
      const result = await checkNow()
      if (result.status === 'empty' || result.status === 'invalid') return
    }
    if (!fieldsReady) return
    onStart()
    create.mutate(
      form.values(),
      {
        onSuccess: (result) => {
          // Keep the phrase out of the mutation cache: copy it out, then forget the answer.
          onCreated({ phrase: result.phrase, confirmPositions: result.confirmPositions })
          create.reset()
          void queryClient.invalidateQueries()
        },
      },
    )
  }

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md" mt="md">
        <Stack gap={4}>
          <Title order={2} fz={22}>
            Create your identity
          </Title>
          <Text c="dimmed" size="sm">
            {invite
              ? 'First your own identity: its keys are generated on this device. Then PLANET connects you with the person who invited you.'
              : 'Your keys are generated on this device. Nothing is sent anywhere.'}
          </Text>
        </Stack>
        {invite && (
          <InviteCodeField
            value={invite.code}
            onChange={invite.setCode}
            check={check}
            required={inviteSubmitted}
            disabled={create.isPending}
            autoFocus={invite.code === ''}
          />
        )}
        <NameAndPassphraseFields
          form={form}
          nameDescription="How people you connect with will see you. You can change it later."
          autoFocus={!invite || invite.code !== ''}
          disabled={create.isPending}
        />
        {create.error && <ErrorAlert error={create.error} />}
        <Group justify="space-between">
          <Anchor component={Link} to={ROUTES.welcome} size="sm">
            Back
          </Anchor>
          <Button type="submit" loading={create.isPending}>
            Create identity
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
