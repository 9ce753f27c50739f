import { List, Stack, Text, TextInput } from '@mantine/core'
import type { FormEvent } from 'react'
import { useState } from 'react'
import { POST_LIMITS, httpUrl } from '../../../shared/domain/posts'
import { useApiMutation } from '../../api/hooks'
import { ActionForm } from '../../ui/ActionForm'
import { DownloadIcon } from '../../ui/icons'
import { ShareValue } from '../../ui/ShareValue'
import { countText } from './feed-labels'

/**
 * "Export blog": static HTML pages plus an Atom feed whose entries carry my
 * DID signatures, written by the core into a new folder (feeds.exportBlog);
 * the page then says where and what.
 */
export function BlogExport() {
  const [baseUrl, setBaseUrl] = useState('')
  const [submitted, setSubmitted] = useState(false)
  const exportBlog = useApiMutation('feeds.exportBlog', { invalidate: false })
  const trimmed = baseUrl.trim()
  const urlError = submitted && trimmed !== '' && !httpUrl.safeParse(trimmed).success ? 'Use a web address that starts with http:// or https://' : null

  function submit(event: FormEvent) {
    event.preventDefault()
    setSubmitted(true)
    if (trimmed !== '' && !httpUrl.safeParse(trimmed).success) return
    exportBlog.mutate({ baseUrl: trimmed === '' ? null : trimmed })
  }

  const result = exportBlog.data
  return (
    <Stack gap="md">
      <ActionForm label="Export blog" onSubmit={submit} error={exportBlog.error} submitLabel="Export blog" submitIcon={<DownloadIcon size={15} />} pending={exportBlog.isPending}>
        <TextInput
          label="Where you will publish it (optional)"
          description="The web address of the folder once it is online, so the Atom feed can link to each post."
          placeholder="https://example.org/blog/"
          type="url"
          value={baseUrl}
          onChange={(event) => setBaseUrl(event.currentTarget.value)}
          maxLength={POST_LIMITS.url}
          error={urlError}
          disabled={exportBlog.isPending}
        />
      </ActionForm>
      {result && (
        <Stack gap="xs" role="status" aria-label="Blog export">
          <Text size="sm" fw={600}>
            Exported {countText(result.posts, 'blog post')}. Copy the folder to any web host to publish it.
          </Text>
          <ShareValue label="Export folder" copyLabel="Copy folder path" value={result.dir} />
          <List size="sm" spacing={2} aria-label="Exported files" ff="monospace">
            {result.files.map((file) => (
              <List.Item key={file}>{file}</List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Stack>
  )
}
