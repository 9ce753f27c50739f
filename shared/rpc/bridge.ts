import type { Result } from './envelope'

/**
 * What the Electron preload exposes on `window.planet` through contextBridge,
 * and nothing more: one call and one subscribe. Channel names live only in the
 * preload and main/transport/electron-ipc.ts.
 */
export interface PlanetBridge {
  call(method: string, input: unknown): Promise<Result>
  subscribe(event: string, listener: (payload: unknown) => void): () => void
}

/** The URL `planet serve` prints: http://127.0.0.1:PORT/#token=TOKEN. The renderer connects its WebSocket here: */
export const WS_PATH = '/rpc'
/** Query parameter that carries the per-run token on the WebSocket URL. */
export const WS_TOKEN_PARAM = 'token'
