import { MantineProvider } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import { useState } from 'react'
import { RouterProvider } from 'react-router'
import type { Connection } from '../api/connection'
import { createAppRouter } from './routes'
import { theme } from './theme'

export function App({ connection }: { connection: Connection }) {
  const [router] = useState(() => createAppRouter(connection))
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <Notifications position="bottom-right" limit={3} />
      <RouterProvider router={router} />
    </MantineProvider>
  )
}
