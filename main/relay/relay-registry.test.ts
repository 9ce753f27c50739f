import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { RelayRegisterRequest } from '../../shared/domain/relay-protocol'
import { REGISTRY_FILE, RelayRegistry } from './relay-registry'

const SECRET = 'ab'.repeat(16)
const dev = (n: number) => n.toString(16).padStart(64, '0')
const group = 'cd'.repeat(32)
const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})
function registry(maxGroups?: number) {
  const dir = mkdtempSync(join(tmpdir(), 'planet-registry-'))
  dirs.push(dir)
  return { dir, registry: new RelayRegistry(dir, SECRET, maxGroups) }
}
const request = (members: string[], admins: string[], g = group, secret = SECRET): RelayRegisterRequest => ({ v: 1, t: 'register', secret, group: g, members, admins })

describe('relay registry', () => {
  it('admits the listed devices, and only an admin of the registration may change it', () => {
    const { registry: r } = registry()
    expect(r.register(dev(1), request([dev(1), dev(2), dev(3)], [dev(1)]), 1)).toEqual({ ok: true, members: 3 })
    expect(r.isMember(dev(2), group)).toBe(true)
    expect(r.isKnownDevice(dev(3))).toBe(true)
    // A member with the secret cannot rewrite the list (e.g. after being removed).
    expect(r.register(dev(2), request([dev(2)], [dev(2)]), 2)).toMatchObject({ ok: false, code: 'not-admin' })
    // The admin drops dev(3): it is no longer admitted anywhere.
    expect(r.register(dev(1), request([dev(1), dev(2)], [dev(1), dev(2)]), 3)).toEqual({ ok: true, members: 2 })
    expect(r.isMember(dev(3), group)).toBe(false)
    expect(r.isKnownDevice(dev(3))).toBe(false)
    // dev(2) is now an admin and may update it.
    expect(r.register(dev(2), request([dev(2)], [dev(2)]), 4)).toEqual({ ok: true, members: 1 })
  })

  it('refuses a wrong secret, a list without the caller, admins outside the list, and too many groups', () => {
    const { registry: r } = registry(1)
    expect(r.register(dev(1), request([dev(1)], [dev(1)], group, 'ef'.repeat(16)), 1)).toMatchObject({ code: 'bad-secret' })
    expect(r.register(dev(1), request([dev(2)], [dev(2)]), 1)).toMatchObject({ code: 'not-listed' })
    expect(r.register(dev(1), request([dev(1)], [dev(1), dev(9)]), 1)).toMatchObject({ code: 'invalid' })
    expect(r.register(dev(1), request([dev(1), dev(2)], [dev(2)]), 1)).toMatchObject({ code: 'not-admin' })
    expect(r.register(dev(1), request([dev(1)], [dev(1)]), 1)).toMatchObject({ ok: true })
    expect(r.register(dev(1), request([dev(1)], [dev(1)], 'ee'.repeat(32)), 1)).toMatchObject({ code: 'too-many-groups' })
  })

  it('persists across restarts and refuses a damaged file', () => {
    const { dir, registry: r } = registry()
    r.register(dev(1), request([dev(1), dev(2)], [dev(1)]), 5)
    const again = new RelayRegistry(dir, SECRET)
    again.load()
    expect(again.isMember(dev(2), group)).toBe(true)
    expect(again.get(group)).toMatchObject({ registeredBy: dev(1), updatedAt: 5 })
    writeFileSync(join(dir, REGISTRY_FILE), '{"v":1,"groups":[{"group":"x"}]}')
    expect(() => new RelayRegistry(dir, SECRET).load()).toThrow(/damaged/)
  })
})
