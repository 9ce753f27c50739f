import { Stack, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useEffect, useRef } from 'react'
import { useNavigate } from 'react-router'
import { RpcError } from '../../../shared/rpc/errors'
import { useApiMutation } from '../../api/hooks'
import { chatPath, ROUTES } from '../../app/vault-routes'
import { ConnectingNotice } from '../invites/ConnectingNotice'
import type { InviteRouteState } from '../invites/invite-route-state'

/**
 * The last onboarding step with an invite: accept it at once (the person
 * already chose to, by coming here with the code) and open the conversation.
 * On failure, the Invites page takes over with the code and the reason: the
 * identity exists, so trying again needs no onboarding.
 */
export function ConnectStep({ code }: { code: string }) {
  const navigate = useNavigate()
  const accept = useApiMutation('invites.accept', {
    onSuccess: ({ conversationId }) => {
      notifications.show({ title: 'You are connected', message: 'Welcome to PLANET. Say hello!', color: 'teal' })
      navigate(chatPath(conversationId), { replace: true })
    },
    onError: (error) => {
      const state: InviteRouteState = {
        inviteCode: code,
        acceptError: error instanceof RpcError ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: '' },
      }
      navigate(ROUTES.invites, { replace: true, state })
    },
  })
  const started = useRef(false)
  const { mutate } = accept

  useEffect(() => {
    // Once, even under StrictMode's double effects: accepting twice would spend the invite on the first and fail the second.
    if (started.current) return
    started.current = true
    mutate({ code })
  }, [code, mutate])

  return (
    <Stack gap="md" mt="md">
      <Title order={2} fz={22}>
        Connecting
      </Title>
      <Text c="dimmed" size="sm">
        Your identity is ready. Now PLANET reaches the person who invited you and opens your conversation.
      </Text>
      <ConnectingNotice />
    </Stack>
  )
}
