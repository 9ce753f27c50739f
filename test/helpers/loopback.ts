import { BlockList, isIP } from 'node:net'

/**
 * The one question the test network guard asks: is this address this machine's
 * loopback? Yes for `localhost`, 127.0.0.0/8, ::1 (in any spelling) and
 * IPv4-mapped 127.x (`::ffff:127.0.0.1`). Everything else is no — including
 * 0.0.0.0, `::`, this machine's LAN addresses and every other host name, which
 * would need a DNS lookup to judge and so are refused unseen.
 */
const LOOPBACK = new BlockList()
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4')
LOOPBACK.addAddress('::1', 'ipv6')

export function isLoopbackHost(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true
  // URLs and some APIs spell IPv6 in brackets.
  const bare = /^\[.*\]$/.test(host) ? host.slice(1, -1) : host
  const family = isIP(bare)
  if (family === 4) return LOOPBACK.check(bare, 'ipv4')
  if (family === 6) return LOOPBACK.check(bare, 'ipv6')
  return false
}
