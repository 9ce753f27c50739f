import { feedMethods } from '../../../shared/contract/feeds'
import { issuesToFieldErrors } from './field-errors'
import { invalidTagsError, readTagInput } from './tag-input'

/** Follow all of someone's posts, or only those with chosen hashtags. */
export type FollowChoice = 'all' | 'tags'

/** The follow as the form sends it, or the field's error. */
export function followInput(authorId: string, choice: FollowChoice, tagText: string): { input: { authorId: string; allPosts: boolean; tags: string[] } | null; error: string | null } {
  const read = readTagInput(tagText)
  const input = { authorId, allPosts: choice === 'all', tags: choice === 'all' ? [] : read.tags }
  if (choice === 'tags') {
    const invalid = invalidTagsError(read)
    if (invalid !== null) return { input: null, error: invalid }
  }
  const parsed = feedMethods['feeds.follow'].input.safeParse(input)
  if (parsed.success) return { input, error: null }
  const errors = issuesToFieldErrors(parsed.error.issues)
  return { input: null, error: errors.tags ?? Object.values(errors)[0] ?? 'Check the hashtags' }
}
