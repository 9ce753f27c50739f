const UNITS = ['KB', 'MB', 'GB', 'TB'] as const

/** A file size for people: "0 B", "512 B", "1.5 KB", "12 MB", "100 MB" (binary multiples, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—'
  if (bytes < 1024) return `${Math.round(bytes)} B`
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024
    unit++
  }
  const shown = value < 10 ? Math.round(value * 10) / 10 : Math.round(value)
  // 1023.96 KB rounds to 1024 KB: say 1 MB instead.
  if (shown >= 1024 && unit < UNITS.length - 1) return `1 ${UNITS[unit + 1]}`
  return `${shown} ${UNITS[unit]}`
}

/** "45%" for a transfer; 0 total counts as done. */
export function percentOf(done: number, total: number): number {
  if (total <= 0) return 100
  return Math.min(100, Math.max(0, Math.floor((done / total) * 100)))
}
