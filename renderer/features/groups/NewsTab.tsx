import { Anchor, Badge, Button, Group, Paper, Stack, Text, Title } from '@mantine/core'
import type { MethodOutput } from '../../../shared/contract'
import { useApiMutation, useApiQuery } from '../../api/hooks'
import { CardList } from '../../ui/CardList'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { formatRelativeTime } from '../../ui/format-time'
import { GlobeIcon } from '../../ui/icons'
import { QueryList } from '../../ui/QueryList'
import { useNow } from '../../ui/use-now'
import { renderMarkdown } from '../chats/markdown'
import type { GroupTabProps } from './GroupTabPanel'
import { NewsFeeds } from './NewsFeeds'
import { externalHref, feedHost } from './news-format'
import { ShareNewsForm } from './ShareNewsForm'

type NewsItem = MethodOutput<'groups.listNews'>[number]

/** News: links and posts the members share and feeds the admins import, ranked by upvotes (the core's order, the same for everyone). */
export function NewsTab({ group, permissions }: GroupTabProps) {
  const news = useApiQuery('groups.listNews', { groupId: group.id })
  const now = useNow(60_000)

  return (
    <Stack gap="lg" maw={820}>
      <Text size="sm" c="dimmed" maw={560}>
        Links and short posts the members share. Upvote what matters: the most upvoted news is at the top, the same for everyone.
      </Text>

      <QueryList
        query={news}
        loading={{ label: 'Loading news', rows: 3, height: 72 }}
        empty={{
          icon: <GlobeIcon size={26} />,
          title: 'No news yet',
          description: permissions.write
            ? 'Share a link or a short post with “Share news” below. Admins can also add news feeds that bring in articles by themselves.'
            : 'When members share links or admins add news feeds, the news appears here.',
        }}
      >
        {(items) => (
          <CardList label="News">
            {items.map((item) => (
              <NewsRow key={item.id} groupId={group.id} item={item} canVote={permissions.member} now={now} />
            ))}
          </CardList>
        )}
      </QueryList>

      {permissions.write && (
        <Paper withBorder radius="lg" p="md">
          <Stack gap="sm">
            <Title order={3} size="h5">
              Share news
            </Title>
            <ShareNewsForm groupId={group.id} />
          </Stack>
        </Paper>
      )}

      {permissions.admin && <NewsFeeds groupId={group.id} />}
    </Stack>
  )
}

function NewsRow({ groupId, item, canVote, now }: { groupId: string; item: NewsItem; canVote: boolean; now: number }) {
  const vote = useApiMutation('groups.voteNews')
  const title = item.readable ? item.title : '🔒 News you can’t read'
  const href = item.readable ? externalHref(item.link) : null
  const voteLabel = item.myVote ? `Remove upvote from ${title}` : `Upvote ${title}`

  return (
    <Paper component="li" withBorder radius="md" px="md" py="sm">
      <Group wrap="nowrap" align="flex-start" gap="sm">
        <Button
          variant={item.myVote ? 'filled' : 'default'}
          size="compact-sm"
          miw={48}
          aria-label={voteLabel}
          aria-pressed={item.myVote}
          loading={vote.isPending}
          disabled={!canVote || !item.readable}
          onClick={() => vote.mutate({ groupId, itemId: item.id, on: !item.myVote })}
        >
          <span aria-hidden="true">▲ {item.votes}</span>
        </Button>
        <Stack gap={4} style={{ minWidth: 0, flex: 1 }}>
          <Text fw={600} style={{ overflowWrap: 'anywhere' }}>
            {href !== null ? (
              <Anchor href={href} target="_blank" rel="noreferrer" inherit>
                {title}
              </Anchor>
            ) : (
              title
            )}
          </Text>
          {item.readable && item.link !== null && href === null && (
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {item.link}
            </Text>
          )}
          {item.readable && item.text !== '' && (
            <NewsText item={item} />
          )}
          {item.readable && item.tags.length > 0 && (
            <Group gap={4} aria-label="Tags" role="list">
              {item.tags.map((tag) => (
                <Badge key={tag} role="listitem" size="xs" variant="light" color="gray" tt="none">
                  #{tag}
                </Badge>
              ))}
            </Group>
          )}
          <Group gap="xs">
            <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
              {item.kind === 'import' && item.sourceUrl !== null ? (
                <>
                  Imported from {feedHost(item.sourceUrl)} ({item.sourceUrl}) by {item.authorName}
                </>
              ) : (
                <>by {item.authorName}</>
              )}{' '}
              · {formatRelativeTime(item.publishedAt ?? item.createdAt, now)} · {item.votes === 1 ? '1 upvote' : `${item.votes} upvotes`}
            </Text>
            {item.kind === 'import' && item.signatureValid !== null && (
              <Badge size="xs" variant="light" color={item.signatureValid ? 'teal' : 'red'}>
                {item.signatureValid ? 'Signature verified' : 'Signature not valid'}
              </Badge>
            )}
          </Group>
          {vote.error ? <ErrorAlert error={vote.error} /> : null}
        </Stack>
      </Group>
    </Paper>
  )
}

/** Posts are Markdown (rendered safely); imported summaries are plain text by design. */
function NewsText({ item }: { item: NewsItem }) {
  if (item.kind === 'post') {
    return (
      <Text size="sm" component="div" className="planet-markdown">
        {renderMarkdown(item.text)}
      </Text>
    )
  }
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {item.text}
    </Text>
  )
}
