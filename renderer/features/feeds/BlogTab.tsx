import { Stack, Title } from '@mantine/core'
import { useApiQuery } from '../../api/hooks'
import { CardList } from '../../ui/CardList'
import { ErrorAlert } from '../../ui/ErrorAlert'
import { EditIcon } from '../../ui/icons'
import { QueryList } from '../../ui/QueryList'
import { SectionCard } from '../../ui/SectionCard'
import { useNow } from '../../ui/use-now'
import { BlogExport } from './BlogExport'
import { PostCard } from './PostCard'
import { PostComposer } from './PostComposer'

/** My blog: write a blog post, my blog posts (newest first), and the public export. */
export function BlogTab() {
  const identity = useApiQuery('identity.get', {})
  return (
    <Stack gap="lg">
      <SectionCard title="Write a blog post" description="Long posts on your personal blog, signed with your DID. Your contacts can read and comment on them.">
        <PostComposer kind="blog" label="Write a blog post" />
      </SectionCard>
      <section aria-labelledby="my-blog-posts-title">
        <Title order={2} fz="lg" id="my-blog-posts-title" mb="sm">
          Your blog posts
        </Title>
        {identity.isError ? <ErrorAlert error={identity.error} onRetry={() => void identity.refetch()} /> : identity.data ? <MyBlogPosts authorId={identity.data.publicKey} /> : null}
      </section>
      <SectionCard
        title="Export blog"
        description="Your blog as static web pages plus an Atom feed whose entries carry your DID signatures, so anyone can check them. Written to a new folder on this device."
      >
        <BlogExport />
      </SectionCard>
    </Stack>
  )
}

function MyBlogPosts({ authorId }: { authorId: string }) {
  const posts = useApiQuery('feeds.listPosts', { authorId, kind: 'blog' })
  const now = useNow(60_000)
  return (
    <QueryList
      query={posts}
      loading={{ label: 'Loading your blog posts', rows: 2, height: 96 }}
      empty={{ icon: <EditIcon size={26} />, title: 'No blog posts yet', description: 'Write your first one above: a title, and as much text as you like.' }}
    >
      {(items) => (
        <CardList label="Your blog posts">
          {items.map((post) => (
            <PostCard key={post.id} post={post} now={now} />
          ))}
        </CardList>
      )}
    </QueryList>
  )
}
