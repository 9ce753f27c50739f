import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import Ajv from 'ajv'
import { describe, expect, it } from 'vitest'
import { APP_USER_MODEL_ID } from '../../main/electron/desktop-alerts'

/**
 * electron-builder.yml, checked the way electron-builder checks it (its own
 * scheme.json, compiled with ajv as app-builder-lib does, minus type
 * coercion), plus the settings this project depends on. Packaging needs the
 * network and Electron's binary; this test needs neither.
 */
const require = createRequire(import.meta.url)
const root = join(import.meta.dirname, '..', '..')
// js-yaml ships no types; it is electron-builder's own YAML parser (a transitive dependency).
const yaml = require('js-yaml') as { load(text: string): unknown }
const schema = JSON.parse(readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8')) as object

const validate = new Ajv({ allErrors: true, strict: false }).compile(schema)
const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown> & {
  protocols: Array<{ name: string; schemes: string[] }>
  asarUnpack: string[]
  files: string[]
  directories: { output: string; buildResources: string }
  electronFuses: Record<string, boolean>
  win: { target: string[] }
  mac: { target: string[] }
  linux: { target: string[]; maintainer?: string; category?: string }
}

function errorsOf(candidate: unknown): string {
  return validate(candidate) ? '' : JSON.stringify(validate.errors, null, 1)
}

describe('electron-builder.yml', () => {
  it('is valid against electron-builder’s configuration schema', () => {
    expect(errorsOf(config)).toBe('')
  })

  it('identifies the app and registers planet:// links', () => {
    expect(config.appId).toBe('org.planet.app')
    // Windows notifications need the shell's AppUserModelID to be the installer's appId.
    expect(config.appId).toBe(APP_USER_MODEL_ID)
    expect(config.productName).toBe('PLANET')
    expect(config.protocols.flatMap((p) => p.schemes)).toEqual(['planet'])
  })

  it('packages the build output and unpacks native modules from the asar', () => {
    expect(config.files).toEqual(['out/**', 'package.json'])
    expect(config.asarUnpack).toContain('**/*.node')
    expect(config.directories).toEqual({ output: 'dist', buildResources: 'resources' })
  })

  it('builds NSIS, DMG, AppImage and deb', () => {
    expect(config.win.target).toEqual(['nsis'])
    expect(config.mac.target).toEqual(['dmg'])
    expect(config.linux.target).toEqual(['AppImage', 'deb'])
    expect(config.linux.maintainer).toMatch(/<.+@.+>/)
    expect(config.linux.category).toBe('Network')
  })

  it('flips the fuses that close Electron’s side doors', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    })
  })

  it('has the icon electron-builder looks for in buildResources', () => {
    const png = readFileSync(join(root, config.directories.buildResources, 'icon.png'))
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG')
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512])
  })

  describe('the schema check itself', () => {
    it('rejects an unknown top-level key', () => {
      expect(errorsOf({ ...config, notAnOption: true })).toContain('additionalProperties')
    })

    it('rejects a misspelled fuse', () => {
      expect(errorsOf({ ...config, electronFuses: { ...config.electronFuses, runAsnode: false } })).toContain('runAsnode')
    })

    it('rejects a value of the wrong type', () => {
      expect(errorsOf({ ...config, asar: 'yes' })).not.toBe('')
      expect(errorsOf({ ...config, protocols: [{ schemes: ['planet'] }] })).toContain('name')
    })
  })
})
