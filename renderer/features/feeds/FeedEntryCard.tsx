import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { useId } from 'react'
import { Link } from 'react-router'
import type { FeedEntry } from '../../../shared/contract/feeds'
import { groupPath } from '../../app/vault-routes'
import { formatRelativeTime } from '../../ui/format-time'
import { excerpt } from '../chats/excerpt'
import { externalHref } from '../groups/news-format'
import { countText, ITEM_KIND_LABEL } from './feed-labels'
import { PostCard } from './PostCard'
import { ReshareBanner } from './ReshareBanner'
import { ReshareButton } from './ReshareButton'
import { WhyDisclosure } from './WhyDisclosure'

/** One ranked entry: a post (PostCard, under who reshared it if it came as a reshare) or a group's news or announcement, each with "Why am I seeing this?". */
export function FeedEntryCard({ entry, now }: { entry: FeedEntry; now: number }) {
  if (entry.post !== null) {
    return (
      <PostCard
        post={entry.post}
        now={now}
        header={entry.reshare !== null ? <ReshareBanner reshare={entry.reshare} now={now} /> : undefined}
        footer={
          <>
            <ReshareButton entryKey={entry.key} />
            <WhyDisclosure why={entry.why} score={entry.score} />
          </>
        }
      />
    )
  }
  if (entry.group !== null) return <GroupItemCard entry={entry} group={entry.group} now={now} />
  return null
}

function GroupItemCard({ entry, group, now }: { entry: FeedEntry; group: NonNullable<FeedEntry['group']>; now: number }) {
  const headingId = useId()
  const isNews = entry.kind === 'groupNews'
  const href = externalHref(group.link)
  const title = group.title.trim() !== '' ? group.title : excerpt(group.text, 80) || ITEM_KIND_LABEL[entry.kind]
  const text = group.title.trim() !== '' ? excerpt(group.text, 280) : ''
  return (
    <Paper component="li" withBorder radius="md" px="md" py="sm">
      <Stack gap={6} component="article" aria-labelledby={headingId}>
        <Group gap="xs" wrap="wrap">
          <Anchor component={Link} to={groupPath(group.groupId, isNews ? 'news' : 'announcements')} size="sm" fw={600}>
            {group.groupName}
          </Anchor>
          <Badge size="xs" variant="light" color={isNews ? 'grape' : 'orange'}>
            {isNews ? 'Group news' : 'Announcement'}
          </Badge>
          <Text size="xs" c="dimmed">
            by {group.authorName} · {formatRelativeTime(group.createdAt, now)}
          </Text>
        </Group>
        <Title order={3} fz="md" id={headingId} style={{ overflowWrap: 'anywhere' }}>
          {href !== null ? (
            <Anchor href={href} target="_blank" rel="noreferrer" inherit>
              {title}
            </Anchor>
          ) : (
            title
          )}
        </Title>
        {text !== '' && (
          <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {text}
          </Text>
        )}
        {group.link !== null && href === null && (
          <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
            {group.link}
          </Text>
        )}
        {isNews && (
          <Text size="xs" c="dimmed">
            {countText(group.upvotes, 'upvote')}
          </Text>
        )}
        <WhyDisclosure why={entry.why} score={entry.score} />
      </Stack>
    </Paper>
  )
}
