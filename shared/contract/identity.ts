import { z } from 'zod'
import { command, event, query } from './define'
import { bio, did, displayName, hexKey32, passphrase, recoveryPhraseInput } from '../domain/identity'

export const profile = z.object({
  displayName: z.string(),
  bio: z.string(),
})

export const identitySummary = z.object({
  did,
  /** Ed25519 identity public key (signing), hex. */
  publicKey: hexKey32,
  /** X25519 public key others seal secrets to, hex. */
  sealingPublicKey: hexKey32,
  profile,
  createdAt: z.number().int(),
  /** When the user proved they wrote the phrase down; null until then (Settings reminds them). */
  backupConfirmedAt: z.number().int().nullable(),
})

export const phraseWord = z.object({
  /** 1-based position in the phrase, as users count. */
  position: z.number().int().min(1).max(24),
  word: z.string().max(50),
})

export const identityMethods = {
  /**
   * First run: create the vault with this passphrase and a fresh identity.
   * Returns the 24-word phrase exactly once, to be shown to the user, and
   * three positions they will be asked to confirm. Errors: VAULT_EXISTS.
   */
  'identity.create': command(
    z.object({ passphrase, displayName }),
    z.object({ identity: identitySummary, phrase: z.array(z.string()).length(24), confirmPositions: z.array(z.number().int().min(1).max(24)).length(3) }),
    { public: true },
  ),
  /**
   * Restore an identity from its recovery phrase into a new vault.
   * Errors: PHRASE_WRONG_LENGTH, PHRASE_UNKNOWN_WORD (details.position, details.word), PHRASE_BAD_CHECKSUM, VAULT_EXISTS.
   */
  'identity.restore': command(z.object({ phrase: recoveryPhraseInput, passphrase, displayName }), identitySummary, {
    public: true,
  }),
  /** Check a phrase without storing anything, so the restore form can point at the bad word as the user types. */
  'identity.checkPhrase': query(
    z.object({ phrase: recoveryPhraseInput }),
    z.object({ valid: z.boolean(), code: z.enum(['PHRASE_WRONG_LENGTH', 'PHRASE_UNKNOWN_WORD', 'PHRASE_BAD_CHECKSUM']).nullable(), message: z.string().nullable() }),
    { public: true },
  ),
  'identity.get': query(z.object({}), identitySummary),
  /** Confirm the phrase backup with the words at the positions identity.create chose. Errors: BACKUP_WORDS_MISMATCH. */
  'identity.confirmBackup': command(z.object({ words: z.array(phraseWord).length(3) }), identitySummary),
  /** New confirmation positions, for a user who skipped the check at onboarding. */
  'identity.getBackupChallenge': query(z.object({}), z.object({ confirmPositions: z.array(z.number().int().min(1).max(24)).length(3) })),
  /** Show the phrase again; asks for the passphrase first. Errors: WRONG_PASSPHRASE. */
  'identity.revealPhrase': command(z.object({ passphrase: z.string().min(1).max(1024) }), z.object({ phrase: z.array(z.string()).length(24) })),
  'identity.updateProfile': command(z.object({ displayName: displayName.optional(), bio: bio.optional() }), identitySummary),
} as const

export const identityEvents = {
  'identity.onProfileUpdated': event(z.object({ profile })),
} as const
