import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

/** The built CLI; `npm test` builds it first (`npm run build`). */
export const CLI_PATH = resolve('out/main/cli.js')
const RUNNING_LINE = /^PLANET is running at (http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]+)\s*$/m
const START_TIMEOUT_MS = 20_000
const STOP_TIMEOUT_MS = 10_000

export interface PlanetServe {
  /** What the CLI printed: http://127.0.0.1:PORT/#token=TOKEN */
  url: string
  /** http://127.0.0.1:PORT, for visiting without the token. */
  origin: string
  dataDir: string
  /** Everything the process wrote to stderr so far (diagnostics; attach it when a test fails). */
  stderr(): string
  /** SIGTERM, wait for the process to exit, delete the data dir. Idempotent. */
  stop(): Promise<void>
}

export interface StartPlanetServeOptions {
  /**
   * `--bootstrap` list of a loopback testnet (test/helpers/testnet.ts), for
   * specs that need the peer-to-peer network. Without it the server runs
   * `--offline`: e2e tests never reach the public DHT (PLANET_TEST=1 refuses it too).
   */
  bootstrap?: string
}

/**
 * `planet serve` on a fresh temp data dir and a free port, as a user runs it:
 * resolves once it prints its address. Everything it writes to stderr is kept
 * for the error message if it fails to start.
 */
export async function startPlanetServe(options: StartPlanetServeOptions = {}): Promise<PlanetServe> {
  if (!existsSync(CLI_PATH)) throw new Error(`${CLI_PATH} is missing: run \`npm run build\` first (npm test does).`)
  const dataDir = await mkdtemp(join(tmpdir(), 'planet-e2e-'))
  const network = options.bootstrap === undefined ? ['--offline'] : ['--bootstrap', options.bootstrap]
  const child = spawn(process.execPath, [CLI_PATH, 'serve', '--data-dir', dataDir, '--port', '0', ...network], {
    env: { ...process.env, PLANET_TEST: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })

  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8')
    if (process.env.PLANET_E2E_DEBUG) process.stderr.write(`[planet serve] ${chunk.toString('utf8')}`)
  })
  child.on('exit', (code, signal) => {
    stderr += `\n[exited: code ${code}, signal ${signal}]\n`
  })

  let stopping: Promise<void> | null = null
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      await terminate(child)
      await rm(dataDir, { recursive: true, force: true })
    })()
    return stopping
  }

  try {
    const url = await waitForAddress(child, () => stderr)
    return { url, origin: new URL(url).origin, dataDir, stderr: () => stderr, stop }
  } catch (error) {
    await stop()
    throw error
  }
}

function waitForAddress(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    let stdout = ''
    const fail = (why: string) => {
      cleanup()
      reject(new Error(`planet serve ${why}.\nstdout:\n${stdout}\nstderr:\n${stderr()}`))
    }
    const onStdout = (chunk: Buffer) => {
      stdout += chunk.toString('utf8')
      const match = RUNNING_LINE.exec(stdout)
      if (match) {
        cleanup()
        resolvePromise(match[1]!)
      }
    }
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => fail(`exited before printing its address (code ${code}, signal ${signal})`)
    const onError = (error: Error) => fail(`could not be started: ${error.message}`)
    const timer = setTimeout(() => fail(`printed no address within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS)
    function cleanup() {
      clearTimeout(timer)
      child.stdout?.off('data', onStdout)
      child.off('exit', onExit)
      child.off('error', onError)
      // Keep draining stdout so a chatty server never blocks on a full pipe.
      child.stdout?.resume()
    }
    child.stdout?.on('data', onStdout)
    child.on('exit', onExit)
    child.on('error', onError)
  })
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolvePromise) => child.once('exit', () => resolvePromise()))
  child.kill('SIGTERM')
  const timedOut = await Promise.race([exited.then(() => false), delay(STOP_TIMEOUT_MS).then(() => true)])
  if (timedOut) {
    child.kill('SIGKILL')
    await exited
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolvePromise) => setTimeout(resolvePromise, ms).unref())
}
