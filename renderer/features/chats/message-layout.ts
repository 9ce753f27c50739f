import { formatDayLabel, sameDay } from '../../ui/format-time'

interface Placed {
  authorId: string
  createdAt: number
}

/** Messages of one author within this gap read as one run: the name is shown once. */
const RUN_GAP_MS = 5 * 60_000

/** A day heading goes above a message when it starts a new calendar day ("Today", "Yesterday", a date). */
export function dayHeading(previous: Placed | undefined, message: Placed, now: number): string | null {
  if (previous && sameDay(previous.createdAt, message.createdAt)) return null
  return formatDayLabel(message.createdAt, now)
}

/** Whether a message starts a run, so its author's name is shown above it. */
export function startsRun(previous: Placed | undefined, message: Placed): boolean {
  if (!previous) return true
  return (
    previous.authorId !== message.authorId || message.createdAt - previous.createdAt > RUN_GAP_MS || !sameDay(previous.createdAt, message.createdAt)
  )
}
