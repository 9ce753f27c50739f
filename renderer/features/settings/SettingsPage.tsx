import { Skeleton, Stack, Title } from '@mantine/core'
import { useApiQuery } from '../../api/hooks'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { IdentitySection } from './IdentitySection'
import { RecoverySection } from './RecoverySection'
import { SecuritySection } from './SecuritySection'

export function SettingsPage() {
  const identity = useApiQuery('identity.get', {})
  return (
    <Stack maw={760} gap="lg">
      <Title order={1} fz={28}>
        Settings
      </Title>
      {identity.isError ? (
        <ErrorAlert error={identity.error} onRetry={() => void identity.refetch()} />
      ) : identity.isPending ? (
        <Stack gap="lg" aria-busy="true" aria-label="Loading settings">
          <Skeleton h={260} radius="lg" />
          <Skeleton h={160} radius="lg" />
        </Stack>
      ) : (
        <>
          <IdentitySection identity={identity.data} />
          <RecoverySection backupConfirmedAt={identity.data.backupConfirmedAt} />
        </>
      )}
      <SecuritySection />
    </Stack>
  )
}
