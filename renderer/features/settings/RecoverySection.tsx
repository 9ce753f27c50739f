import { Alert, Badge, Button, Group, Modal, Stack, Text } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { notifications } from '@mantine/notifications'
import { useApiQuery } from '../../api/hooks'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { AlertIcon } from '../../ui/icons'
import { PageLoader } from '../../ui/PageLoader'
import { ConfirmBackupForm } from '../identity/ConfirmBackupForm'
import { RevealPhraseModal } from './RevealPhraseModal'
import { SectionCard } from '../../ui/SectionCard'

export function RecoverySection({ backupConfirmedAt }: { backupConfirmedAt: number | null }) {
  const [revealOpen, reveal] = useDisclosure(false)
  const [checkOpen, check] = useDisclosure(false)

  return (
    <SectionCard title="Recovery phrase" description="24 words that bring your identity back on a new device.">
      <Stack gap="md">
        {backupConfirmedAt === null ? (
          <Alert color="yellow" variant="light" icon={<AlertIcon />} title="Your backup is not checked yet">
            <Text size="sm" mb="sm">
              If this device is lost, your recovery phrase is the only way back. Make sure you wrote it down correctly by typing three of its words.
            </Text>
            <Button size="xs" variant="white" color="yellow.9" onClick={check.open}>
              Check my backup
            </Button>
          </Alert>
        ) : (
          <Group gap="xs">
            <Badge color="teal" variant="light">
              Backed up
            </Badge>
            <Text size="sm" c="dimmed">
              You confirmed your recovery phrase on {new Date(backupConfirmedAt).toLocaleDateString()}.
            </Text>
          </Group>
        )}
        <Group>
          <Button variant="default" onClick={reveal.open}>
            Reveal recovery phrase
          </Button>
        </Group>
      </Stack>

      <RevealPhraseModal opened={revealOpen} onClose={reveal.close} />
      <Modal opened={checkOpen} onClose={check.close} title="Check your backup" size="lg" centered>
        {checkOpen && (
          <BackupCheck
            onDone={() => {
              check.close()
              notifications.show({ title: 'Backup confirmed', message: 'Your recovery phrase is written down. Keep it safe.', color: 'teal' })
            }}
          />
        )}
      </Modal>
    </SectionCard>
  )
}

/** Fresh positions each time the dialog opens (identity.getBackupChallenge), then the same check as onboarding. */
function BackupCheck({ onDone }: { onDone: () => void }) {
  const challenge = useApiQuery('identity.getBackupChallenge', {}, { gcTime: 0, staleTime: Infinity })
  if (challenge.isPending) return <PageLoader label="Choosing three words…" />
  if (challenge.isError) return <ErrorAlert error={challenge.error} onRetry={() => void challenge.refetch()} />
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed">
        Type the words at these positions from what you wrote down.
      </Text>
      <ConfirmBackupForm positions={challenge.data.confirmPositions} onConfirmed={onDone} />
    </Stack>
  )
}
