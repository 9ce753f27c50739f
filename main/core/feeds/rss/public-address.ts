import { lookup } from 'node:dns/promises'
import { isIP } from 'node:net'
import { FeedError } from './feed-error'

/**
 * Feeds are fetched on group admins' devices from URLs another admin typed.
 * Without this check, an admin could point a feed at the router or a
 * printer on the fetching member's own network and read the answer in the
 * group news. Every host must resolve to public addresses only.
 *
 * Limit (README.md): the name is resolved here and again by fetch, so a DNS
 * server that answers differently the second time (DNS rebinding) is not
 * stopped; literal private addresses and names that resolve to them are.
 */

function ipv4Parts(address: string): number[] | null {
  const parts = address.split('.').map(Number)
  return parts.length === 4 && parts.every((part) => Number.isInteger(part) && part >= 0 && part <= 255) ? parts : null
}

function isPublicIpv4(address: string): boolean {
  const parts = ipv4Parts(address)
  if (!parts) return false
  const [a, b, c] = parts as [number, number, number, number]
  if (a === 0 || a === 10 || a === 127) return false // "this" network, private, loopback
  if (a === 100 && b >= 64 && b <= 127) return false // carrier-grade NAT
  if (a === 169 && b === 254) return false // link-local
  if (a === 172 && b >= 16 && b <= 31) return false // private
  if (a === 192 && b === 168) return false // private
  if (a === 192 && b === 0 && (c === 0 || c === 2)) return false // protocol assignments, documentation
  if (a === 198 && (b === 18 || b === 19)) return false // benchmarking
  if (a === 198 && b === 51 && c === 100) return false // documentation
  if (a === 203 && b === 0 && c === 113) return false // documentation
  if (a >= 224) return false // multicast, reserved, broadcast
  return true
}

function expandIpv6(address: string): number[] | null {
  let text = address.toLowerCase().replace(/%.*$/, '')
  // An embedded IPv4 tail (::ffff:10.0.0.1) becomes two groups.
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)
  if (v4) {
    const parts = ipv4Parts(v4[1]!)
    if (!parts) return null
    text = text.slice(0, -v4[1]!.length) + `${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`
  }
  const [head, tail] = text.split('::') as [string, string | undefined]
  const left = head ? head.split(':') : []
  const right = tail ? tail.split(':') : []
  const fill = tail === undefined ? 0 : 8 - left.length - right.length
  const groups = [...left, ...Array<string>(Math.max(0, fill)).fill('0'), ...right].map((group) => parseInt(group, 16))
  return groups.length === 8 && groups.every((group) => Number.isInteger(group) && group >= 0 && group <= 0xffff) ? groups : null
}

function isPublicIpv6(address: string): boolean {
  const groups = expandIpv6(address)
  if (!groups) return false
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number]
  if (groups.every((group) => group === 0)) return false // unspecified
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0 && g6 === 0 && g7 === 1) return false // loopback
  // IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d): judge the IPv4 address.
  const embedded = `${g6 >> 8}.${g6 & 0xff}.${g7 >> 8}.${g7 & 0xff}`
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) return isPublicIpv4(embedded)
  if (g0 === 0x64 && g1 === 0xff9b) return isPublicIpv4(embedded)
  if ((g0 & 0xfe00) === 0xfc00) return false // unique local
  if ((g0 & 0xffc0) === 0xfe80) return false // link-local
  if ((g0 & 0xff00) === 0xff00) return false // multicast
  if (g0 === 0x2001 && g1 === 0x0db8) return false // documentation
  return true
}

/** An IP address (v4 or v6) on the public internet. */
export function isPublicAddress(address: string): boolean {
  const version = isIP(address.replace(/^\[|\]$/g, ''))
  if (version === 4) return isPublicIpv4(address)
  if (version === 6) return isPublicIpv6(address.replace(/^\[|\]$/g, ''))
  return false
}

export type Resolve = (hostname: string) => Promise<Array<{ address: string }>>

const systemResolve: Resolve = (hostname) => lookup(hostname, { all: true, verbatim: true })

/**
 * Throws FEED_BAD_URL unless every address the URL's host resolves to is
 * public. Use as FetchFeedOptions.checkAddress.
 */
export async function requirePublicAddress(url: URL, resolve: Resolve = systemResolve): Promise<void> {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const refused = (): FeedError =>
    new FeedError('FEED_BAD_URL', `${url.hostname} is on a private or local network. PLANET fetches feeds from the public internet only.`, { host: url.hostname })
  if (isIP(host) !== 0) {
    if (!isPublicAddress(host)) throw refused()
    return
  }
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) throw refused()
  let addresses: Array<{ address: string }>
  try {
    addresses = await resolve(host)
  } catch {
    throw new FeedError('FEED_NETWORK_ERROR', `The feed's host ${url.hostname} could not be found. Check the address; PLANET will try again later.`, { host: url.hostname })
  }
  if (addresses.length === 0 || addresses.some(({ address }) => !isPublicAddress(address))) throw refused()
}
