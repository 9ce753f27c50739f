import type { MethodInput } from '../../../shared/contract'
import type { PostView } from '../../../shared/contract/feeds'
import { feedMethods } from '../../../shared/contract/feeds'
import type { PostKind, PostRelevance } from '../../../shared/domain/posts'
import type { FieldErrors } from './field-errors'
import { issuesToFieldErrors } from './field-errors'
import { formatTagInput, invalidTagsError, readTagInput } from './tag-input'

/** The composer's fields as typed; tags are one line of text. */
export interface PostDraft {
  kind: PostKind
  title: string
  body: string
  tags: string
  relevance: PostRelevance
  mentions: string[]
}

export const EMPTY_POST_DRAFT: PostDraft = { kind: 'post', title: '', body: '', tags: '', relevance: 'world', mentions: [] }

export type Checked<Input> = { input: Input; errors: null } | { input: null; errors: FieldErrors }

/**
 * The rules a post record must pass (shared/domain/posts checkPost) that the
 * command's input schema cannot see alone: a blog post needs a title, and a
 * post needs something in it.
 */
function recordRules(kind: PostKind, title: string, body: string): Record<string, string> {
  const errors: Record<string, string> = {}
  if (kind === 'blog' && title.trim() === '') errors.title = 'A blog post needs a title'
  if (title.trim() === '' && body.trim() === '') errors.body = 'Write something first'
  return errors
}

function check<Input>(schema: { safeParse: (value: unknown) => { success: boolean; error?: { issues: ReadonlyArray<{ path: PropertyKey[]; message: string }> } } }, input: Input, extra: Record<string, string>): Checked<Input> {
  const parsed = schema.safeParse(input)
  const errors = { ...(parsed.success ? {} : issuesToFieldErrors(parsed.error?.issues ?? [])), ...extra }
  return Object.keys(errors).length === 0 ? { input, errors: null } : { input: null, errors }
}

/** Composer → feeds.createPost input, checked by the contract's own schema first. */
export function draftToCreateInput(draft: PostDraft): Checked<MethodInput<'feeds.createPost'>> {
  const tags = readTagInput(draft.tags)
  const input = {
    kind: draft.kind,
    title: draft.title.trim(),
    body: draft.body.trim(),
    tags: tags.tags,
    relevance: draft.relevance,
    mentions: [...new Set(draft.mentions)],
  }
  const extra = recordRules(draft.kind, input.title, input.body)
  const tagError = invalidTagsError(tags)
  if (tagError !== null) extra.tags = tagError
  return check(feedMethods['feeds.createPost'].input, input, extra)
}

/** A post → the edit form, filled in. */
export function draftFromPost(post: Pick<PostView, 'kind' | 'title' | 'body' | 'tags' | 'relevance' | 'mentions'>): PostDraft {
  return {
    kind: post.kind,
    title: post.title,
    body: post.body,
    tags: formatTagInput(post.tags),
    relevance: post.relevance,
    mentions: post.mentions.map((mention) => mention.id),
  }
}

/** The edit form → feeds.editPost input with only what changed (null fields: nothing to send). */
export function draftToEditInput(post: Pick<PostView, 'id' | 'kind' | 'title' | 'body' | 'tags' | 'relevance'>, draft: PostDraft): Checked<MethodInput<'feeds.editPost'>> & { changed: boolean } {
  const tags = readTagInput(draft.tags)
  const title = draft.title.trim()
  const body = draft.body.trim()
  const input: MethodInput<'feeds.editPost'> = { id: post.id }
  if (title !== post.title) input.title = title
  if (body !== post.body) input.body = body
  if (tags.tags.join(' ') !== post.tags.join(' ')) input.tags = tags.tags
  if (draft.relevance !== post.relevance) input.relevance = draft.relevance
  const changed = Object.keys(input).length > 1
  const extra = recordRules(post.kind, title, body)
  const tagError = invalidTagsError(tags)
  if (tagError !== null) extra.tags = tagError
  return { ...check(feedMethods['feeds.editPost'].input, input, extra), changed }
}

/** A comment or reply → feeds.comment input; null with the reason when there is nothing to send. */
export function commentInput(post: { authorId: string; id: string }, body: string, replyTo: string | null = null): Checked<MethodInput<'feeds.comment'>> {
  return check(feedMethods['feeds.comment'].input, { authorId: post.authorId, postId: post.id, replyTo, body: body.trim() }, {})
}
