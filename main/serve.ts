import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Core } from './core/core'
import { prepareDataDir } from './core/data-dir'
import type { NetworkConfig } from './core/net/bootstrap'
import { describeNetwork } from './network-config'
import type { BrowserServer } from './transport/ws-server'
import { startBrowserServer } from './transport/ws-server'

/**
 * Browser mode's host (`planet serve`): the same Core the desktop app runs,
 * with the WebSocket transport instead of Electron IPC. Owns the lifecycle:
 * core first, then the server; on the way out the server first (no new
 * calls), then the core (locks the vault).
 */
export interface ServeOptions {
  dataDir: string
  /** The built renderer: index.html and assets. See defaultStaticDir. */
  staticDir: string
  /** 0 = a free port chosen by the OS. */
  port?: number
  /**
   * Which DHT the swarm uses: 'public' (what `planet serve` picks without
   * flags), a --bootstrap list, or 'off' (--offline). The host decides; there
   * is no default here.
   */
  network: NetworkConfig
  version: string
  /** Fixed token, for tests; a fresh random one per run otherwise. */
  token?: string
  /** Where the user-facing lines go (stdout in the CLI). */
  out?: (line: string) => void
  /** Where diagnostics go (stderr in the CLI): stdout carries only the address. */
  err?: (line: string) => void
}

export interface RunningServe {
  /** http://127.0.0.1:PORT/#token=TOKEN */
  url: string
  core: Core
  server: BrowserServer
  /** Server first, then the core. Idempotent. */
  close(): Promise<void>
}

/** The one line `planet serve` prints on stdout; the renderer, the e2e tests and users rely on its format. */
export function runningLine(url: string): string {
  return `PLANET is running at ${url}`
}

/** Env var that points `planet serve` at another renderer build (tests, development). */
export const STATIC_DIR_ENV = 'PLANET_STATIC_DIR'

/**
 * Where the built renderer is, relative to the *entry* module (pass the CLI's
 * import.meta.url): the bundle runs from `<out>/main/cli.js`, so it is
 * `<out>/renderer`; from source (`main/cli.ts` under tsx) it is `out/renderer`
 * of the repo. $PLANET_STATIC_DIR wins over both. The entry's URL is used, not
 * this module's, because the bundler may move this code into a shared chunk.
 */
export function defaultStaticDir(entryUrl: string, env: Readonly<Record<string, string | undefined>> = process.env): string {
  const override = env[STATIC_DIR_ENV]
  if (override !== undefined && override.trim() !== '') return resolve(override)
  const fromSource = /\.[cm]?tsx?$/.test(new URL(entryUrl).pathname)
  return fileURLToPath(new URL(fromSource ? '../out/renderer/' : '../renderer/', entryUrl))
}

/** Start the core and the server; nothing is printed. */
export async function startServe(options: ServeOptions): Promise<RunningServe> {
  const err = options.err ?? ((line: string) => console.error(line))
  const prepared = await prepareDataDir(options.dataDir)
  if (prepared.looseMode) err(`warning: ${options.dataDir} can be read by other users of this computer; PLANET's data is encrypted, but consider chmod 700.`)
  if (!existsSync(join(options.staticDir, 'index.html'))) {
    err(`warning: no built interface in ${options.staticDir}: run \`npm run build\` (or set ${STATIC_DIR_ENV}).`)
  }
  const core = new Core({
    dataDir: options.dataDir,
    host: 'browser',
    version: options.version,
    network: options.network,
    log: (level, message, data) => err(`${level}: ${message}${data === undefined ? '' : `: ${describe(data)}`}`),
  })
  try {
    await core.ready()
    const server = await startBrowserServer({
      core,
      staticDir: options.staticDir,
      port: options.port ?? 0,
      token: options.token,
      onError: (error) => err(`error: browser server: ${describe(error)}`),
    })
    let closing: Promise<void> | null = null
    return {
      url: server.url,
      core,
      server,
      close() {
        closing ??= (async () => {
          try {
            await server.close()
          } finally {
            await core.close()
          }
        })()
        return closing
      },
    }
  } catch (error) {
    await core.close()
    throw error
  }
}

/** How long a clean stop may take before the process gives up on it. */
const STOP_TIMEOUT_MS = 10_000

/**
 * Start, print the address, and run until SIGINT or SIGTERM; resolves with the
 * exit code (0 after a clean stop). A second signal while stopping exits at once.
 */
export async function runServe(options: ServeOptions): Promise<number> {
  const out = options.out ?? ((line: string) => console.log(line))
  const err = options.err ?? ((line: string) => console.error(line))
  const running = await startServe(options)
  out(runningLine(running.url))
  out('Open it in a browser on this computer; the address carries this session’s key, so keep it to yourself. Press Ctrl+C to stop.')
  // stdout carries only the two lines above (scripts read them); which DHT is a diagnostic.
  err(`Network: ${describeNetwork(options.network)}`)

  return new Promise<number>((resolveExit) => {
    let stopping = false
    const finish = (code: number): void => {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
      resolveExit(code)
    }
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        err(`${signal} again: stopping now.`)
        process.exit(130)
      }
      stopping = true
      err(`Stopping PLANET (${signal})…`)
      const timer = setTimeout(() => {
        err('PLANET did not stop in time; exiting.')
        finish(1)
      }, STOP_TIMEOUT_MS)
      timer.unref()
      running.close().then(
        () => {
          clearTimeout(timer)
          finish(0)
        },
        (error: unknown) => {
          clearTimeout(timer)
          err(`error: stopping PLANET failed: ${describe(error)}`)
          finish(1)
        },
      )
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.stack ?? value.message
  try {
    return JSON.stringify(value)
  } catch {
    return String(value)
  }
}
