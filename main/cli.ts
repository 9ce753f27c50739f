import { homedir } from 'node:os'
import { parseArgs } from 'node:util'
import { version } from '../package.json'
import { resolveDataDir } from './core/data-dir'
import type { NetworkConfig } from './core/net/bootstrap'
import { BootstrapListError } from './core/net/bootstrap'
import { NetworkFlagsError, networkFromFlags } from './network-config'
import { isEntryModule } from './entry-module'

/**
 * The `planet` command. Subcommands live in one table; each declares its
 * options for node:util parseArgs (strict: unknown flags are errors) and its
 * help text. Exit codes: 0 ok, 1 failure at run time, 2 usage error.
 *
 * There are deliberately no knobs that weaken security (no cheap-KDF flag,
 * no non-loopback bind): tests reach those through the Core's options.
 */

export interface CliIo {
  out(line: string): void
  err(line: string): void
  env: Readonly<Record<string, string | undefined>>
  cwd: string
  homedir: string
}

type OptionSpec = { type: 'string' | 'boolean'; short?: string }
type Values = Record<string, string | boolean | undefined>

interface Subcommand {
  name: string
  summary: string
  usage: string
  /** [flag, description] rows for `planet <name> --help`. */
  optionHelp: Array<[string, string]>
  options: Record<string, OptionSpec>
  run(values: Values, io: CliIo): Promise<number>
}

export const EXIT_OK = 0
export const EXIT_FAILURE = 1
export const EXIT_USAGE = 2

/** A usage mistake: printed with a pointer to `<where> --help`, exit code 2. */
class UsageError extends Error {
  constructor(
    message: string,
    public where = 'planet',
  ) {
    super(message)
  }
}

const serveCommand: Subcommand = {
  name: 'serve',
  summary: 'Run PLANET in your browser, served on 127.0.0.1 with a per-run key',
  usage: 'planet serve [--data-dir DIR] [--port PORT] [--bootstrap HOST:PORT,… | --offline]',
  optionHelp: [
    ['--data-dir DIR', 'Where PLANET keeps its data (default: $PLANET_HOME, else ~/.planet)'],
    ['--port PORT', 'Port on 127.0.0.1, 0–65535 (default: 0, any free port)'],
    ['--bootstrap LIST', 'Find peers through this DHT instead of the public one: host:port,host:port'],
    ['', '(a private or community DHT, or a local hyperdht testnet such as 127.0.0.1:49737)'],
    ['--offline', 'No peer-to-peer network at all; only what is on this device'],
    ['-h, --help', 'Show this help'],
  ],
  options: { 'data-dir': { type: 'string' }, port: { type: 'string' }, bootstrap: { type: 'string' }, offline: { type: 'boolean' } },
  async run(values, io) {
    const port = parsePort(values.port)
    const network = parseNetwork(values)
    const flag = values['data-dir']
    if (flag !== undefined && (typeof flag !== 'string' || flag.trim() === '')) throw new UsageError('--data-dir needs a directory')
    const dataDir = resolveDataDir({ flag: flag as string | undefined, env: io.env, homedir: io.homedir, cwd: io.cwd })
    // Loaded on demand so `planet --help` does not pay for the core.
    const { defaultStaticDir, runServe } = await import('./serve')
    try {
      return await runServe({
        dataDir,
        port,
        network,
        staticDir: defaultStaticDir(import.meta.url, io.env),
        version,
        out: io.out,
        err: io.err,
      })
    } catch (error) {
      io.err(`planet serve: could not start: ${startFailure(error, port)}`)
      return EXIT_FAILURE
    }
  },
}

