import { timingSafeEqual } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { RelayRefusal, RelayRegisterRequest } from '../../shared/domain/relay-protocol'
import { writeFileAtomic } from './relay-config'

/**
 * Which devices may store cores on this relay. The relay cannot read a
 * group's membership (the group is encrypted), so it trusts registrations:
 * an admin's device presents the relay's access secret and the group's
 * member devices. Rules (checked in `register`):
 *   - the secret must match (constant-time);
 *   - the caller must be in the list it sends, and among its admins;
 *   - an existing registration is replaced only by a device that is an admin
 *     in it, so a removed member who kept the secret cannot put themselves
 *     back once an admin has sent the list without them;
 *   - at most `maxGroups` groups.
 * Kept in `registrations.json` in the data dir (written atomically).
 */
const stored = z
  .object({
    v: z.literal(1),
    groups: z.array(
      z
        .object({
          group: z.string().regex(/^[0-9a-f]{64}$/),
          members: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
          admins: z.array(z.string().regex(/^[0-9a-f]{64}$/)),
          registeredBy: z.string().regex(/^[0-9a-f]{64}$/),
          updatedAt: z.number().int(),
        })
        .strict(),
    ),
  })
  .strict()

export interface Registration {
  group: string
  members: Set<string>
  admins: Set<string>
  registeredBy: string
  updatedAt: number
}

export const REGISTRY_FILE = 'registrations.json'
export const DEFAULT_MAX_GROUPS = 10_000

export type RegisterResult = { ok: true; members: number } | { ok: false; code: RelayRefusal; message: string }

export class RelayRegistry {
  readonly #path: string
  readonly #secret: Buffer
  readonly #maxGroups: number
  readonly #groups = new Map<string, Registration>()
  /** device → the groups it is a member of. */
  readonly #byDevice = new Map<string, Set<string>>()

  constructor(dataDir: string, secretHex: string, maxGroups = DEFAULT_MAX_GROUPS) {
    this.#path = join(dataDir, REGISTRY_FILE)
    this.#secret = Buffer.from(secretHex, 'hex')
    this.#maxGroups = maxGroups
  }

  get groupCount(): number {
    return this.#groups.size
  }

  /** Read what earlier runs stored. A damaged file is an error (the operator restores it), not an empty registry. */
  load(): void {
    let text: string
    try {
      text = readFileSync(this.#path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw error
    }
    let parsed: z.infer<typeof stored>
    try {
      parsed = stored.parse(JSON.parse(text))
    } catch {
      throw new Error(`${this.#path} is damaged; restore it from a backup (or delete it: admins' apps register their groups again when they next connect)`)
    }
    for (const entry of parsed.groups) {
      this.#put({ group: entry.group, members: new Set(entry.members), admins: new Set(entry.admins), registeredBy: entry.registeredBy, updatedAt: entry.updatedAt })
    }
  }

  register(device: string, request: RelayRegisterRequest, now: number): RegisterResult {
    const given = Buffer.from(request.secret, 'hex')
    if (given.length !== this.#secret.length || !timingSafeEqual(given, this.#secret)) {
      return { ok: false, code: 'bad-secret', message: 'this is not the access secret of this relay' }
    }
    const members = new Set(request.members)
    const admins = new Set(request.admins)
    for (const admin of admins) if (!members.has(admin)) return { ok: false, code: 'invalid', message: 'every admin device must also be in the member list' }
    if (!members.has(device)) return { ok: false, code: 'not-listed', message: 'the registering device must be in the member list it sends' }
    if (!admins.has(device)) return { ok: false, code: 'not-admin', message: 'only an admin device of the group may register it' }
    const existing = this.#groups.get(request.group)
    if (existing && !existing.admins.has(device)) return { ok: false, code: 'not-admin', message: 'this group is registered; only one of its registered admin devices may change it' }
    if (!existing && this.#groups.size >= this.#maxGroups) return { ok: false, code: 'too-many-groups', message: `this relay holds the most groups it accepts (${this.#maxGroups})` }
    this.#remove(request.group)
    this.#put({ group: request.group, members, admins, registeredBy: device, updatedAt: now })
    this.#save()
    return { ok: true, members: members.size }
  }

  get(group: string): Registration | undefined {
    return this.#groups.get(group)
  }

  /** Is this device a member of any registered group? */
  isKnownDevice(device: string): boolean {
    return (this.#byDevice.get(device)?.size ?? 0) > 0
  }

  isMember(device: string, group: string): boolean {
    return this.#groups.get(group)?.members.has(device) ?? false
  }

  #put(registration: Registration): void {
    this.#groups.set(registration.group, registration)
    for (const member of registration.members) {
      let groups = this.#byDevice.get(member)
      if (!groups) this.#byDevice.set(member, (groups = new Set()))
      groups.add(registration.group)
    }
  }

  #remove(group: string): void {
    const old = this.#groups.get(group)
    if (!old) return
    this.#groups.delete(group)
    for (const member of old.members) {
      const groups = this.#byDevice.get(member)
      groups?.delete(group)
      if (groups?.size === 0) this.#byDevice.delete(member)
    }
  }

  #save(): void {
    const groups = [...this.#groups.values()].map((entry) => ({
      group: entry.group,
      members: [...entry.members],
      admins: [...entry.admins],
      registeredBy: entry.registeredBy,
      updatedAt: entry.updatedAt,
    }))
    writeFileAtomic(this.#path, JSON.stringify({ v: 1, groups }))
  }
}
