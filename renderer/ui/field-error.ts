import type { z } from 'zod'

/**
 * The first message a shared schema gives for a field's value, as a sentence
 * ("Use at least 8 characters"), or null when the value is fine. The schemas
 * come from shared/domain, so the form says exactly what the core would refuse.
 */
export function fieldError(schema: z.ZodType, value: unknown, fallback: string): string | null {
  const parsed = schema.safeParse(value)
  if (parsed.success) return null
  const message = parsed.error.issues[0]?.message ?? fallback
  return message.charAt(0).toUpperCase() + message.slice(1)
}
