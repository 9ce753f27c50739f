import { Stack, Text, Title } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useEffect, useRef, useState } from 'react'
import { useNavigate } from 'react-router'
import { RpcError } from '../../../shared/rpc/errors'
import { useRpcClient } from '../../api/client-context'
import { useApiMutation } from '../../api/hooks'
import { chatPath, groupPath, ROUTES } from '../../app/vault-routes'
import { ConnectingNotice } from '../invites/ConnectingNotice'
import type { InviteRouteState } from '../invites/invite-route-state'

/**
 * The last onboarding step with an invite: accept it at once (the person
 * already chose to, by coming here with the code) and open the conversation.
 * On failure, the Invites page takes over with the code and the reason: the
 * identity exists, so trying again needs no onboarding. A group link
 * (invites.check says kind 'group') joins the group instead.
 */
export function ConnectStep({ code }: { code: string }) {
  const navigate = useNavigate()
  const client = useRpcClient()
  const [toGroup, setToGroup] = useState(false)
  const onError = (error: unknown) => {
    const state: InviteRouteState = {
      inviteCode: code,
      acceptError: error instanceof RpcError ? { code: error.code, message: error.message } : { code: 'INTERNAL', message: '' },
    }
    navigate(ROUTES.invites, { replace: true, state })
  }
  const join = useApiMutation('groups.join', {
    onSuccess: ({ groupId, status }) => {
      if (status === 'joined') {
        notifications.show({ title: 'You joined the group', message: 'Welcome to PLANET. Say hello!', color: 'teal' })
        navigate(groupPath(groupId), { replace: true })
      } else {
        notifications.show({ title: 'Request sent — an admin must approve it', message: 'You join as soon as an admin approves.', color: 'teal' })
        navigate(ROUTES.groups, { replace: true })
      }
    },
    onError,
  })
  const accept = useApiMutation('invites.accept', {
    onSuccess: ({ conversationId }) => {
      notifications.show({ title: 'You are connected', message: 'Welcome to PLANET. Say hello!', color: 'teal' })
      navigate(chatPath(conversationId), { replace: true })
    },
    onError,
  })
  const started = useRef(false)
  const { mutate: acceptMutate } = accept
  const { mutate: joinMutate } = join

  useEffect(() => {
    // Once, even under StrictMode's double effects: accepting twice would spend the invite on the first and fail the second.
    if (started.current) return
    started.current = true
    client
      .call('invites.check', { code })
      .then((check) => check.valid && check.kind === 'group')
      .catch(() => false)
      .then((isGroup) => {
        setToGroup(isGroup)
        if (isGroup) joinMutate({ code })
        else acceptMutate({ code })
      })
  }, [client, code, acceptMutate, joinMutate])

  return (
    <Stack gap="md" mt="md">
      <Title order={2} fz={22}>
        {toGroup ? 'Joining the group' : 'Connecting'}
      </Title>
      <Text c="dimmed" size="sm">
        {toGroup
          ? 'Your identity is ready. Now PLANET reaches the group and asks to join it.'
          : 'Your identity is ready. Now PLANET reaches the person who invited you and opens your conversation.'}
      </Text>
      <ConnectingNotice toGroup={toGroup} />
    </Stack>
  )
}
