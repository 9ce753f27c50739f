import { Box, VisuallyHidden } from '@mantine/core'

/** A green or grey dot, and the words "online"/"offline" for screen readers (and tests). */
export function PresenceDot({ online, size = 10 }: { online: boolean; size?: number }) {
  return (
    <Box component="span" display="inline-flex" style={{ alignItems: 'center', flex: 'none' }}>
      <Box
        component="span"
        w={size}
        h={size}
        display="inline-block"
        style={{ borderRadius: '50%', boxShadow: '0 0 0 2px var(--mantine-color-body)' }}
        bg={online ? 'var(--mantine-color-teal-6)' : 'var(--mantine-color-gray-5)'}
        aria-hidden="true"
        title={online ? 'Online' : 'Offline'}
      />
      <VisuallyHidden>{online ? 'online' : 'offline'}</VisuallyHidden>
    </Box>
  )
}
