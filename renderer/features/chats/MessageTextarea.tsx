import { Combobox, Group, Text, Textarea, useCombobox } from '@mantine/core'
import type { KeyboardEvent, RefObject } from 'react'
import { useId, useState } from 'react'
import { ContactAvatar } from '../contacts/ContactAvatar'
import type { MentionCandidate } from './mentions'
import { activeMention, insertMention, matchingCandidates } from './mentions'

export interface MentionMember extends MentionCandidate {
  hue: number
}

export interface MessageTextareaProps {
  value: string
  onChange: (text: string) => void
  /** The composer's own keys (Enter sends); called unless the mention list used the key. */
  onKeyDown: (event: KeyboardEvent<HTMLTextAreaElement>) => void
  textareaRef: RefObject<HTMLTextAreaElement | null>
  /** Group members who can be @mentioned; without them this is a plain textarea. */
  members?: readonly MentionMember[]
  label: string
  placeholder: string
  error: string | null
  disabled: boolean
}

/**
 * The composer's text box. In a group, typing "@" offers the members whose
 * name starts with what follows (a Mantine Combobox under the box: ↑/↓
 * choose, Enter or Tab put "@Name " in, Escape closes); the composer reads
 * the mentions back from the text when it sends.
 */
export function MessageTextarea({ value, onChange, onKeyDown, textareaRef, members, label, placeholder, error, disabled }: MessageTextareaProps) {
  const listId = useId()
  const [cursor, setCursor] = useState(0)
  const [highlighted, setHighlighted] = useState(0)
  // Escape or a click elsewhere closes the list for this "@" until another one is typed.
  const [dismissedAt, setDismissedAt] = useState<number | null>(null)

  const mention = members ? activeMention(value, cursor) : null
  const options = mention && members ? matchingCandidates(members, mention.query) : []
  const open = mention !== null && options.length > 0 && dismissedAt !== mention.start
  const active = open ? Math.min(highlighted, options.length - 1) : -1
  const combobox = useCombobox({
    opened: open,
    onOpenedChange: (opened) => {
      if (!opened && mention) setDismissedAt(mention.start)
    },
  })

  function update(text: string, at: number) {
    const next = members ? activeMention(text, at) : null
    if (next?.start !== mention?.start || next?.query !== mention?.query) setHighlighted(0)
    if (next === null) setDismissedAt(null)
    setCursor(at)
  }

  function choose(member: MentionCandidate) {
    if (!mention) return
    const result = insertMention(value, mention.start, cursor, member.name)
    onChange(result.text)
    setCursor(result.cursor)
    setDismissedAt(null)
    // After React has put the new text in: the caret goes after the name.
    window.setTimeout(() => {
      textareaRef.current?.focus()
      textareaRef.current?.setSelectionRange(result.cursor, result.cursor)
    }, 0)
  }

  function keyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (open && !event.nativeEvent.isComposing) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault()
        const step = event.key === 'ArrowDown' ? 1 : -1
        setHighlighted((active + step + options.length) % options.length)
        return
      }
      if ((event.key === 'Enter' || event.key === 'Tab') && !event.shiftKey) {
        event.preventDefault()
        choose(options[active]!)
        return
      }
      if (event.key === 'Escape') {
        event.preventDefault()
        setDismissedAt(mention.start)
        return
      }
    }
    onKeyDown(event)
  }

  const textarea = (
    <Textarea
      ref={textareaRef}
      aria-label={label}
      placeholder={placeholder}
      value={value}
      onChange={(event) => {
        onChange(event.currentTarget.value)
        update(event.currentTarget.value, event.currentTarget.selectionStart)
      }}
      onSelect={(event) => update(event.currentTarget.value, event.currentTarget.selectionStart)}
      onKeyDown={keyDown}
      error={error}
      autosize
      minRows={1}
      maxRows={8}
      style={{ flex: 1 }}
      disabled={disabled}
      aria-autocomplete={members ? 'list' : undefined}
      aria-controls={open ? listId : undefined}
      aria-activedescendant={open ? `${listId}-${active}` : undefined}
    />
  )
  if (!members) return textarea

  return (
    <Combobox store={combobox} position="top-start" withinPortal onOptionSubmit={(id) => {
        const member = options.find((candidate) => candidate.id === id)
        if (member) choose(member)
      }}>
      <Combobox.Target withKeyboardNavigation={false} withAriaAttributes={false}>
        {textarea}
      </Combobox.Target>
      <Combobox.Dropdown miw={220}>
        <Combobox.Options id={listId} aria-label="Members to mention">
          {options.map((member, index) => (
            <Combobox.Option
              key={member.id}
              id={`${listId}-${index}`}
              value={member.id}
              selected={index === active}
              aria-selected={index === active}
              onMouseOver={() => setHighlighted(index)}
            >
              <Group gap="xs" wrap="nowrap">
                <ContactAvatar name={member.name} hue={member.hue} size={22} />
                <Text size="sm" truncate>
                  {member.name}
                </Text>
              </Group>
            </Combobox.Option>
          ))}
        </Combobox.Options>
      </Combobox.Dropdown>
    </Combobox>
  )
}
