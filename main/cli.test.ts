import { spawn } from 'node:child_process'
import type { ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startTestnet } from '../test/helpers/testnet'
import { connectRpc } from '../test/helpers/ws-client'

/** The CLI from source, as a child process: `node --import tsx main/cli.ts …`. */
const REPO = resolve(import.meta.dirname, '..')
const URL_LINE = /^PLANET is running at (http:\/\/127\.0\.0\.1:(\d+)\/#token=([A-Za-z0-9_-]{43}))$/m

let temp: string
let staticDir: string
const children: ChildProcessWithoutNullStreams[] = []

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'planet-cli-'))
  staticDir = join(temp, 'renderer')
  await mkdir(staticDir)
  await writeFile(join(staticDir, 'index.html'), '<!doctype html><title>PLANET test</title>')
})

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
})

afterAll(async () => {
  await rm(temp, { recursive: true, force: true })
})

interface Run {
  child: ChildProcessWithoutNullStreams
  stdout: () => string
  stderr: () => string
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

function cli(args: string[], env: Record<string, string> = {}): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', 'main/cli.ts', ...args], {
    cwd: REPO,
    env: { ...process.env, PLANET_STATIC_DIR: staticDir, PLANET_HOME: join(temp, 'home-from-env'), ...env },
  })
  children.push(child)
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })))
  return { child, stdout: () => stdout, stderr: () => stderr, exit }
}

async function waitFor<T>(check: () => T | undefined | null, what: string, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms
  for (;;) {
    const value = check()
    if (value) return value
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((done) => setTimeout(done, 25))
  }
}

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    request(url, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () => done({ status: res.statusCode ?? 0, body }))
    })
      .on('error', fail)
      .end()
  })
}

