import { Avatar } from '@mantine/core'
import type { MantineSize } from '@mantine/core'
import { avatarColor, initials } from './contact-format'

/** Initials on the contact's own colour (avatarHue, the same on every device). Decorative: the name is always beside it. */
export function ContactAvatar({ name, hue, size = 'md' }: { name: string; hue: number; size?: MantineSize | number }) {
  return (
    <Avatar radius="xl" size={size} aria-hidden="true" styles={{ placeholder: { background: avatarColor(hue), color: 'white', border: 0 } }}>
      {initials(name)}
    </Avatar>
  )
}
