import type HyperDHT from 'hyperdht'
import ProtomuxRPC from 'protomux-rpc'
import type { RelayRegisterRequest, RelayResponse, RelayStatusRequest } from '../../../shared/domain/relay-protocol'
import { RELAY_MESSAGE_LIMIT, RELAY_PROTOCOL, relayResponse } from '../../../shared/domain/relay-protocol'

/** The relay did not answer, or answered something that is not the protocol. */
export class RelayUnreachableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RelayUnreachableError'
  }
}

const DEFAULT_TIMEOUT_MS = 10_000

/**
 * One request on a relay's control channel (`planet-relay/v1`): dial the
 * relay's key over the DHT with this device's key pair (the relay learns who
 * asks from the Noise handshake), ask, hang up. Throws
 * RelayUnreachableError when it cannot connect or the answer is not valid;
 * a refusal comes back as `{ok: false, code}`.
 */
export async function relayRequest(
  dht: HyperDHT,
  relayKey: Uint8Array,
  keyPair: { publicKey: Uint8Array; secretKey: Uint8Array },
  request: Omit<RelayRegisterRequest, 'v'> | Omit<RelayStatusRequest, 'v'>,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<RelayResponse> {
  const socket = dht.connect(relayKey, { keyPair })
  socket.on('error', () => undefined)
  const timer = setTimeout(() => socket.destroy(), timeoutMs)
  try {
    const rpc = new ProtomuxRPC(socket, { protocol: RELAY_PROTOCOL, id: relayKey })
    rpc.on('error', () => undefined)
    let raw: Buffer | null
    try {
      raw = await rpc.request('request', Buffer.from(JSON.stringify({ v: 1, ...request })), { timeout: timeoutMs })
    } catch (error) {
      throw new RelayUnreachableError(`the relay did not answer: ${error instanceof Error ? error.message : String(error)}`)
    }
    if (!raw || raw.length > RELAY_MESSAGE_LIMIT) throw new RelayUnreachableError('the relay sent no answer or one too large')
    let parsed: unknown
    try {
      parsed = JSON.parse(raw.toString('utf8'))
    } catch {
      throw new RelayUnreachableError('the relay answered something that is not JSON')
    }
    const answer = relayResponse.safeParse(parsed)
    if (!answer.success) throw new RelayUnreachableError('the relay answered outside the protocol')
    return answer.data
  } finally {
    clearTimeout(timer)
    socket.destroy()
  }
}
