import { describe, expect, it } from 'vitest'
import { isLoopbackHost } from '../helpers/loopback'

/** The predicate behind the test network guard. Pure: nothing here opens a socket. */
describe('isLoopbackHost', () => {
  it.each([
    'localhost',
    'LocalHost',
    '127.0.0.1',
    '127.0.0.2',
    '127.255.255.254',
    '::1',
    '[::1]',
    '0:0:0:0:0:0:0:1',
    '0000:0000:0000:0000:0000:0000:0000:0001',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
  ])('%s is loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(true)
  })

  it.each([
    '',
    '0.0.0.0',
    '::',
    '::2',
    '128.0.0.1',
    '126.255.255.255',
    '10.0.0.1',
    '192.168.1.10',
    '8.8.8.8',
    '::ffff:8.8.8.8',
    'fe80::1',
    '2001:db8::1',
    // Host names other than localhost would need DNS to judge: refused unseen.
    'example.com',
    'localhost.example.com',
    'node1.hyperdht.org',
    // Shorthand and padded IPv4 (getaddrinfo would read them as 127.0.0.1, so would an attacker): refused.
    '127.1',
    '127.0.0.01',
    ' 127.0.0.1',
    '127.0.0.1 ',
  ])('%j is not loopback', (host) => {
    expect(isLoopbackHost(host)).toBe(false)
  })
})
