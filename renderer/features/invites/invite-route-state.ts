import { isErrorCode } from '../../../shared/rpc/errors'
import type { ErrorCode } from '../../../shared/rpc/errors'

/**
 * What other screens hand the Invites page through the router's location
 * state: a code to put in "Accept an invite" (a planet:// link, or onboarding
 * whose accept failed) and, for the latter, why it failed. Plain JSON, since
 * history state is cloned.
 */
export interface InviteRouteState {
  inviteCode: string
  acceptError?: { code: ErrorCode; message: string }
}

export function readInviteRouteState(state: unknown): InviteRouteState | null {
  if (typeof state !== 'object' || state === null) return null
  const { inviteCode, acceptError } = state as { inviteCode?: unknown; acceptError?: unknown }
  if (typeof inviteCode !== 'string' || inviteCode.length === 0 || inviteCode.length > 1000) return null
  if (typeof acceptError === 'object' && acceptError !== null) {
    const { code, message } = acceptError as { code?: unknown; message?: unknown }
    if (isErrorCode(code)) return { inviteCode, acceptError: { code, message: typeof message === 'string' ? message : '' } }
  }
  return { inviteCode }
}
