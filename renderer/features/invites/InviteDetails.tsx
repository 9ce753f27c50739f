import type { MethodOutput } from '../../../shared/contract'
import type { SharedCodeLabels } from './SharedCodeDetails'
import { SharedCodeDetails } from './SharedCodeDetails'

type Invite = MethodOutput<'invites.create'>

const LABELS: SharedCodeLabels = { code: 'Invite code', copyCode: 'Copy code', link: 'Invite link', copyLink: 'Copy link' }

/** An invite as the inviter shares it: every invite lets exactly one person connect. */
export function InviteDetails({ invite }: { invite: Invite }) {
  return <SharedCodeDetails code={invite.code} link={invite.link} expiresAt={invite.expiresAt} reach="Works once" labels={LABELS} />
}
