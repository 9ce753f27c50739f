import pino from 'pino'
import type { NetworkConfig } from '../core/net/bootstrap'
import { describeNetwork } from '../network-config'
import { relayLink } from '../../shared/domain/relay-code'
import type { MetricsAddress } from './relay-config'
import { RelayServer } from './relay-server'

export interface RunRelayOptions {
  dataDir: string
  network: Exclude<NetworkConfig, 'off'>
  maxBytes: number
  port?: number
  metrics?: MetricsAddress
  version: string
  /** Human lines (the relay code, how to stop): stderr, so stdout stays pure JSON logs. */
  err(line: string): void
  /** Resolves when the relay should stop (SIGINT/SIGTERM by default). */
  stopSignal?: Promise<string>
}

/**
 * The `planet relay` host: start, print the code, run until SIGINT/SIGTERM,
 * close cleanly. Logs are JSON lines on stdout (pino); the code and hints for
 * the person at the terminal go to stderr too. Resolves with the exit code.
 */
export async function runRelay(options: RunRelayOptions): Promise<number> {
  const log = pino({ base: { app: 'planet-relay', version: options.version }, timestamp: pino.stdTimeFunctions.isoTime })
  const relay = new RelayServer({ dataDir: options.dataDir, network: options.network, maxBytes: options.maxBytes, port: options.port, metrics: options.metrics, log })
  const stopSignal =
    options.stopSignal ??
    new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'))
      process.once('SIGTERM', () => resolve('SIGTERM'))
    })
  try {
    await relay.ready()
  } catch (error) {
    await relay.close().catch(() => undefined)
    throw error
  }
  log.info({ code: relay.code, network: describeNetwork(options.network), dataDir: options.dataDir }, 'relay code')
  options.err(`PLANET relay ${relay.publicKey.toString('hex')} on ${describeNetwork(options.network)}`)
  options.err(`Relay code (a group admin pastes it under the group's Settings → Relays; share it like an invite):`)
  options.err(`  ${relayLink(relay.code)}`)
  if (relay.metricsPort !== null) options.err(`Metrics: http://${options.metrics!.host.includes(':') ? `[${options.metrics!.host}]` : options.metrics!.host}:${relay.metricsPort}/metrics`)
  options.err('Press Ctrl+C (or send SIGTERM) to stop.')
  const signal = await stopSignal
  log.info({ signal }, 'stopping')
  await relay.close()
  log.flush()
  return 0
}
