/**
 * The quick reaction palette: common, unambiguous, and each one a single
 * emoji the core's `emoji` schema accepts (see emoji.test.ts).
 */
export const REACTION_EMOJIS = ['👍', '❤️', '😂', '🎉', '😮', '😢', '🙏', '👀'] as const

/** A name for screen readers and tests: "React with 👍". */
export function reactLabel(emoji: string): string {
  return `React with ${emoji}`
}
