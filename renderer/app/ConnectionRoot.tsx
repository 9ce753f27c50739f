import { Button, Code, List, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { useSyncExternalStore } from 'react'
import { Outlet } from 'react-router'
import { ApiProvider } from '../api/client-context'
import type { Connection } from '../api/connection'
import { CenteredPage } from '../ui/CenteredPage'
import { LinkIcon, PlugOffIcon } from '../ui/icons'
import { PageLoader } from '../ui/PageLoader'
import { OpenedLinks } from '../features/invites/OpenedLinks'
import { ApiEvents } from './ApiEvents'

/**
 * The root route: nothing below it renders until there is a connection. Each
 * (re)connection gets a fresh ApiProvider (and query cache); the router, and so
 * the current screen, survive a reconnect.
 */
export function ConnectionRoot({ connection }: { connection: Connection }) {
  const state = useSyncExternalStore(connection.subscribe, connection.getState)
  switch (state.status) {
    case 'no-token':
      return <NoTokenScreen />
    case 'connecting':
      return <PageLoader fullScreen label="Connecting to PLANET…" />
    case 'closed':
      return <DisconnectedScreen wasOpen={state.wasOpen} onRetry={() => connection.retry()} />
    case 'open':
      return (
        <ApiProvider key={state.generation} client={state.client}>
          <ApiEvents />
          <OpenedLinks />
          <Outlet />
        </ApiProvider>
      )
  }
}

function NoTokenScreen() {
  return (
    <CenteredPage>
      <Stack gap="md">
        <ThemeIcon size={44} radius="xl" variant="light">
          <LinkIcon size={22} />
        </ThemeIcon>
        <Title order={2}>Open PLANET from its link</Title>
        <Text>
          Open the link that <Code>planet serve</Code> printed — it carries a one-time token.
        </Text>
        <Text size="sm" c="dimmed">
          It looks like <Code>http://127.0.0.1:PORT/#token=…</Code>. The token proves this browser tab is yours: without it, PLANET does not
          talk to a web page, so other sites cannot reach your vault.
        </Text>
      </Stack>
    </CenteredPage>
  )
}

function DisconnectedScreen({ wasOpen, onRetry }: { wasOpen: boolean; onRetry: () => void }) {
  return (
    <CenteredPage>
      <Stack gap="md">
        <ThemeIcon size={44} radius="xl" variant="light" color="orange">
          <PlugOffIcon size={22} />
        </ThemeIcon>
        <Title order={2}>Disconnected from PLANET</Title>
        <Text>
          {wasOpen
            ? 'The connection to PLANET was lost. Your data is safe in the vault; nothing was sent anywhere else.'
            : 'This page could not reach PLANET.'}
        </Text>
        <List size="sm" spacing={4} c="dimmed">
          <List.Item>
            Check that <Code>planet serve</Code> is still running.
          </List.Item>
          <List.Item>If you restarted it, open the new link it printed: each run has its own token.</List.Item>
        </List>
        <Button onClick={onRetry} style={{ alignSelf: 'flex-start' }}>
          Retry
        </Button>
      </Stack>
    </CenteredPage>
  )
}
