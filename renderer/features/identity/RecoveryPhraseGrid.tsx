import { Button, CopyButton, Group, SimpleGrid, Text, TextInput } from '@mantine/core'
import { CheckIcon, CopyIcon } from '../../ui/icons'

/**
 * The 24 words in a numbered grid. Each word is a read-only field labelled
 * "Word N": screen readers announce position and word together, and the words
 * can be selected one by one. Nothing here keeps the words: the parent drops
 * them when the user moves on.
 */
export function RecoveryPhraseGrid({ words }: { words: readonly string[] }) {
  return (
    <>
      <SimpleGrid cols={{ base: 2, xs: 3, sm: 4 }} spacing="xs" verticalSpacing="xs" role="list" aria-label="Recovery phrase">
        {words.map((word, index) => (
          <div role="listitem" key={index}>
            <TextInput
              aria-label={`Word ${index + 1}`}
              value={word}
              readOnly
              variant="filled"
              size="sm"
              leftSection={
                <Text size="xs" c="dimmed" fw={600} aria-hidden="true">
                  {index + 1}
                </Text>
              }
              leftSectionWidth={30}
              autoComplete="off"
              spellCheck={false}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontWeight: 600, cursor: 'text' } }}
            />
          </div>
        ))}
      </SimpleGrid>
      <Group justify="space-between" mt="sm" gap="xs">
        <Text size="xs" c="dimmed" maw={360}>
          Anything on your clipboard can be read by other apps. Prefer writing the words on paper.
        </Text>
        <CopyButton value={words.join(' ')} timeout={2500}>
          {({ copied, copy }) => (
            <Button variant="light" color={copied ? 'teal' : undefined} size="xs" onClick={copy} leftSection={copied ? <CheckIcon size={14} /> : <CopyIcon size={14} />}>
              {copied ? 'Copied' : 'Copy recovery phrase'}
            </Button>
          )}
        </CopyButton>
      </Group>
    </>
  )
}
