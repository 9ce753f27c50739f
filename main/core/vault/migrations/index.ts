import type { Migration } from '../migration'
import { migration as settings } from './0001-settings'
import { migration as identity } from './0002-identity'
import { migration as people } from './0003-people'
import { migration as groups } from './0004-groups'
import { migration as feeds } from './0005-feeds'

/**
 * Every vault migration, in order. Checklist for a new one: add
 * `NNNN-what-it-does.ts` exporting `migration` with the next version, append it
 * here, and never edit a released migration (Vault checks the numbering).
 */
export const migrations: readonly Migration[] = [settings, identity, people, groups, feeds]
