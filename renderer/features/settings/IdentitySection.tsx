import { Button, Group, Stack, Textarea, TextInput } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import type { FormEvent } from 'react'
import { useState } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import { bio as bioSchema, displayName as displayNameSchema } from '../../../shared/domain/identity'
import { useApiMutation } from '../../api/hooks'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { DidField } from '../identity/DidField'
import { SectionCard } from '../../ui/SectionCard'

type Identity = MethodOutput<'identity.get'>

const BIO_MAX = 2000

export function IdentitySection({ identity }: { identity: Identity }) {
  return (
    <SectionCard title="Identity" description="Your public address and how others see you.">
      <Stack gap="lg">
        <DidField did={identity.did} />
        {/* Keyed by the saved profile: a change from elsewhere (another window) resets the form. */}
        <ProfileForm key={`${identity.profile.displayName}\u0000${identity.profile.bio}`} profile={identity.profile} />
      </Stack>
    </SectionCard>
  )
}

function ProfileForm({ profile }: { profile: Identity['profile'] }) {
  const [displayName, setDisplayName] = useState(profile.displayName)
  const [bio, setBio] = useState(profile.bio)
  const update = useApiMutation('identity.updateProfile', {
    onSuccess: () => notifications.show({ title: 'Profile saved', message: 'Your name and bio are updated.', color: 'teal' }),
  })

  const nameCheck = displayNameSchema.safeParse(displayName)
  const bioCheck = bioSchema.safeParse(bio)
  const changed = displayName.trim() !== profile.displayName || bio !== profile.bio

  function submit(event: FormEvent) {
    event.preventDefault()
    if (!nameCheck.success || !bioCheck.success || !changed) return
    update.mutate({ displayName: displayName.trim(), bio })
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label="Display name"
          value={displayName}
          onChange={(event) => setDisplayName(event.currentTarget.value)}
          error={nameCheck.success ? null : 'Enter a name (up to 80 characters)'}
          maxLength={80}
          required
          withAsterisk={false}
        />
        <Textarea
          label="Bio"
          description={`A few words about you. ${bio.length}/${BIO_MAX}`}
          value={bio}
          onChange={(event) => setBio(event.currentTarget.value)}
          error={bioCheck.success ? null : `Use at most ${BIO_MAX} characters`}
          autosize
          minRows={2}
          maxRows={6}
          maxLength={BIO_MAX}
        />
        {update.error && <ErrorAlert error={update.error} />}
        <Group justify="flex-end">
          <Button type="submit" loading={update.isPending} disabled={!changed || !nameCheck.success || !bioCheck.success}>
            Save profile
          </Button>
        </Group>
      </Stack>
    </form>
  )
}
