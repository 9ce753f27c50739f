import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseRelayCode } from '../../shared/domain/relay-code'
import { loadOrCreateIdentity } from './relay-config'
import type { CliIo } from '../cli'
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, main } from '../cli'

/** `planet relay`'s usage errors, in-process (the running relay is tested in test/integration/relay-restart.test.ts). */
function io(): CliIo & { errors: string[]; output: string[] } {
  const errors: string[] = []
  const output: string[] = []
  return { errors, output, out: (line) => output.push(line), err: (line) => errors.push(line), env: { PLANET_TEST: '1' }, cwd: '/tmp', homedir: '/tmp' }
}

describe('planet relay: usage', () => {
  it('lists relay in the help, with its options', async () => {
    const help = io()
    expect(await main(['--help'], help)).toBe(0)
    expect(help.output.join('\n')).toMatch(/relay\s+Run an always-on, blind relay/)
    const own = io()
    expect(await main(['relay', '--help'], own)).toBe(0)
    expect(own.output.join('\n')).toContain('--max-storage SIZE')
  })

  it.each([
    [['relay'], /--data-dir needs a directory/],
    [['relay', '--data-dir', '/tmp/r', '--max-storage', '100'], /size with a unit/],
    [['relay', '--data-dir', '/tmp/r', '--max-storage', '10PB'], /unknown unit/],
    [['relay', '--data-dir', '/tmp/r', '--metrics', '0.0.0.0:9464'], /loopback only/],
    [['relay', '--data-dir', '/tmp/r', '--bootstrap', 'nonsense'], /not host:port/],
    [['relay', '--data-dir', '/tmp/r', '--port', '70000'], /--port must be/],
    [['relay', '--data-dir', '/tmp/r', '--offline'], /unknown option --offline/],
  ])('%j is a usage error', async (argv, message) => {
    const run = io()
    expect(await main(argv, run)).toBe(EXIT_USAGE)
    expect(run.errors.join('\n')).toMatch(message)
    expect(run.errors.join('\n')).toContain('planet relay --help')
  })
})

describe('planet relay --show-code', () => {
  it('prints the code of the relay in the data dir, and says when there is none', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'planet-relay-code-'))
    try {
      const none = io()
      expect(await main(['relay', '--data-dir', dir, '--show-code'], none)).toBe(EXIT_FAILURE)
      expect(none.errors.join('\n')).toMatch(/no relay in .* yet/)
      const { identity } = loadOrCreateIdentity(dir, 1)
      const run = io()
      expect(await main(['relay', '--data-dir', dir, '--show-code'], run)).toBe(EXIT_OK)
      expect(run.output).toHaveLength(1)
      expect(Buffer.from(parseRelayCode(run.output[0]!).secret).toString('hex')).toBe(identity.secret)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
