import { useEffect, useRef, useState } from 'react'
import { useLocation, useNavigate } from 'react-router'
import { useRpcClient } from '../../api/client-context'
import { useApiEvent, useApiQuery } from '../../api/hooks'
import { CREATE_WITH_INVITE, ROUTES } from '../../app/vault-routes'
import type { InviteRouteState } from './invite-route-state'

/**
 * planet:// links (desktop): the one that started the app (app.takePendingLink,
 * handed out once) and those that arrive later (app.onLinkOpened). An invite
 * link never accepts anything by itself: it opens a form with the code filled
 * in, and the person confirms.
 *
 * - unlocked: Invites, "Accept an invite" prefilled (a group link: Groups,
 *   "Join a group" prefilled);
 * - no vault yet: the "I have an invite" onboarding, prefilled;
 * - locked, or in the middle of a flow (unlock, creating an identity):
 *   the code waits here until the person gets to the app.
 */
export function OpenedLinks() {
  const client = useRpcClient()
  const navigate = useNavigate()
  const { pathname } = useLocation()
  const vault = useApiQuery('vault.getStatus', {})
  const state = vault.data?.state
  const [pending, setPending] = useState<string | null>(null)
  const took = useRef(false)

  // Take the start-up link once there is somewhere to put it; while locked it stays with the core.
  useEffect(() => {
    if (took.current || state === undefined || state === 'locked') return
    took.current = true
    client
      .call('app.takePendingLink', {})
      .then((link) => {
        if (link?.kind === 'invite') setPending(link.code)
      })
      .catch(() => undefined)
  }, [client, state])

  useApiEvent('app.onLinkOpened', (link) => {
    if (link.kind === 'invite') setPending(link.code)
  })

  useEffect(() => {
    if (pending === null) return
    const routeState: InviteRouteState = { inviteCode: pending }
    // /unlock: the gate is about to move on; /create: a recovery phrase may be on screen.
    if (state === 'unlocked' && pathname !== ROUTES.unlock && pathname !== ROUTES.create) {
      setPending(null)
      // A group link lands in "Join a group"; anything else (or when the check fails) in "Accept an invite", which handles both kinds.
      client
        .call('invites.check', { code: pending })
        .then((check) => (check.valid && check.kind === 'group' ? ROUTES.groups : ROUTES.invites))
        .catch(() => ROUTES.invites)
        .then((to) => navigate(to, { state: routeState }))
    } else if (state === 'none' && pathname === ROUTES.welcome) {
      setPending(null)
      navigate(CREATE_WITH_INVITE, { state: routeState })
    }
  }, [pending, state, pathname, navigate, client])

  return null
}
