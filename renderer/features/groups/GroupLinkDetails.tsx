import type { MethodOutput } from '../../../shared/contract'
import type { SharedCodeLabels } from '../invites/SharedCodeDetails'
import { SharedCodeDetails } from '../invites/SharedCodeDetails'

type GroupLink = MethodOutput<'groups.createLink'>

const LABELS: SharedCodeLabels = { code: 'Group link code', copyCode: 'Copy group code', link: 'Group link', copyLink: 'Copy group link' }

/** A group link as an admin shares it; unlike an invite, it may let in anyone who has it. */
export function GroupLinkDetails({ link }: { link: GroupLink }) {
  return (
    <SharedCodeDetails
      code={link.code}
      link={link.link}
      expiresAt={link.expiresAt}
      reach={link.singleUse ? 'Works once' : 'Works for anyone who has it'}
      labels={LABELS}
    />
  )
}
