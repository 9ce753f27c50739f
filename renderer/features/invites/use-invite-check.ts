import { useDebouncedValue } from '@mantine/hooks'
import { useQueryClient } from '@tanstack/react-query'
import { useCallback } from 'react'
import type { MethodOutput } from '../../../shared/contract'
import { useRpcClient } from '../../api/client-context'
import { useApiQuery } from '../../api/hooks'
import { apiQueryKey } from '../../api/query-keys'

type Check = MethodOutput<'invites.check'>

export type InviteCheck =
  | { status: 'empty' }
  | { status: 'checking' }
  /** kind: a contact invite (invites.accept) or a group link (groups.join); null when the core does not say. */
  | { status: 'valid'; kind: 'contact' | 'group' | null }
  | { status: 'invalid'; message: string }
  /** The check itself failed (connection lost): do not block on it, accept will say what is wrong. */
  | { status: 'unknown' }

const DEBOUNCE_MS = 300

/**
 * Live validation of a pasted invite code or link through invites.check
 * (public: it works during onboarding, before a vault exists). The check is
 * local to the core and instant, so it runs as the person types, debounced.
 */
export function useInviteCheck(code: string): { check: InviteCheck; checkNow: () => Promise<InviteCheck> } {
  const client = useRpcClient()
  const queryClient = useQueryClient()
  const trimmed = code.trim()
  const [debounced] = useDebouncedValue(trimmed, DEBOUNCE_MS)
  const query = useApiQuery('invites.check', { code: debounced }, { enabled: debounced.length > 0, staleTime: Infinity, gcTime: 60_000 })

  let check: InviteCheck
  if (trimmed.length === 0) check = { status: 'empty' }
  else if (debounced !== trimmed || query.isPending) check = { status: 'checking' }
  else if (query.isError) check = { status: 'unknown' }
  else check = fromAnswer(query.data)

  // On submit: the answer for exactly this text, from the cache when the debounce already asked.
  const checkNow = useCallback(async (): Promise<InviteCheck> => {
    if (trimmed.length === 0) return { status: 'empty' }
    try {
      const answer = await queryClient.fetchQuery({
        queryKey: apiQueryKey('invites.check', { code: trimmed }),
        queryFn: () => client.call('invites.check', { code: trimmed }),
        staleTime: Infinity,
      })
      return fromAnswer(answer)
    } catch {
      return { status: 'unknown' }
    }
  }, [client, queryClient, trimmed])

  return { check, checkNow }
}

function fromAnswer(answer: Check | undefined): InviteCheck {
  if (!answer) return { status: 'checking' }
  if (answer.valid) return { status: 'valid', kind: answer.kind }
  return { status: 'invalid', message: answer.message ?? fallbackMessage(answer.code) }
}

function fallbackMessage(code: Check['code']): string {
  return code === 'INVITE_OWN'
    ? 'This is your own invite: send it to the person you want to connect with.'
    : 'This is not a valid invite code. Copy the whole code or link again.'
}
