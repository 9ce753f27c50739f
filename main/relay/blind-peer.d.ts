/**
 * Types for the parts of blind-peer 3.8 that the relay uses (it ships no
 * declarations). The relay subclasses BlindPeer and overrides two of its
 * request handlers (`_onaddcore`, `_onaddcores`) to admit only registered
 * members' devices. Those are internal methods (blind-peer 3.8.1 in the
 * lockfile; package.json allows ^3.8.1 and should pin it):
 * test/integration/relay-refusals.test.ts fails if they change shape.
 */
declare module 'blind-peer' {
  import type { EventEmitter } from 'node:events'
  import type Corestore from 'corestore'
  import type { SwarmConnection } from 'hyperswarm'

  export interface AddCoresRequest {
    cores: Array<{ key: Buffer; length: number }>
    referrer: Buffer | null
    priority: number
    announce: boolean
  }
  export interface AddCoreRecord {
    key: Buffer
    referrer: Buffer | null
    priority: number
    announce: boolean
  }
  export interface BlindPeerSwarm extends EventEmitter {
    readonly keyPair: { publicKey: Buffer; secretKey: Buffer }
    join(topic: Uint8Array, opts?: unknown): unknown
    listen(): Promise<void>
    destroy(): Promise<void>
  }
  export interface BlindPeerOptions {
    swarm?: BlindPeerSwarm
    maxBytes?: number
    enableGc?: boolean
    trustedPubKeys?: Uint8Array[]
  }
  export default class BlindPeer extends EventEmitter {
    constructor(rocksDir: string, opts?: BlindPeerOptions)
    readonly store: Corestore & {
      watch(fn: (core: unknown) => void): void
      storage: { getInfos(discoveryKeys: Buffer[]): Promise<Array<{ head: { length: number } | null } | null>> }
    }
    readonly swarm: BlindPeerSwarm
    readonly digest: { cores: number; bytesAllocated: number; referrers: number }
    readonly stats: { coresAdded: number; activations: number; wakeups: number; addCoresRx: number; muxerErrors: number }
    readonly db: { getCoreRecord(key: Uint8Array): Promise<unknown | null> }
    maxBytes: number
    readonly opened: boolean
    readonly closing: boolean
    ready(): Promise<void>
    close(): Promise<void>
    listen(): Promise<void>
    flush(): Promise<void>
    _onaddcore(stream: SwarmConnection, record: AddCoreRecord): Promise<unknown>
    _onaddcores(stream: SwarmConnection, request: AddCoresRequest): Promise<null>
  }
}
