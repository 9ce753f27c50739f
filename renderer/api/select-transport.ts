import type { PlanetBridge } from '../../shared/rpc/bridge'
import { WS_PATH, WS_TOKEN_PARAM } from '../../shared/rpc/bridge'

/**
 * How this renderer reaches the core, decided once at start-up (index.tsx)
 * and never again: features only ever see an RpcClient.
 * - desktop: the Electron preload put a PlanetBridge on `window.planet`;
 * - browser: `planet serve` gave us a token, so we open its WebSocket;
 * - neither: we cannot connect, and say how to fix it.
 */
export type ConnectionPlan =
  | { kind: 'bridge'; bridge: PlanetBridge }
  | { kind: 'websocket'; url: string }
  | { kind: 'no-token' }

export interface PlanEnvironment {
  /** `window.planet`, whatever it holds. */
  bridge: unknown
  location: Pick<Location, 'protocol' | 'host'>
  /** Called only when there is no bridge, so desktop never touches the URL or storage. */
  takeToken: () => string | null
}

export function planConnection(env: PlanEnvironment): ConnectionPlan {
  if (isPlanetBridge(env.bridge)) return { kind: 'bridge', bridge: env.bridge }
  const token = env.takeToken()
  if (token === null) return { kind: 'no-token' }
  return { kind: 'websocket', url: webSocketUrl(env.location, token) }
}

export function isPlanetBridge(value: unknown): value is PlanetBridge {
  if (typeof value !== 'object' || value === null) return false
  const candidate = value as Partial<Record<keyof PlanetBridge, unknown>>
  return typeof candidate.call === 'function' && typeof candidate.subscribe === 'function'
}

/** The WebSocket of the server that served this page; wss only if the page itself came over https. */
export function webSocketUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:'
  return `${scheme}//${location.host}${WS_PATH}?${WS_TOKEN_PARAM}=${encodeURIComponent(token)}`
}
