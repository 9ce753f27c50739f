import { Anchor, Button, Group, Stack, Text, TextInput } from '@mantine/core'
import { useState } from 'react'
import { Link } from 'react-router'
import type { MethodOutput } from '../../../shared/contract'
import { useApiQuery } from '../../api/hooks'
import { contactPath, ROUTES } from '../../app/vault-routes'
import { CardList } from '../../ui/CardList'
import { UserPlusIcon, UsersIcon } from '../../ui/icons'
import { LinkRow } from '../../ui/LinkRow'
import { PageHeader } from '../../ui/PageHeader'
import { QueryList } from '../../ui/QueryList'
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
      <PageHeader
        title="Contacts"
        description="People you connected with through an invite."
        action={
          <Button component={Link} to={ROUTES.invites} variant="light" leftSection={<UserPlusIcon size={16} />}>
            Invite someone
          </Button>
        }
      />

      <QueryList
        query={contacts}
        loading={{ label: 'Loading contacts', rows: 3, height: 64 }}
        empty={{
          icon: <UsersIcon size={28} />,
          title: (
            <>
              No contacts yet —{' '}
              <Anchor component={Link} to={ROUTES.invites} inherit>
                invite someone
              </Anchor>
            </>
          ),
          description: 'Create an invite and send it to a friend. Once they accept it, they appear here and you can chat.',
        }}
      >
        {(items) => (
          <Stack gap="sm">
            {items.length > 5 && (
              <TextInput label="Search contacts" placeholder="Name or bio" value={query} onChange={(event) => setQuery(event.currentTarget.value)} maw={360} />
            )}
            <ContactRows contacts={sortContacts(items.filter((contact) => matchesContact(contact, query)))} now={now} />
          </Stack>
        )}
      </QueryList>
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
    <CardList label="Your contacts">
      {contacts.map((contact) => (
        <LinkRow key={contact.id} to={contactPath(contact.id)}>
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
        </LinkRow>
      ))}
    </CardList>
  )
}
