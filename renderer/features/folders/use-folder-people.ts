import { useApiQuery } from '../../api/hooks'

/**
 * Who is who in a group's folders: my identity (so my own versions read
 * "You") and the members' names by identity (for "Created by"). Names fall
 * back to neutral words while loading or for someone no longer a member.
 */
export function useFolderPeople(groupId: string) {
  const identity = useApiQuery('identity.get', {})
  const members = useApiQuery('groups.listMembers', { groupId })
  const me = identity.data?.publicKey ?? null
  const names = new Map((members.data ?? []).map((member) => [member.id, member.name]))
  return {
    me,
    nameOf(identityKey: string): string {
      if (identityKey === me) return 'you'
      return names.get(identityKey) ?? (members.isPending ? '…' : 'a former member')
    },
  }
}
