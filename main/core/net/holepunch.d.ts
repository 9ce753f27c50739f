/**
 * Types for the parts of Holepunch's modules PLANET uses. They ship no
 * declarations; these describe only what our code calls, from their READMEs
 * (hypercore 11, corestore 7, autobase 7, hyperswarm 4, hyperdht 6,
 * blind-pairing 2). Widen them here when code needs more.
 */
declare module 'hypercore-crypto' {
  interface KeyPair {
    publicKey: Buffer
    secretKey: Buffer
  }
  const crypto: {
    keyPair(seed?: Uint8Array): KeyPair
    sign(message: Uint8Array, secretKey: Uint8Array): Buffer
    verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean
    discoveryKey(key: Uint8Array): Buffer
    randomBytes(n: number): Buffer
    hash(data: Uint8Array | Uint8Array[]): Buffer
  }
  export default crypto
}

declare module 'hypercore' {
  import type { EventEmitter } from 'node:events'
  export default interface Hypercore extends EventEmitter {
    readonly key: Buffer
    readonly discoveryKey: Buffer
    readonly length: number
    readonly byteLength: number
    readonly contiguousLength: number
    /** The peers this core is replicating with right now. */
    readonly peers: readonly unknown[]
    readonly signedLength: number
    readonly writable: boolean
    readonly closed: boolean
    ready(): Promise<void>
    close(): Promise<void>
    get(index: number, opts?: { wait?: boolean; timeout?: number; valueEncoding?: string }): Promise<unknown>
    append(block: unknown | unknown[]): Promise<{ length: number; byteLength: number }>
    has(start: number, end?: number): Promise<boolean>
    /** Erase blocks [start, end) from this device's storage. */
    clear(start: number, end?: number): Promise<unknown>
    download(range?: { start?: number; end?: number; linear?: boolean }): { done(): Promise<void>; destroy(): void }
    update(opts?: { wait?: boolean }): Promise<boolean>
    on(event: 'truncate', listener: (ancestors: number, forkId: number) => void): this
    on(event: 'append' | 'close' | 'ready', listener: () => void): this
    on(event: 'download' | 'upload', listener: (index: number, byteLength: number) => void): this
    on(event: string, listener: (...args: never[]) => void): this
  }
}

declare module 'corestore' {
  import type { Duplex } from 'node:stream'
  import type Hypercore from 'hypercore'
  export default class Corestore {
    constructor(storage: string, opts?: { primaryKey?: Uint8Array; unsafe?: boolean })
    readonly primaryKey: Buffer
    ready(): Promise<void>
    close(): Promise<void>
    get(opts: string | { name?: string; key?: Uint8Array; valueEncoding?: string; encryption?: { key: Uint8Array } | Uint8Array; encryptionKey?: Uint8Array; exclusive?: boolean }): Hypercore
    namespace(name: string): Corestore
    session(opts?: unknown): Corestore
    replicate(stream: unknown, opts?: unknown): Duplex
  }
}

declare module 'autobase' {
  import type { EventEmitter } from 'node:events'
  import type Corestore from 'corestore'
  import type Hypercore from 'hypercore'
  export interface AutobaseNode<T = unknown> {
    value: T
    from: { key: Buffer }
    length: number
  }
  export interface AutobaseHost {
    addWriter(key: Uint8Array, opts?: { indexer?: boolean }): Promise<void>
    removeWriter(key: Uint8Array): Promise<void>
    ackWriter(key: Uint8Array): Promise<void>
    interrupt(reason?: string): void
    removeable(key: Uint8Array): boolean
  }
  export interface AutobaseOptions<V> {
    open: (store: Corestore) => V
    apply: (nodes: AutobaseNode[], view: V, host: AutobaseHost) => Promise<void>
    close?: (view: V) => Promise<void>
    valueEncoding?: string
    ackInterval?: number
    encryptionKey?: Uint8Array | Promise<Uint8Array>
    encrypted?: boolean
    optimistic?: boolean
  }
  export default class Autobase<V = unknown> extends EventEmitter {
    constructor(store: Corestore, bootstrap: Uint8Array | null, opts: AutobaseOptions<V>)
    readonly key: Buffer
    readonly discoveryKey: Buffer
    readonly local: Hypercore
    readonly view: V
    readonly writable: boolean
    readonly isIndexer: boolean
    readonly length: number
    readonly signedLength: number
    readonly closed: boolean
    ready(): Promise<void>
    close(): Promise<void>
    append(value: unknown): Promise<void>
    update(): Promise<void>
    ack(bg?: boolean): Promise<void>
    static getLocalCore(store: Corestore, handlers?: unknown, encryptionKey?: Uint8Array): Hypercore
  }
}

declare module 'hyperdht' {
  import type { EventEmitter } from 'node:events'
  import type { SwarmConnection } from 'hyperswarm'
  export interface HyperDHTOptions {
    bootstrap?: Array<{ host: string; port: number } | string>
    host?: string
    port?: number
    keyPair?: { publicKey: Uint8Array; secretKey: Uint8Array }
    ephemeral?: boolean
    /** dht-rpc: false = reachable as bound, no NAT in between (default true: firewalled until a NAT check says otherwise). */
    firewalled?: boolean
  }
  export default class HyperDHT extends EventEmitter {
    constructor(opts?: HyperDHTOptions)
    static keyPair(seed?: Uint8Array): { publicKey: Buffer; secretKey: Buffer }
    readonly destroyed: boolean
    ready(): Promise<void>
    destroy(opts?: { force?: boolean }): Promise<void>
    fullyBootstrapped(): Promise<void>
    readonly defaultKeyPair: { publicKey: Buffer; secretKey: Buffer }
    /** A Noise stream to the peer listening with this public key (the relay client uses it). */
    connect(publicKey: Uint8Array, opts?: { keyPair?: { publicKey: Uint8Array; secretKey: Uint8Array } }): SwarmConnection & { opened: Promise<boolean> }
    /** A server on this DHT (the relay listens with one; see main/relay). */
    createServer(
      opts: { firewall?: (remotePublicKey: Buffer) => boolean },
      onconnection: (conn: SwarmConnection) => void,
    ): { listen(keyPair: { publicKey: Uint8Array; secretKey: Uint8Array }): Promise<void>; close(): Promise<void> }
  }
}

