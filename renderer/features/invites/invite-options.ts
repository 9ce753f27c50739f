import { DEFAULT_INVITE_HOURS } from '../../../shared/domain/people'

/** The expiry choices of the create form (hours, as invites.create wants them). */
export const EXPIRY_OPTIONS = [
  { value: '24', label: '1 day' },
  { value: String(DEFAULT_INVITE_HOURS), label: '7 days' },
  { value: '720', label: '30 days' },
] as const

export const DEFAULT_EXPIRY = String(DEFAULT_INVITE_HOURS)

export type InviteStatus = 'pending' | 'accepted' | 'expired' | 'revoked'

export const INVITE_STATUS_COLOR: Record<InviteStatus, string> = {
  pending: 'indigo',
  accepted: 'teal',
  expired: 'gray',
  revoked: 'red',
}

export const INVITE_STATUS_LABEL: Record<InviteStatus, string> = {
  pending: 'Pending',
  accepted: 'Accepted',
  expired: 'Expired',
  revoked: 'Revoked',
}