const relayCommand: Subcommand = {
  name: 'relay',
  summary: 'Run an always-on, blind relay that keeps your community\u2019s groups available (headless)',
  usage: 'planet relay --data-dir DIR [--bootstrap HOST:PORT,…] [--max-storage 100GB] [--metrics 127.0.0.1:9464] [--port PORT]',
  optionHelp: [
    ['--data-dir DIR', 'Where the relay keeps its key, registrations and the cores it holds (required)'],
    ['--bootstrap LIST', 'Use this DHT instead of the public one: host:port,host:port'],
    ['--max-storage SIZE', 'Quota for the cores held, e.g. 100GB, 500MB, 64GiB (default 100GB); when full, new cores are refused'],
    ['--metrics HOST:PORT', 'Serve Prometheus metrics at http://HOST:PORT/metrics, loopback only (e.g. 127.0.0.1:9464)'],
    ['--port PORT', 'UDP port of the relay\u2019s DHT node (default: any); open it in your firewall'],
    ['--show-code', 'Print the relay code of the relay in --data-dir and exit (it does not start it)'],
    ['-h, --help', 'Show this help'],
  ],
  options: {
    'data-dir': { type: 'string' },
    bootstrap: { type: 'string' },
    'max-storage': { type: 'string' },
    metrics: { type: 'string' },
    port: { type: 'string' },
    'show-code': { type: 'boolean' },
  },
  async run(values, io) {
    const flag = values['data-dir']
    if (typeof flag !== 'string' || flag.trim() === '') throw new UsageError('--data-dir needs a directory (the relay keeps its key and data there)')
    const dataDir = resolveDataDir({ flag, env: io.env, homedir: io.homedir, cwd: io.cwd })
    if (values['show-code']) {
      const { readRelayCode } = await import('./relay/relay-config')
      try {
        io.out(readRelayCode(dataDir))
        return EXIT_OK
      } catch (error) {
        io.err(`planet relay: ${error instanceof Error ? error.message : String(error)}`)
        return EXIT_FAILURE
      }
    }
    const network = parseNetwork({ bootstrap: values.bootstrap })
    if (network === 'off') throw new UsageError('a relay needs a network')
    const { DEFAULT_MAX_STORAGE, RelayConfigError, parseMetricsAddress, parseSize } = await import('./relay/relay-config')
    let maxBytes = DEFAULT_MAX_STORAGE
    let metrics
    try {
      if (values['max-storage'] !== undefined) maxBytes = parseSize(String(values['max-storage']))
      if (values.metrics !== undefined) metrics = parseMetricsAddress(String(values.metrics))
    } catch (error) {
      if (error instanceof RelayConfigError) throw new UsageError(error.message)
      throw error
    }
    const port = values.port === undefined ? undefined : parsePort(values.port)
    const { runRelay } = await import('./relay/run-relay')
    try {
      return await runRelay({ dataDir, network, maxBytes, metrics, port, version, err: io.err })
    } catch (error) {
      io.err(`planet relay: could not start: ${error instanceof Error ? error.message : String(error)}`)
      return EXIT_FAILURE
    }
  },
}

/** Every subcommand, in help order. */
const COMMANDS: readonly Subcommand[] = [serveCommand, relayCommand]

export function parsePort(raw: string | boolean | undefined): number {
  if (raw === undefined) return 0
  if (typeof raw !== 'string' || !/^\d{1,5}$/.test(raw) || Number(raw) > 65535) {
    throw new UsageError(`--port must be a whole number from 0 to 65535 (0 = any free port), not ${JSON.stringify(raw)}`)
  }
  return Number(raw)
}

/**
 * --bootstrap / --offline → the Core's NetworkConfig. Neither flag means the
 * public DHT; a list of nodes all on this machine binds the DHT to 127.0.0.1.
 */
export function parseNetwork(values: Values): NetworkConfig {
  const bootstrap = values.bootstrap
  if (bootstrap !== undefined && typeof bootstrap !== 'string') throw new UsageError('--bootstrap needs a list of host:port')
  try {
    return networkFromFlags({ bootstrap, offline: values.offline === true })
  } catch (error) {
    if (error instanceof BootstrapListError || error instanceof NetworkFlagsError) throw new UsageError(error.message)
    throw error
  }
}

