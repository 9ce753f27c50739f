import { describe, expect, it } from 'vitest'
import type { NetworkConfig } from './bootstrap'
import { BootstrapListError, assertNetworkAllowed, formatBootstrapList, parseBootstrapList } from './bootstrap'

function errorOf(text: string): BootstrapListError {
  try {
    parseBootstrapList(text)
  } catch (error) {
    expect(error).toBeInstanceOf(BootstrapListError)
    return error as BootstrapListError
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`)
}

describe('parseBootstrapList', () => {
  it.each([
    ['one node', '127.0.0.1:49737', [{ host: '127.0.0.1', port: 49737 }]],
    ['several nodes', '127.0.0.1:1,localhost:65535', [{ host: '127.0.0.1', port: 1 }, { host: 'localhost', port: 65535 }]],
    ['host names', 'node1.dht.example.org:49737', [{ host: 'node1.dht.example.org', port: 49737 }]],
    ['spaces around entries', '  127.0.0.1:10001 ,\t127.0.0.1:10002  ', [{ host: '127.0.0.1', port: 10001 }, { host: '127.0.0.1', port: 10002 }]],
    ['empty entries between commas', ',127.0.0.1:10001,,', [{ host: '127.0.0.1', port: 10001 }]],
    ['IPv6 in brackets', '[::1]:49737', [{ host: '::1', port: 49737 }]],
    ['a full IPv6 address', '[2001:DB8::1]:80', [{ host: '2001:DB8::1', port: 80 }]],
    ['leading zeros in the port', '127.0.0.1:00080', [{ host: '127.0.0.1', port: 80 }]],
  ])('reads %s', (_, text, nodes) => {
    expect(parseBootstrapList(text)).toEqual(nodes)
  })

  it.each(['', '   ', ',', ' , , '])('asks for at least one node in %j', (text) => {
    expect(errorOf(text).message).toBe('--bootstrap needs at least one host:port')
  })

  it.each([
    ['no port', '127.0.0.1'],
    ['an empty port', '127.0.0.1:'],
    ['no host', ':49737'],
    ['a word for a port', '127.0.0.1:http'],
    ['a six-digit port', '127.0.0.1:123456'],
    ['a negative port', '127.0.0.1:-1'],
    ['IPv6 without brackets', '::1:49737'],
    ['a space inside', '127.0.0.1 :49737'],
    ['a URL', 'udp://127.0.0.1:49737'],
    ['a path', '127.0.0.1:49737/x'],
  ])('refuses %s', (_, text) => {
    expect(errorOf(text).message).toBe(`"${text.trim()}" is not host:port (e.g. 127.0.0.1:49737)`)
  })

  it.each(['127.0.0.1:0', '127.0.0.1:65536', '127.0.0.1:99999'])('refuses port out of range in %s', (text) => {
    expect(errorOf(text).message).toBe(`"${text}": the port must be 1–65535`)
  })

  it('names the bad entry among good ones', () => {
    expect(errorOf('127.0.0.1:1,oops,127.0.0.1:2').message).toContain('"oops"')
  })

  it('round-trips with formatBootstrapList, IPv6 included', () => {
    const nodes = [
      { host: '127.0.0.1', port: 49737 },
      { host: 'localhost', port: 1 },
      { host: '::1', port: 65535 },
    ]
    expect(formatBootstrapList(nodes)).toBe('127.0.0.1:49737,localhost:1,[::1]:65535')
    expect(parseBootstrapList(formatBootstrapList(nodes))).toEqual(nodes)
  })
})

describe('assertNetworkAllowed', () => {
  const TEST = { PLANET_TEST: '1' }
  const loopback = (host: string): Exclude<NetworkConfig, string> => ({ bootstrap: [{ host, port: 49737 }] })

  it('refuses the public DHT in tests', () => {
    expect(() => assertNetworkAllowed('public', TEST)).toThrow(/public DHT is forbidden in tests/)
  })

  it.each(['10.0.0.1', '192.168.1.2', '8.8.8.8', 'node1.hyperdht.org', '0.0.0.0', '127.0.0.2', '::'])('refuses a bootstrap node at %s in tests', (host) => {
    expect(() => assertNetworkAllowed(loopback(host), TEST)).toThrow(`PLANET_TEST=1: bootstrap ${host}:49737 is not loopback`)
  })

  it('refuses the list if any node is not loopback', () => {
    expect(() => assertNetworkAllowed({ bootstrap: [{ host: '127.0.0.1', port: 1 }, { host: '1.2.3.4', port: 2 }] }, TEST)).toThrow(/1\.2\.3\.4:2 is not loopback/)
  })

  it('refuses a DHT host that is not loopback in tests', () => {
    expect(() => assertNetworkAllowed({ bootstrap: [{ host: '127.0.0.1', port: 1 }], host: '0.0.0.0' }, TEST)).toThrow('PLANET_TEST=1: DHT host 0.0.0.0 is not loopback')
  })

  it.each(['127.0.0.1', 'localhost', '::1'])('allows loopback %s in tests', (host) => {
    expect(() => assertNetworkAllowed(loopback(host), TEST)).not.toThrow()
    expect(() => assertNetworkAllowed({ ...loopback(host), host }, TEST)).not.toThrow()
  })

  it('allows no network at all in tests', () => {
    expect(() => assertNetworkAllowed('off', TEST)).not.toThrow()
  })

  it.each([{}, { PLANET_TEST: '0' }, { PLANET_TEST: '' }, { PLANET_TEST: 'true' }])('allows everything outside tests (%j)', (env) => {
    expect(() => assertNetworkAllowed('public', env)).not.toThrow()
    expect(() => assertNetworkAllowed({ bootstrap: [{ host: '8.8.8.8', port: 53 }], host: '0.0.0.0' }, env)).not.toThrow()
  })

  it('reads process.env by default, which the test setup marks', () => {
    expect(process.env.PLANET_TEST).toBe('1')
    expect(() => assertNetworkAllowed('public')).toThrow(/forbidden in tests/)
  })
})
