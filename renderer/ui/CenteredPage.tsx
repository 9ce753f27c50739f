import { Box, Center, Paper, Stack } from '@mantine/core'
import type { ReactNode } from 'react'
import { PlanetLogo } from './PlanetLogo'

/** The frame of every screen outside the app shell: onboarding, unlock, connection problems. */
export function CenteredPage({ children, width = 520 }: { children: ReactNode; width?: number }) {
  return (
    <Box component="main" mih="100vh" bg="var(--mantine-color-body)" py="xl" px="md" style={{ backgroundImage: 'var(--planet-page-gradient)' }}>
      <Center mih="calc(100vh - 2 * var(--mantine-spacing-xl))">
        <Stack w="100%" maw={width} gap="lg" align="stretch">
          <Center>
            <PlanetLogo size={34} />
          </Center>
          <Paper withBorder shadow="sm" radius="lg" p={{ base: 'lg', sm: 'xl' }}>
            {children}
          </Paper>
        </Stack>
      </Center>
    </Box>
  )
}
