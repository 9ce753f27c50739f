import { Anchor, Button, EmptyState, Group, Paper, Skeleton, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core'
import { useState } from 'react'
import { Link } from 'react-router'
import type { MethodOutput } from '../../../shared/contract'
import { useApiQuery } from '../../api/hooks'
import { contactPath, ROUTES } from '../../app/vault-routes'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { UserPlusIcon, UsersIcon } from '../../ui/icons'
import { useNow } from '../../ui/use-now'
import { ContactAvatar } from './ContactAvatar'
import { ContactStatusBadge } from './ContactStatusBadge'
import { PresenceDot } from './PresenceDot'
import { matchesContact, presenceText, sortContacts } from './contact-format'

type Contact = MethodOutput<'contacts.list'>[number]

/** Everyone you are connected with (contacts.list), the ones you can talk to first. */
export function ContactsPage() {
  const contacts = useApiQuery('contacts.list', {})
  const [query, setQuery] = useState('')
  const now = useNow(60_000)

  return (
    <Stack maw={760} gap="lg">
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Title order={1} fz={28}>
            Contacts
          </Title>
          <Text c="dimmed">People you connected with through an invite.</Text>
        </Stack>
        <Button component={Link} to={ROUTES.invites} variant="light" leftSection={<UserPlusIcon size={16} />}>
          Invite someone
        </Button>
      </Group>

      {contacts.isError ? (
        <ErrorAlert error={contacts.error} onRetry={() => void contacts.refetch()} />
      ) : contacts.isPending ? (
        <Stack gap="xs" aria-busy="true" aria-label="Loading contacts">
          <Skeleton h={64} radius="md" />
          <Skeleton h={64} radius="md" />
          <Skeleton h={64} radius="md" />
        </Stack>
      ) : contacts.data.length === 0 ? (
        <Paper withBorder radius="lg" p="xl">
          <EmptyState
            icon={<UsersIcon size={28} />}
            variant="light"
            title={
              <>
                No contacts yet —{' '}
                <Anchor component={Link} to={ROUTES.invites} inherit>
                  invite someone
                </Anchor>
              </>
            }
            description="Create an invite and send it to a friend. Once they accept it, they appear here and you can chat."
          />
        </Paper>
      ) : (
        <Stack gap="sm">
          {contacts.data.length > 5 && (
            <TextInput label="Search contacts" placeholder="Name or bio" value={query} onChange={(event) => setQuery(event.currentTarget.value)} maw={360} />
          )}
          <ContactRows contacts={sortContacts(contacts.data.filter((contact) => matchesContact(contact, query)))} now={now} />
        </Stack>
      )}
    </Stack>
  )
}

function ContactRows({ contacts, now }: { contacts: Contact[]; now: number }) {
  if (contacts.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No contact matches that search.
      </Text>
    )
  }
  return (
    <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }} aria-label="Your contacts">
      {contacts.map((contact) => (
        <li key={contact.id}>
          <UnstyledButton component={Link} to={contactPath(contact.id)} w="100%" className="planet-list-row">
            <Paper withBorder radius="md" px="md" py="sm">
              <Group gap="md" wrap="nowrap">
                <ContactAvatar name={contact.displayName} hue={contact.avatarHue} />
                <Stack gap={2} style={{ minWidth: 0, flex: 1 }}>
                  <Group gap="xs" wrap="nowrap">
                    <Text fw={600} truncate>
                      {contact.displayName}
                    </Text>
                    <PresenceDot online={contact.online} />
                  </Group>
                  <Text size="sm" c="dimmed" truncate>
                    {presenceText(contact, now)}
                    {contact.bio && ` · ${contact.bio}`}
                  </Text>
                </Stack>
                <ContactStatusBadge status={contact.status} />
              </Group>
            </Paper>
          </UnstyledButton>
        </li>
      ))}
    </Stack>
  )
}
