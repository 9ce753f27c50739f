import { Anchor, Stack } from '@mantine/core'
import { Link } from 'react-router'
import { useApiQuery } from '../../api/hooks'
import { CardList } from '../../ui/CardList'
import { EditIcon } from '../../ui/icons'
import { PageHeader } from '../../ui/PageHeader'
import { QueryList } from '../../ui/QueryList'
import { useNow } from '../../ui/use-now'
import { followSummary } from './feed-labels'
import { FOLLOWING_PATH } from './feeds-location'
import { PostCard } from './PostCard'

/** /feeds/people/<id>: someone's blog, newest first (their whole blog, whatever I follow of them). */
export function AuthorBlogPage({ authorId }: { authorId: string }) {
  const authors = useApiQuery('feeds.listAuthors', {})
  const posts = useApiQuery('feeds.listPosts', { authorId, kind: 'blog' })
  const now = useNow(60_000)
  const author = authors.data?.find((candidate) => candidate.authorId === authorId)
  const name = author?.name ?? posts.data?.[0]?.authorName ?? null

  return (
    <Stack maw={820} gap="lg">
      <PageHeader
        back={
          <Anchor component={Link} to={FOLLOWING_PATH} size="sm">
            ← Back to following
          </Anchor>
        }
        title={name === null ? 'Blog' : `${name}’s blog`}
        description={author ? `You follow: ${followSummary(author.follow)}` : undefined}
      />
      <QueryList
        query={posts}
        loading={{ label: 'Loading blog posts', rows: 2, height: 96 }}
        empty={{
          icon: <EditIcon size={26} />,
          title: 'No blog posts here yet',
          description: 'Nothing from this blog has reached this device. Their posts arrive when you are both online.',
        }}
      >
        {(items) => (
          <CardList label="Blog posts">
            {items.map((post) => (
              <PostCard key={post.id} post={post} now={now} />
            ))}
          </CardList>
        )}
      </QueryList>
    </Stack>
  )
}
