import { MultiSelect, NativeSelect, Radio, Group, Textarea, TextInput } from '@mantine/core'
import type { PostKind, PostRelevance } from '../../../shared/domain/posts'
import { POST_LIMITS } from '../../../shared/domain/posts'
import type { FieldErrors } from './field-errors'
import { POST_KIND_LABEL, RELEVANCE_OPTIONS } from './feed-labels'
import type { PostDraft } from './post-form'

export interface PostFieldsProps {
  draft: PostDraft
  onChange: (draft: PostDraft) => void
  /** What the form found and what the core refused, by field. */
  errors: FieldErrors
  disabled: boolean
  /** Offer Post / Blog post (a new post); an edit keeps its kind. */
  showKind: boolean
  /** People who can be mentioned (a new post only: mentions are not edited). */
  mentionOptions: ReadonlyArray<{ value: string; label: string }> | null
}

/** The fields of a post, shared by "Write a post" and "Edit post". */
export function PostFields({ draft, onChange, errors, disabled, showKind, mentionOptions }: PostFieldsProps) {
  const set = (patch: Partial<PostDraft>) => onChange({ ...draft, ...patch })
  return (
    <>
      {showKind && (
        <Radio.Group<PostKind> label="Kind" value={draft.kind} onChange={(kind) => set({ kind })}>
          <Group gap="lg" mt={6}>
            <Radio value="post" label={POST_KIND_LABEL.post} disabled={disabled} />
            <Radio value="blog" label={`${POST_KIND_LABEL.blog} (on your blog)`} disabled={disabled} />
          </Group>
        </Radio.Group>
      )}
      <TextInput
        label={draft.kind === 'blog' ? 'Title' : 'Title (optional)'}
        withAsterisk={draft.kind === 'blog'}
        value={draft.title}
        onChange={(event) => set({ title: event.currentTarget.value })}
        maxLength={POST_LIMITS.title}
        error={errors.title ?? null}
        disabled={disabled}
      />
      <Textarea
        label="Text"
        description="Markdown works: **bold**, lists, links. Images and HTML are not shown."
        value={draft.body}
        onChange={(event) => set({ body: event.currentTarget.value })}
        maxLength={POST_LIMITS.body}
        autosize
        minRows={draft.kind === 'blog' ? 6 : 3}
        maxRows={20}
        error={errors.body ?? null}
        disabled={disabled}
      />
      <TextInput
        label="Tags"
        description={`Up to ${POST_LIMITS.tags}, separated by spaces or commas (#regenerative, food). People can follow you for a tag.`}
        value={draft.tags}
        onChange={(event) => set({ tags: event.currentTarget.value })}
        error={errors.tags ?? null}
        disabled={disabled}
      />
      <NativeSelect
        label="Local relevance"
        description="Where this matters. Feeds can keep only what is relevant near their reader."
        data={RELEVANCE_OPTIONS}
        value={draft.relevance}
        onChange={(event) => set({ relevance: event.currentTarget.value as PostRelevance })}
        error={errors.relevance ?? null}
        disabled={disabled}
      />
      {mentionOptions !== null && mentionOptions.length > 0 && (
        <MultiSelect
          label="Mention (optional)"
          description="Contacts this post is about or for."
          data={mentionOptions as { value: string; label: string }[]}
          value={draft.mentions}
          onChange={(mentions) => set({ mentions })}
          maxValues={POST_LIMITS.mentions}
          searchable
          clearable
          error={errors.mentions ?? null}
          disabled={disabled}
        />
      )}
    </>
  )
}
