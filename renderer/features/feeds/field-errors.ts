import { RpcError } from '../../../shared/rpc/errors'

/** Errors by field path ("title", "mix.post"), each a sentence. */
export type FieldErrors = Readonly<Record<string, string>>

interface Issue {
  path: string | readonly PropertyKey[]
  message: string
}

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1)
}

/** The first issue of each field, keyed by its dotted path ('' for the whole input). */
export function issuesToFieldErrors(issues: readonly Issue[]): FieldErrors {
  const errors: Record<string, string> = {}
  for (const issue of issues) {
    const path = typeof issue.path === 'string' ? issue.path : issue.path.map(String).join('.')
    if (!(path in errors)) errors[path] = sentence(issue.message)
  }
  return errors
}

/**
 * What the core refused field by field: an INVALID_INPUT answer carries the
 * schema's issues (`details.issues`, shared/rpc/router.ts). Empty for any
 * other error (the form's ErrorAlert says those).
 */
export function apiFieldErrors(error: unknown): FieldErrors {
  if (!(error instanceof RpcError) || error.code !== 'INVALID_INPUT') return {}
  const issues = error.details?.issues
  if (!Array.isArray(issues)) return {}
  return issuesToFieldErrors(
    issues.filter((issue): issue is Issue => typeof issue === 'object' && issue !== null && typeof issue.path === 'string' && typeof issue.message === 'string'),
  )
}

/** A field's error: what the form found, else what the core said about it. */
export function errorFor(field: string, local: FieldErrors, api: FieldErrors): string | null {
  return local[field] ?? api[field] ?? null
}
