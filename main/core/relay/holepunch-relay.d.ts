/**
 * Types for the parts of blind-peering 2 and protomux-rpc 1 the relay client
 * uses (they ship no declarations). protomux-rpc comes with blind-peer and
 * blind-peering; see main/relay/README.md.
 */
declare module 'blind-peering' {
  import type Autobase from 'autobase'
  import type Corestore from 'corestore'
  import type Hypercore from 'hypercore'
  import type HyperDHT from 'hyperdht'
  export interface BlindPeeringOptions {
    keys?: Uint8Array[]
    suspended?: boolean
    /** How many of `keys` to ask for each core or base (default 2). */
    pick?: number
  }
  export interface AddOptions {
    target?: Uint8Array
    referrer?: Uint8Array
    priority?: number
    announce?: boolean
    pick?: number
    keys?: Uint8Array[]
  }
  export default class BlindPeering {
    constructor(dht: HyperDHT, store: Corestore, opts?: BlindPeeringOptions)
    readonly blindPeers: Map<string, { connected: boolean; remotePublicKey: Buffer }>
    /** The key pair it dials with (undocumented; unset = the DHT's default key pair). */
    keyPair?: { publicKey: Uint8Array; secretKey: Uint8Array }
    addAutobase(base: Autobase<unknown>, opts?: AddOptions): Promise<void>
    addAutobaseBackground(base: Autobase<unknown>, opts?: AddOptions): void
    addCore(core: Hypercore, opts?: AddOptions): Promise<void>
    addCoreBackground(core: Hypercore, opts?: AddOptions): void
    close(): Promise<void>
  }
}

declare module 'protomux-rpc' {
  import type { EventEmitter } from 'node:events'
  export default class ProtomuxRPC extends EventEmitter {
    constructor(stream: unknown, opts?: { id?: Uint8Array; protocol?: string })
    readonly closed: boolean
    readonly opened: boolean
    respond(method: string, handler: (request: Buffer | null) => Promise<Buffer> | Buffer): void
    request(method: string, value: Buffer, opts?: { timeout?: number }): Promise<Buffer | null>
    fullyOpened(): Promise<void>
    end(): Promise<void>
    destroy(error?: Error): void
  }
}
