import { Button, Group, Tooltip } from '@mantine/core'
import type { Message } from './chat-cache'

/** Reaction chips under a message: "👍 2", pressed when one of them is mine; a click toggles mine. */
export function Reactions({ reactions, onToggle, disabled }: { reactions: Message['reactions']; onToggle: (emoji: string, on: boolean) => void; disabled?: boolean }) {
  if (reactions.length === 0) return null
  return (
    <Group gap={4} mt={2}>
      {reactions.map((reaction) => (
        <Tooltip key={reaction.emoji} label={reaction.authorNames.join(', ')} withArrow openDelay={300} disabled={reaction.authorNames.length === 0}>
          <Button
            size="compact-xs"
            radius="xl"
            variant={reaction.mine ? 'light' : 'default'}
            aria-pressed={reaction.mine}
            disabled={disabled}
            onClick={() => onToggle(reaction.emoji, !reaction.mine)}
            styles={{ label: { fontWeight: 500 } }}
          >
            {reaction.emoji} {reaction.count}
          </Button>
        </Tooltip>
      ))}
    </Group>
  )
}
