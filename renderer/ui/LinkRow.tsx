import { Paper, UnstyledButton } from '@mantine/core'
import type { ReactNode } from 'react'
import { Link } from 'react-router'

/**
 * A list item that is one link as a whole (a contact, a group, a thread):
 * its accessible name is everything it says, and .planet-list-row gives it
 * the hover and the focus ring. Put it in a CardList.
 */
export function LinkRow({ to, children }: { to: string; children: ReactNode }) {
  return (
    <li>
      <UnstyledButton component={Link} to={to} w="100%" className="planet-list-row">
        <Paper withBorder radius="md" px="md" py="sm">
          {children}
        </Paper>
      </UnstyledButton>
    </li>
  )
}
