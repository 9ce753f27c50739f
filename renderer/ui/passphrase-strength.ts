import { passphrase as passphraseSchema } from '../../shared/domain/identity'
import { fieldError } from './field-error'

export interface Strength {
  /** 0 = unusable (too short) … 4 = strong. */
  score: 0 | 1 | 2 | 3 | 4
  label: string
  color: string
}

const COMMON = ['password', 'passwort', '12345678', '123456789', 'qwertyui', 'iloveyou', 'letmein', 'planet', 'abcdefgh', '11111111']

/**
 * A rough, local estimate — a hint for the user, not a policy. It counts the
 * alphabet the passphrase draws from and its length, and punishes repeats,
 * runs and well-known choices. Several random words score well, as they should.
 */
export function passphraseStrength(value: string): Strength {
  if (value.length < 8) return { score: 0, label: 'Too short — use at least 8 characters', color: 'red' }
  const lower = value.toLowerCase()
  if (COMMON.some((common) => lower.includes(common)) && value.length < 16) return { score: 1, label: 'Weak — easy to guess', color: 'red' }

  let pool = 0
  if (/[a-z]/.test(value)) pool += 26
  if (/[A-Z]/.test(value)) pool += 26
  if (/[0-9]/.test(value)) pool += 10
  if (/[^a-zA-Z0-9]/.test(value)) pool += 33
  const effectiveLength = value.length - repeats(value)
  const bits = effectiveLength * Math.log2(Math.max(pool, 2))

  if (bits < 45) return { score: 1, label: 'Weak — make it longer', color: 'red' }
  if (bits < 60) return { score: 2, label: 'Fair — a few more words would help', color: 'yellow' }
  if (bits < 80) return { score: 3, label: 'Good', color: 'teal' }
  return { score: 4, label: 'Strong', color: 'green' }
}

/** Characters that repeat or continue a run of the previous one (aaaa, abcd, 1234). */
function repeats(value: string): number {
  let count = 0
  for (let i = 1; i < value.length; i++) {
    const step = value.charCodeAt(i) - value.charCodeAt(i - 1)
    if (step === 0 || step === 1 || step === -1) count++
  }
  return Math.floor(count / 2)
}

export interface PassphrasePairErrors {
  passphrase: string | null
  confirm: string | null
}

/** The same rules the core enforces (shared/domain/identity.ts), plus "the two fields match". */
export function validatePassphrasePair(passphrase: string, confirm: string): PassphrasePairErrors {
  return {
    passphrase: fieldError(passphraseSchema, passphrase, 'Choose another passphrase'),
    confirm: confirm === passphrase ? null : confirm ? 'The passphrases do not match' : 'Type the passphrase again',
  }
}
