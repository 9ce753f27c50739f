import { Group, Text } from '@mantine/core'

/** The planet mark: drawn inline, so the CSP needs no image source for it. */
export function PlanetMark({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <defs>
        <linearGradient id="planet-mark-fill" x1="0" y1="0" x2="1" y2="1">
          <stop offset="0" stopColor="var(--mantine-color-indigo-4)" />
          <stop offset="1" stopColor="var(--mantine-color-violet-7)" />
        </linearGradient>
      </defs>
      <circle cx="16" cy="16" r="9" fill="url(#planet-mark-fill)" />
      <ellipse cx="16" cy="16" rx="15" ry="5" fill="none" stroke="var(--mantine-color-indigo-3)" strokeWidth="2" transform="rotate(-20 16 16)" />
      <path d="M7.2 12.1a9 9 0 0 1 17.6 0" fill="url(#planet-mark-fill)" transform="rotate(-20 16 16)" />
    </svg>
  )
}

export function PlanetLogo({ size = 28 }: { size?: number }) {
  return (
    <Group gap={8} wrap="nowrap">
      <PlanetMark size={size} />
      <Text fw={800} fz={size * 0.64} lts={2} component="span">
        PLANET
      </Text>
    </Group>
  )
}
