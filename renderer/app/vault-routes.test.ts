import { describe, expect, it } from 'vitest'
import { redirectFor } from './vault-routes'

describe('redirectFor', () => {
  it('keeps a first-run user in onboarding', () => {
    expect(redirectFor('none', '/')).toBe('/welcome')
    expect(redirectFor('none', '/unlock')).toBe('/welcome')
    expect(redirectFor('none', '/create')).toBeNull()
    expect(redirectFor('none', '/restore')).toBeNull()
  })
  it('sends a locked user to the unlock screen from anywhere', () => {
    expect(redirectFor('locked', '/settings')).toBe('/unlock')
    expect(redirectFor('locked', '/welcome')).toBe('/unlock')
    expect(redirectFor('locked', '/unlock')).toBeNull()
  })
  it('lets an unlocked user into the app, back where they were', () => {
    expect(redirectFor('unlocked', '/')).toBeNull()
    expect(redirectFor('unlocked', '/settings')).toBeNull()
    expect(redirectFor('unlocked', '/unlock')).toBe('/')
    expect(redirectFor('unlocked', '/unlock', '/settings')).toBe('/settings')
    expect(redirectFor('unlocked', '/unlock', 'https://evil.example')).toBe('/')
    expect(redirectFor('unlocked', '/welcome')).toBe('/')
    expect(redirectFor('unlocked', '/restore')).toBe('/')
  })
  it('allows /create while unlocked: its phrase and check steps run after the vault exists', () => {
    expect(redirectFor('unlocked', '/create')).toBeNull()
  })
})
