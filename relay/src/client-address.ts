// The address a connection is counted under for the per-address limit. Behind `trustedProxies`
// proxies that each append the address they saw to X-Forwarded-For, the client's is that many
// entries from the right (entries further left are whatever the client wrote: not trusted).
// IPv6 clients are grouped by /64, the block one subscriber usually gets; IPv4-mapped IPv6
// addresses count as the IPv4 address.

import type { IncomingMessage } from 'node:http'
import { isIPv4, isIPv6 } from 'node:net'

export function clientAddressOf(request: IncomingMessage, trustedProxies: number): string {
  const peer = request.socket.remoteAddress ?? 'unknown'
  if (trustedProxies === 0) return addressGroup(peer)
  const header = request.headers['x-forwarded-for']
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((entry) => entry.trim()).filter(Boolean)
  const chain = [...forwarded, peer]
  return addressGroup(chain[Math.max(0, chain.length - 1 - trustedProxies)]!)
}

/** The key one address is counted under: IPv4 as is, IPv6 by its /64. */
export function addressGroup(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return mapped[1]!
  if (isIPv4(address)) return address
  if (!isIPv6(address)) return address.slice(0, 64) // not an address (a header we were told to trust): a key all the same
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`
}

function expandIPv6(address: string): string[] {
  const [head = '', tail] = address.split('%')[0]!.split('::') as [string, string | undefined]
  const parts = (part: string): string[] => (part === '' ? [] : part.split(':'))
  const left = parts(head)
  const right = tail === undefined ? [] : parts(tail)
  // An embedded IPv4 tail (::1.2.3.4) counts as two groups; only the first four matter here.
  const width = right.some((p) => p.includes('.')) || left.some((p) => p.includes('.')) ? 7 : 8
  const zeros = tail === undefined ? [] : new Array<string>(Math.max(0, width - left.length - right.length)).fill('0')
  return [...left, ...zeros, ...right].map((group) => group.toLowerCase().replace(/^0+(?=.)/, ''))
}