export function helpText(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length)) + 2
  return [
    `PLANET ${version} — a personal network manager you own.`,
    '',
    'Usage:',
    '  planet <command> [options]',
    '',
    'Commands:',
    ...COMMANDS.map((command) => `  ${command.name.padEnd(width)}${command.summary}`),
    '',
    'Options:',
    '  -h, --help     Show this help',
    '  -v, --version  Print the version',
    '',
    'Run `planet <command> --help` for the options of a command.',
  ].join('\n')
}

function commandHelp(command: Subcommand): string {
  const width = Math.max(...command.optionHelp.map(([flag]) => flag.length)) + 2
  return [`${command.summary}.`, '', 'Usage:', `  ${command.usage}`, '', 'Options:', ...command.optionHelp.map(([flag, text]) => `  ${flag.padEnd(width)}${text}`)].join('\n')
}

/** Run the CLI with these arguments (without `node` and the script); resolves with the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const [first, ...rest] = argv
  try {
    if (first === undefined || first.startsWith('-')) {
      const { values } = parseStrict(argv, { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'v' } }, 'planet')
      if (values.version) io.out(version)
      else io.out(helpText())
      return EXIT_OK
    }
    if (first === 'help') {
      const command = COMMANDS.find((candidate) => candidate.name === rest[0])
      io.out(command ? commandHelp(command) : helpText())
      return EXIT_OK
    }
    const command = COMMANDS.find((candidate) => candidate.name === first)
    if (!command) throw new UsageError(`unknown command ${JSON.stringify(first)} (commands: ${COMMANDS.map((c) => c.name).join(', ')})`)
    const { values } = parseStrict(rest, { ...command.options, help: { type: 'boolean', short: 'h' } }, `planet ${command.name}`)
    if (values.help) {
      io.out(commandHelp(command))
      return EXIT_OK
    }
    try {
      return await command.run(values, io)
    } catch (error) {
      if (error instanceof UsageError) error.where = `planet ${command.name}`
      throw error
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    io.err(`${error.where}: ${error.message}`)
    io.err(`Run \`${error.where} --help\` for usage.`)
    return EXIT_USAGE
  }
}

function parseStrict(args: readonly string[], options: Record<string, OptionSpec>, where: string): { values: Values } {
  try {
    const { values } = parseArgs({ args: [...args], options, strict: true, allowPositionals: false })
    return { values: values as Values }
  } catch (error) {
    throw new UsageError(parseArgsMessage(error), where)
  }
}

/** node:util's messages are long and aimed at programmers; say the same thing briefly. */
function parseArgsMessage(error: unknown): string {
  const code = (error as { code?: string }).code
  const message = error instanceof Error ? error.message : String(error)
  const quoted = /'([^']+)'/.exec(message)?.[1]
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${quoted ?? message}`
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument ${quoted ? JSON.stringify(quoted) : message}`
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return message.replace(/^Option /, 'option ')
  return message
}

function startFailure(error: unknown, port: number): string {
  const code = (error as { code?: string }).code
  if (code === 'EADDRINUSE') return `port ${port} on 127.0.0.1 is already in use; pick another with --port, or --port 0 for any free one`
  if (code === 'EACCES') return `not allowed to listen on port ${port}; use a port above 1023, or --port 0`
  return error instanceof Error ? error.message : String(error)
}

function processIo(): CliIo {
  return {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    cwd: process.cwd(),
    homedir: homedir(),
  }
}

/**
 * Run as the process's command: sets the exit code, and makes sure the
 * process ends even if something forgot to release a handle after a clean stop.
 */
export function runCli(argv: readonly string[] = process.argv.slice(2)): void {
  main(argv).then(
    (code) => {
      process.exitCode = code
      setTimeout(() => process.exit(code), 2000).unref()
    },
    (error: unknown) => {
      process.stderr.write(`planet: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
      process.exitCode = EXIT_FAILURE
      setTimeout(() => process.exit(EXIT_FAILURE), 2000).unref()
    },
  )
}

// `node out/main/cli.js …` or `node --import tsx main/cli.ts …`; bin/planet.js calls runCli itself.
if (isEntryModule(import.meta.url)) runCli()
