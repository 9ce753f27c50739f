import { normalizeTag } from '../../../shared/domain/posts'

/**
 * A tags field as people type it ("#Regenerative, food  berlin") → the
 * normal forms posts and feeds store (shared/domain/posts normalizeTag, as
 * parseTagInput does), plus what could not be a tag, so the form can say so
 * instead of dropping it. Unlike parseTagInput it does not stop at a post's
 * tag limit: feeds allow more, and the schema says when there are too many.
 */
export interface TagInput {
  tags: string[]
  invalid: string[]
}

export function readTagInput(input: string): TagInput {
  const tags: string[] = []
  const invalid: string[] = []
  for (const token of input.split(/[\s,]+/u)) {
    if (token.replace(/^#+/, '') === '') continue
    const tag = normalizeTag(token)
    if (tag === null) invalid.push(token)
    else if (!tags.includes(tag)) tags.push(tag)
  }
  return { tags, invalid }
}

/** The error for a tags field with tokens that are not tags, or null. */
export function invalidTagsError({ invalid }: TagInput): string | null {
  if (invalid.length === 0) return null
  const shown = invalid.slice(0, 3).map((token) => `“${token}”`).join(', ')
  return `${shown} ${invalid.length === 1 ? 'is not a tag' : 'are not tags'}: use letters, digits, "_" or "-"`
}

/** Stored tags back into the field ("#regenerative, #food"). */
export function formatTagInput(tags: readonly string[]): string {
  return tags.map((tag) => `#${tag}`).join(', ')
}

/** "#regenerative #food", for a line of text. */
export function hashtags(tags: readonly string[]): string {
  return tags.map((tag) => `#${tag}`).join(' ')
}
