import { Badge, Group } from '@mantine/core'

/** A post's tags as #chips: a list named "Tags". */
export function TagChips({ tags }: { tags: readonly string[] }) {
  if (tags.length === 0) return null
  return (
    <Group gap={4} aria-label="Tags" role="list">
      {tags.map((tag) => (
        <Badge key={tag} role="listitem" size="sm" variant="light" color="gray" tt="none">
          #{tag}
        </Badge>
      ))}
    </Group>
  )
}
