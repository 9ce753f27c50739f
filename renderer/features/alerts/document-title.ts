export const APP_TITLE = 'PLANET'

/** The window title: "PLANET", or "(3) PLANET" while something is unread. */
export function titleWithBadge(count: number): string {
  return count > 0 ? `(${count > 999 ? '999+' : count}) ${APP_TITLE}` : APP_TITLE
}

/** A badge number that fits a small bubble. */
export function badgeText(count: number): string {
  return count > 99 ? '99+' : String(count)
}
