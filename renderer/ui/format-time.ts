/**
 * Times as a person reads them in a list: "just now", "5 min ago", "yesterday".
 * Pure (the clock is a parameter) so lists re-render with useNow and tests pin it.
 */

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** "just now", "5 min ago", "3 h ago", "yesterday", "4 days ago", then the date. */
export function formatRelativeTime(at: number, now: number): string {
  const ago = now - at
  if (ago < MINUTE) return 'just now'
  if (ago < HOUR) return `${Math.floor(ago / MINUTE)} min ago`
  if (ago < DAY && sameDay(at, now)) return `${Math.floor(ago / HOUR)} h ago`
  if (isYesterday(at, now)) return 'yesterday'
  if (ago < 7 * DAY) return `${Math.max(2, Math.round((startOfDay(now) - startOfDay(at)) / DAY))} days ago`
  return formatDate(at)
}

/** A short time for a list row: the clock today, the weekday this week, the date before that. */
export function formatListTime(at: number, now: number): string {
  if (sameDay(at, now)) return formatClock(at)
  if (isYesterday(at, now)) return 'Yesterday'
  if (now - at < 7 * DAY) return new Date(at).toLocaleDateString(undefined, { weekday: 'short' })
  return formatDate(at)
}

/** "in 6 days", "in 5 hours", "in 20 minutes", or "expired". */
export function formatTimeLeft(until: number, now: number): string {
  const left = until - now
  if (left <= 0) return 'expired'
  if (left < HOUR) {
    const minutes = Math.max(1, Math.ceil(left / MINUTE))
    return `in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`
  }
  if (left < 2 * DAY) {
    const hours = Math.round(left / HOUR)
    return `in ${hours} ${hours === 1 ? 'hour' : 'hours'}`
  }
  const days = Math.round(left / DAY)
  return `in ${days} days`
}

/** A day heading in a conversation: "Today", "Yesterday" or the date. */
export function formatDayLabel(at: number, now: number): string {
  if (sameDay(at, now)) return 'Today'
  if (isYesterday(at, now)) return 'Yesterday'
  return new Date(at).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' })
}

export function formatClock(at: number): string {
  return new Date(at).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' })
}

export function formatDate(at: number): string {
  return new Date(at).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: 'numeric' })
}

export function formatDateTime(at: number): string {
  return new Date(at).toLocaleString(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' })
}

export function sameDay(a: number, b: number): boolean {
  return startOfDay(a) === startOfDay(b)
}

function isYesterday(at: number, now: number): boolean {
  const yesterday = new Date(startOfDay(now))
  yesterday.setDate(yesterday.getDate() - 1)
  return startOfDay(at) === yesterday.getTime()
}

function startOfDay(at: number): number {
  const date = new Date(at)
  date.setHours(0, 0, 0, 0)
  return date.getTime()
}
