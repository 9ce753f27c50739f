import { coverCrop, firstThatFits } from './avatar-image'

/** Why a picked picture could not become an avatar, in words for the form. */
export class AvatarError extends Error {}

/**
 * A picked picture → a small square JPEG data: URL under the contract's
 * limit. Done on a canvas in the renderer, so the core never decodes
 * pictures and every member receives the same few kilobytes.
 */
export async function scaleAvatar(file: File): Promise<string> {
  let bitmap: ImageBitmap
  try {
    bitmap = await createImageBitmap(file)
  } catch {
    throw new AvatarError('PLANET could not read that picture. Choose a PNG, JPEG, WebP or GIF file.')
  }
  try {
    const { sx, sy, side, out } = coverCrop(bitmap.width, bitmap.height)
    const canvas = document.createElement('canvas')
    canvas.width = out
    canvas.height = out
    const context = canvas.getContext('2d')
    if (!context) throw new AvatarError('This window cannot draw pictures, so the avatar cannot be scaled.')
    // JPEG has no transparency: a transparent logo goes on white, not black.
    context.fillStyle = '#ffffff'
    context.fillRect(0, 0, out, out)
    context.imageSmoothingQuality = 'high'
    context.drawImage(bitmap, sx, sy, side, side, 0, 0, out, out)
    const url = firstThatFits((quality) => canvas.toDataURL('image/jpeg', quality))
    if (url === null) throw new AvatarError('That picture stays too large even when scaled down. Choose a simpler one.')
    return url
  } finally {
    bitmap.close()
  }
}
