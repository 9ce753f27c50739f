import { Avatar } from '@mantine/core'
import type { MantineSize } from '@mantine/core'
import { avatarColor, initials } from '../contacts/contact-format'
import { safeAvatarSrc } from './avatar-image'

/**
 * The group's picture, or its initials on the group's own colour (avatarHue,
 * the same on every device). Rounded squares, so groups and people look
 * different in lists. Decorative: the name is always beside it.
 */
export function GroupAvatar({ name, avatar, hue, size = 'md' }: { name: string; avatar: string | null; hue: number; size?: MantineSize | number }) {
  const src = safeAvatarSrc(avatar)
  return (
    <Avatar
      src={src}
      alt=""
      radius="md"
      size={size}
      aria-hidden="true"
      styles={{ placeholder: { background: avatarColor(hue), color: 'white', border: 0 } }}
    >
      {initials(name)}
    </Avatar>
  )
}
