import { GROUP_LIMITS } from '../../../shared/domain/groups'

/** Avatars are scaled to this many pixels square before they are sent. */
export const AVATAR_PIXELS = 128

/** The picture types a group avatar may be (as the contract's groupAvatar allows). */
export const AVATAR_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const

const SAFE_AVATAR = /^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/=]+$/

/**
 * A group's avatar comes from its admins' devices: show it only when it is
 * the small raster data: URL the contract allows (never SVG, never a remote
 * address that would tell a server who looks at the group).
 */
export function safeAvatarSrc(avatar: string | null): string | null {
  return avatar !== null && avatar.length <= GROUP_LIMITS.avatarChars && SAFE_AVATAR.test(avatar) ? avatar : null
}

/** The centred square of a picture, scaled to at most `size` pixels (never up): what to draw where. */
export function coverCrop(width: number, height: number, size = AVATAR_PIXELS): { sx: number; sy: number; side: number; out: number } {
  const side = Math.min(width, height)
  return { sx: Math.floor((width - side) / 2), sy: Math.floor((height - side) / 2), side, out: Math.max(1, Math.min(size, side)) }
}

/** JPEG qualities to try, best first, until the data: URL fits GROUP_LIMITS.avatarChars. */
export const AVATAR_QUALITIES = [0.86, 0.75, 0.6, 0.45, 0.3] as const

/** The first encoding that fits, or null when even the smallest is too large. */
export function firstThatFits(encode: (quality: number) => string, limit: number = GROUP_LIMITS.avatarChars): string | null {
  for (const quality of AVATAR_QUALITIES) {
    const url = encode(quality)
    if (url.length <= limit) return url
  }
  return null
}
