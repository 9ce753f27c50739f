import { Alert, Anchor, Stack, Tabs, Text } from '@mantine/core'
import { Link, useNavigate, useParams } from 'react-router'
import { PageHeader } from '../../ui/PageHeader'
import { AuthorBlogPage } from './AuthorBlogPage'
import { BlogTab } from './BlogTab'
import { FeedEditorPage } from './FeedEditor'
import type { FeedsLocation, FeedsTab } from './feeds-location'
import { feedPath, feedsTab, parseFeedsLocation, tabPath } from './feeds-location'
import { FeedView } from './FeedView'
import { FollowingTab } from './FollowingTab'
import { PostPage } from './PostPage'

const TABS: ReadonlyArray<{ value: FeedsTab; label: string }> = [
  { value: 'feed', label: 'Feed' },
  { value: 'following', label: 'Following' },
  { value: 'blog', label: 'My blog' },
]

/**
 * /feeds/*: one route for every view of Feeds; the rest of the address says
 * which (feeds-location.ts). The tabs (a feed, Following, My blog) share a
 * header; a post, someone's blog and the feed builder are pages of their own.
 */
export function FeedsRoute() {
  const params = useParams()
  const location = parseFeedsLocation(params['*'] ?? '')
  switch (location.view) {
    case 'post':
      return <PostPage key={`${location.authorId}/${location.postId}`} authorId={location.authorId} postId={location.postId} />
    case 'author':
      return <AuthorBlogPage key={location.authorId} authorId={location.authorId} />
    case 'newFeed':
      return <FeedEditorPage key="new" feedId={null} />
    case 'editFeed':
      return <FeedEditorPage key={location.feedId} feedId={location.feedId} />
    case 'notFound':
      return <NotFound />
    default:
      return <FeedsTabs location={location} />
  }
}

function FeedsTabs({ location }: { location: FeedsLocation }) {
  const navigate = useNavigate()
  const tab = feedsTab(location) ?? 'feed'
  return (
    <Stack maw={820} gap="lg">
      <PageHeader title="Feeds" description="Posts from the people you follow, your groups’ news and announcements, ranked on this device by recipes you choose." />
      <Tabs value={tab} onChange={(value) => value && navigate(tabPath(value as FeedsTab))} keepMounted={false}>
        <Tabs.List aria-label="Feeds sections">
          {TABS.map((item) => (
            <Tabs.Tab key={item.value} value={item.value}>
              {item.label}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        {TABS.map((item) => (
          <Tabs.Panel key={item.value} value={item.value} pt="lg">
            {item.value === tab && <TabContent location={location} />}
          </Tabs.Panel>
        ))}
      </Tabs>
    </Stack>
  )
}

function TabContent({ location }: { location: FeedsLocation }) {
  if (location.view === 'following') return <FollowingTab />
  if (location.view === 'blog') return <BlogTab />
  if (location.view === 'feed') return <FeedView key={location.feedId} feedId={location.feedId} />
  return null
}

function NotFound() {
  return (
    <Stack maw={820} gap="sm">
      <Alert color="gray" variant="light" title="Nothing here">
        <Text size="sm">This address does not lead to a feed, a post or a blog. The link may be incomplete.</Text>
      </Alert>
      <Anchor component={Link} to={feedPath()} size="sm">
        ← Back to feeds
      </Anchor>
    </Stack>
  )
}
