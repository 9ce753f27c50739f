import { Alert, Stack, Text } from '@mantine/core'
import { useEffect, useRef, useState } from 'react'
import { useLocation } from 'react-router'
import type { MethodOutput } from '../../../shared/contract'
import { errorFromCode } from '../../api/error-messages'
import { CheckIcon } from '../../ui/icons'
import { PageHeader } from '../../ui/PageHeader'
import { SectionCard } from '../../ui/SectionCard'
import { AcceptInviteForm } from './AcceptInviteForm'
import { CreateInviteForm } from './CreateInviteForm'
import { InviteDetails } from './InviteDetails'
import { InviteList } from './InviteList'
import { readInviteRouteState } from './invite-route-state'

type Invite = MethodOutput<'invites.create'>

/**
 * Invites, both ways: make one to send (and see the ones you made), or accept
 * one you were sent. A planet:// link or a failed onboarding accept arrives
 * here with the code in the router state: it is prefilled, never accepted
 * without the person's click.
 */
export function InvitesPage() {
  const location = useLocation()
  const incoming = readInviteRouteState(location.state)
  const [created, setCreated] = useState<Invite | null>(null)
  const acceptRef = useRef<HTMLDivElement>(null)

  const hasIncoming = incoming !== null
  useEffect(() => {
    if (hasIncoming) acceptRef.current?.scrollIntoView({ block: 'center' })
  }, [hasIncoming, location.key])

  return (
    <Stack maw={760} gap="lg">
      <PageHeader
        title="Invites"
        description="PLANET has no directory: people connect with a one-time invite. Send one to someone, or paste the one you were sent."
      />

      <SectionCard title="Invite someone" description="Make a code to send over any channel you trust: in person, by mail, in another messenger.">
        <Stack gap="md">
          <CreateInviteForm onCreated={setCreated} />
          {created && (
            <Alert color="teal" variant="light" icon={<CheckIcon />} title={created.label ? `Invite for ${created.label} is ready` : 'Your invite is ready'}>
              <Stack gap="sm">
                <Text size="sm">
                  Send the code or the link to the person you invite. Keep PLANET open and unlocked: they can only accept while your PLANET is
                  running.
                </Text>
                <InviteDetails invite={created} />
              </Stack>
            </Alert>
          )}
        </Stack>
      </SectionCard>

      <div ref={acceptRef}>
        <SectionCard title="Accept an invite" description="Someone sent you a code or a planet:// link? Paste it here to connect.">
          {/* A new incoming code (another link clicked) starts a fresh form. */}
          <AcceptInviteForm
            key={incoming ? location.key : 'accept'}
            initialCode={incoming?.inviteCode}
            initialError={incoming?.acceptError ? errorFromCode(incoming.acceptError.code, incoming.acceptError.message) : null}
          />
        </SectionCard>
      </div>

      <SectionCard title="Your invites" description="Invites you made: pending ones still work; accepted, expired and revoked ones stay here for 30 days.">
        <InviteList />
      </SectionCard>
    </Stack>
  )
}