describe('planet CLI', () => {
  it('--help lists serve and exits 0', async () => {
    const run = cli(['--help'])
    expect((await run.exit).code).toBe(0)
    expect(run.stdout()).toMatch(/Usage:\s+planet <command>/)
    expect(run.stdout()).toMatch(/^\s+serve\s/m)
    expect(run.stderr()).toBe('')
  })

  it('--version prints the package version', async () => {
    const run = cli(['--version'])
    expect((await run.exit).code).toBe(0)
    expect(run.stdout().trim()).toMatch(/^\d+\.\d+\.\d+/)
  })

  it.each([['70000'], ['-1'], ['abc'], ['8080.5'], ['']])('serve --port %j exits 2 with a clear message', async (port) => {
    const run = cli(['serve', `--port=${port}`])
    expect((await run.exit).code).toBe(2)
    expect(run.stderr()).toContain('--port must be a whole number from 0 to 65535')
    expect(run.stdout()).toBe('')
  })

  it('serve --help documents the network flags', async () => {
    const run = cli(['serve', '--help'])
    expect((await run.exit).code).toBe(0)
    expect(run.stdout()).toContain('--bootstrap LIST')
    expect(run.stdout()).toContain('--offline')
    expect(run.stdout()).toMatch(/Usage:\s+planet serve .*\[--bootstrap HOST:PORT,… \| --offline\]/)
  })

  it.each([
    [['--bootstrap', ''], '--bootstrap needs at least one host:port'],
    [['--bootstrap', ' , '], '--bootstrap needs at least one host:port'],
    [['--bootstrap', '127.0.0.1'], '"127.0.0.1" is not host:port'],
    [['--bootstrap', 'node.example:99999'], '"node.example:99999": the port must be 1–65535'],
    [['--bootstrap', '127.0.0.1:49737,not a host:1'], '"not a host:1" is not host:port'],
    [['--bootstrap', '127.0.0.1:49737', '--offline'], 'use either --bootstrap or --offline, not both'],
    [['--bootstrap'], "argument missing"],
  ])('serve %j is a usage error (exit 2)', async (flags, message) => {
    const run = cli(['serve', ...flags])
    expect((await run.exit).code).toBe(2)
    expect(run.stderr()).toContain(message)
    expect(run.stderr()).toContain('Run `planet serve --help` for usage.')
    expect(run.stdout()).toBe('')
  })

  it('serve without --bootstrap or --offline would use the public DHT, which PLANET_TEST=1 refuses (exit 1)', async () => {
    const run = cli(['serve', '--data-dir', join(temp, 'public')])
    expect((await run.exit).code).toBe(1)
    expect(run.stderr()).toContain('the public DHT is forbidden in tests')
    expect(run.stdout()).toBe('')
  })

  it('serve --bootstrap with a loopback testnet starts and says which DHT it uses', async () => {
    const testnet = await startTestnet(1)
    try {
      const list = testnet.bootstrap.map((node) => `${node.host}:${node.port}`).join(',')
      const run = cli(['serve', '--data-dir', join(temp, 'testnet'), '--bootstrap', list])
      const match = await waitFor(() => URL_LINE.exec(run.stdout()), `the URL line (stderr: ${run.stderr()})`)
      await waitFor(() => run.stderr().includes('Network:') || undefined, 'the network line')
      expect(run.stderr()).toContain(`Network: the DHT at ${list} (bound to 127.0.0.1)`)
      const rpc = await connectRpc(match[1]!)
      expect(await rpc.client.call('app.getInfo', {})).toMatchObject({ host: 'browser' })
      await rpc.close()
      run.child.kill('SIGTERM')
      expect((await run.exit).code).toBe(0)
    } finally {
      await testnet.destroy()
    }
  })

  it('unknown flags and commands exit 2', async () => {
    const flag = cli(['serve', '--bind', '0.0.0.0'])
    expect((await flag.exit).code).toBe(2)
    expect(flag.stderr()).toContain('unknown option --bind')
    const command = cli(['launch'])
    expect((await command.exit).code).toBe(2)
    expect(command.stderr()).toContain('unknown command "launch"')
  })

  it('serve prints the URL line, serves the app and the API, and stops cleanly on SIGTERM', async () => {
    const dataDir = join(temp, 'data')
    const run = cli(['serve', '--port', '0', '--data-dir', dataDir, '--offline'])
    const match = await waitFor(() => URL_LINE.exec(run.stdout()), `the URL line (stderr: ${run.stderr()})`)
    const url = match[1]!
    // Exactly one URL line and one hint line on stdout.
    await waitFor(() => run.stdout().split('\n').length >= 3 || undefined, 'the hint line')
    const lines = run.stdout().trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toBe(`PLANET is running at ${url}`)
    if (process.platform !== 'win32') expect((await stat(dataDir)).mode & 0o777).toBe(0o700)

    const page = await httpGet(`http://127.0.0.1:${match[2]}/`)
    expect(page.status).toBe(200)
    expect(page.body).toContain('PLANET test')
    const rpc = await connectRpc(url)
    expect(await rpc.client.call('app.getInfo', {})).toMatchObject({ name: 'PLANET', host: 'browser', dataDir })
    await rpc.close()

    const started = Date.now()
    run.child.kill('SIGTERM')
    expect(await run.exit).toEqual({ code: 0, signal: null })
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('serve uses $PLANET_HOME when no --data-dir is given, and stops on SIGINT too', async () => {
    const home = join(temp, 'planet-home')
    const run = cli(['serve', '--offline'], { PLANET_HOME: home })
    const match = await waitFor(() => URL_LINE.exec(run.stdout()), `the URL line (stderr: ${run.stderr()})`)
    const rpc = await connectRpc(match[1]!)
    expect(await rpc.client.call('app.getInfo', {})).toMatchObject({ dataDir: home })
    run.child.kill('SIGINT')
    expect((await run.exit).code).toBe(0)
    await rpc.close()
  })

  it('serve on a port in use exits 1 with a clear message', async () => {
    const first = cli(['serve', '--data-dir', join(temp, 'busy-1'), '--offline'])
    const match = await waitFor(() => URL_LINE.exec(first.stdout()), 'the first server')
    const second = cli(['serve', '--port', match[2]!, '--data-dir', join(temp, 'busy-2'), '--offline'])
    expect((await second.exit).code).toBe(1)
    expect(second.stderr()).toContain('already in use')
    first.child.kill('SIGTERM')
    expect((await first.exit).code).toBe(0)
  })
})
