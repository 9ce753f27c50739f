import { formatRelativeTime } from '../../ui/format-time'

/** One or two letters for an avatar: "Ada Lovelace" → "AL", "ben" → "B", "" → "?". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean)
  if (words.length === 0) return '?'
  const first = firstLetter(words[0]!)
  const last = words.length > 1 ? firstLetter(words[words.length - 1]!) : ''
  return (first + last).toUpperCase()
}

function firstLetter(word: string): string {
  // By code point, so an emoji or an accented letter is not cut in half.
  return Array.from(word)[0] ?? ''
}

/** The avatar colour from the contact's hue (the same on every device), readable with white text in both schemes. */
export function avatarColor(hue: number): string {
  return `hsl(${Math.round(hue) % 360} 55% 45%)`
}

/** "Online", "Last seen 5 min ago", or "Not seen online yet". */
export function presenceText(contact: { online: boolean; lastSeenAt: number | null }, now: number): string {
  if (contact.online) return 'Online'
  if (contact.lastSeenAt === null) return 'Not seen online yet'
  return `Last seen ${formatRelativeTime(contact.lastSeenAt, now)}`
}

/** Contacts by name, people you can talk to first: connected, then pending, then blocked. */
export function sortContacts<C extends { displayName: string; status: 'pending' | 'connected' | 'blocked' }>(contacts: readonly C[]): C[] {
  const rank = { connected: 0, pending: 1, blocked: 2 } as const
  return [...contacts].sort((a, b) => rank[a.status] - rank[b.status] || a.displayName.localeCompare(b.displayName, undefined, { sensitivity: 'base' }))
}

/** Whether a contact matches what was typed in the search box (name or bio, any case). */
export function matchesContact(contact: { displayName: string; bio: string }, query: string): boolean {
  const needle = query.trim().toLocaleLowerCase()
  if (!needle) return true
  return contact.displayName.toLocaleLowerCase().includes(needle) || contact.bio.toLocaleLowerCase().includes(needle)
}
