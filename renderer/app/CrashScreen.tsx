import { Button, Code, Stack, Text, Title } from '@mantine/core'
import { useRouteError } from 'react-router'
import { CenteredPage } from '../ui/CenteredPage'

/** Last resort for a rendering bug: say so plainly and offer a reload (the vault is untouched). */
export function CrashScreen() {
  const error = useRouteError()
  const detail = error instanceof Error ? error.message : String(error)
  return (
    <CenteredPage>
      <Stack gap="md">
        <Title order={2}>Something went wrong</Title>
        <Text>This screen hit a bug. Your vault is safe; reloading usually gets you going again.</Text>
        <Code block>{detail}</Code>
        <Button onClick={() => window.location.reload()} style={{ alignSelf: 'flex-start' }}>
          Reload
        </Button>
      </Stack>
    </CenteredPage>
  )
}