declare module 'hyperdht/testnet.js' {
  import type HyperDHT from 'hyperdht'
  export interface Testnet {
    bootstrap: Array<{ host: string; port: number }>
    nodes: HyperDHT[]
    destroy(): Promise<void>
  }
  export default function createTestnet(size?: number, opts?: { host?: string; port?: number; teardown?: unknown }): Promise<Testnet>
}

declare module 'hyperswarm' {
  import type { EventEmitter } from 'node:events'
  import type { Duplex } from 'node:stream'
  import type HyperDHT from 'hyperdht'
  export interface PeerInfo {
    publicKey: Buffer
    topics: Buffer[]
    prioritized: boolean
    ban(banned?: boolean): void
  }
  export interface SwarmConnection extends Duplex {
    setTimeout(ms: number): void
    remotePublicKey: Buffer
    publicKey: Buffer
    userData: unknown
  }
  export interface Discovery {
    flushed(): Promise<void>
    destroy(): Promise<void>
  }
  export default class Hyperswarm extends EventEmitter {
    constructor(opts?: {
      dht?: HyperDHT
      keyPair?: { publicKey: Uint8Array; secretKey: Uint8Array }
      bootstrap?: Array<{ host: string; port: number }>
      firewall?: (remotePublicKey: Buffer, payload: unknown) => boolean
      backoffs?: number[]
      maxPeers?: number
    })
    readonly dht: HyperDHT
    readonly keyPair: { publicKey: Buffer; secretKey: Buffer }
    readonly connections: Set<SwarmConnection>
    readonly destroyed: boolean
    join(topic: Uint8Array, opts?: { server?: boolean; client?: boolean }): Discovery
    leave(topic: Uint8Array): Promise<void>
    listen(): Promise<void>
    joinPeer(publicKey: Uint8Array): void
    leavePeer(publicKey: Uint8Array): void
    flush(): Promise<void>
    clear(): Promise<void>
    suspend(): Promise<void>
    resume(): Promise<void>
    destroy(): Promise<void>
    on(event: 'connection', listener: (conn: SwarmConnection, info: PeerInfo) => void): this
    on(event: string, listener: (...args: never[]) => void): this
  }
}

declare module 'blind-pairing' {
  import type Hyperswarm from 'hyperswarm'
  export interface MemberRequest {
    inviteId: Buffer
    userData: Buffer | null
    open(publicKey: Uint8Array): Buffer
    confirm(response: { key: Uint8Array; encryptionKey?: Uint8Array; additional?: { data: Uint8Array; signature: Uint8Array } }): void
    deny(opts?: { status?: number }): void
  }
  export interface PairingResult {
    key: Buffer
    encryptionKey: Buffer | null
    data: Buffer | null
  }
  export interface Member {
    flushed(): Promise<void>
    close(): Promise<void>
  }
  export interface Candidate {
    readonly request: CandidateRequest
    pairing: Promise<PairingResult>
    paired: boolean
    close(): Promise<void>
  }
  export interface CandidateRequest {
    once(event: 'rejected', listener: (error: Error & { code?: string }) => void): this
  }
  export default class BlindPairing {
    constructor(swarm: Hyperswarm, opts?: { poll?: number })
    readonly swarm: Hyperswarm
    static createInvite(
      key: Uint8Array,
      opts?: { discoveryKey?: Uint8Array; seed?: Uint8Array; expires?: number; data?: Uint8Array },
    ): { id: Buffer; invite: Buffer; publicKey: Buffer; discoveryKey: Buffer; seed: Buffer }
    addMember(opts: { discoveryKey: Uint8Array; onadd: (request: MemberRequest) => Promise<void> | void }): Member
    addCandidate(opts: { invite: Uint8Array; userData: Uint8Array; onadd?: (result: PairingResult) => Promise<void> | void }): Candidate
    close(): Promise<void>
  }
}

declare module 'sodium-native' {
  export const crypto_box_SEALBYTES: number
  export const crypto_aead_xchacha20poly1305_ietf_NPUBBYTES: number
  export const crypto_aead_xchacha20poly1305_ietf_ABYTES: number
  export function crypto_box_seal(ciphertext: Buffer, message: Buffer, publicKey: Buffer): void
  export function crypto_box_seal_open(message: Buffer, ciphertext: Buffer, publicKey: Buffer, secretKey: Buffer): boolean
  export function crypto_aead_xchacha20poly1305_ietf_encrypt(ciphertext: Buffer, message: Buffer, additionalData: Buffer | null, nsec: null, nonce: Buffer, key: Buffer): number
  export function crypto_aead_xchacha20poly1305_ietf_decrypt(message: Buffer, nsec: null, ciphertext: Buffer, additionalData: Buffer | null, nonce: Buffer, key: Buffer): number
  export function crypto_stream_xchacha20_xor_ic(out: Buffer, message: Buffer, nonce: Buffer, counter: number, key: Buffer): void
  export function randombytes_buf(buffer: Buffer): void
  export function sodium_memzero(buffer: Buffer): void
}
