// A reverse proxy on loopback in front of an S3-compatible server (s3rver), for fault tests:
// tests program what real storage does on a bad day (5xx and 429 answers, connections dropped
// mid-upload, listings that lag behind new files, a full quota, expired credentials) and read
// back every request that reached it. Real sockets; path-style requests (`/bucket/key`).

import { createServer, request as httpRequest, Agent, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export type RequestKind = 'list' | 'read' | 'write' | 'delete' | 'other'

export interface ProxiedRequest {
  readonly method: string
  readonly kind: RequestKind
  /** The object key (with the root prefix), or for a listing its `prefix` parameter. */
  readonly key: string
  /** Forwarded upstream, answered with an injected error, or its connection cut. */
  readonly outcome: 'forwarded' | 'failed' | 'dropped'
  /** The status the client got (none when dropped). */
  readonly status?: number
}

export type RequestMatcher = (request: Pick<ProxiedRequest, 'method' | 'kind' | 'key'>) => boolean

export interface FailRule {
  readonly status: number
  /** S3 error code for the XML body, e.g. SlowDown, InternalError, XMinioStorageFull. */
  readonly code: string
  /** How many matching requests fail; Infinity until clear(). Default 1. */
  readonly times?: number
  /** Default: every request. */
  readonly match?: RequestMatcher
}

export interface FaultProxy {
  /** Use as the S3 endpoint. */
  readonly endpoint: string
  /** Every request received, in arrival order. */
  readonly requests: readonly ProxiedRequest[]
  /** How many received requests match. */
  count(match?: (request: ProxiedRequest) => boolean): number
  /** Answers the next `times` matching requests with `status` and an S3 error body. */
  fail(rule: FailRule): void
  /**
   * Forwards half of the next `times` matching uploads (default 1), then cuts both connections.
   * What the server keeps is up to it: S3 keeps nothing, s3rver keeps the torn half.
   */
  dropMidUpload(options?: { times?: number; match?: RequestMatcher }): void
  /**
   * Listings omit keys first uploaded from now on (those `match` picks: default all) until
   * `ms` after their upload, or clear(). Reads by key still find them, as on S3-likes that lag.
   */
  hideNewKeys(ms: number, match?: (key: string) => boolean): void
  /**
   * Holds matching requests (not forwarded, not answered) until release() or clear(), so a
   * test can kill a client while its request is in flight. Resolves when the first arrives.
   */
  stall(match: RequestMatcher): Promise<void>
  /** Forwards every held request and stops holding. */
  release(): void
  /** Uploads answer 403 QuotaExceeded (Ceph RGW's bucket and user quota error). */
  quotaExceeded(on: boolean): void
  /** Every request answers 400 ExpiredToken, as S3 does once a session token ran out (not 403). */
  expiredCredentials(on: boolean): void
  /** Ends every fault (hidden keys show up at once); the request log stays. */
  clear(): void
  stop(): Promise<void>
}

interface ActiveRule {
  readonly status: number
  readonly code: string
  remaining: number
  readonly match: RequestMatcher
}

const everything: RequestMatcher = () => true

function kindOf(method: string, key: string, query: URLSearchParams): RequestKind {
  if (method === 'GET' && key === '' && query.has('list-type')) return 'list'
  if (key === '') return 'other'
  if (method === 'GET' || method === 'HEAD') return 'read'
  if (method === 'PUT' || method === 'POST') return 'write'
  return method === 'DELETE' ? 'delete' : 'other'
}

const escapeXml = (text: string): string => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`)
const unescapeXml = (text: string): string =>
  text.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_, entity: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
    if (entity[0] !== '#') return named[entity.toLowerCase()]!
    return String.fromCodePoint(entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : Number(entity.slice(1)))
  })

export function s3ErrorBody(code: string, resource: string): string {
  const message = `${code} (injected by the fault proxy)`
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message><Resource>${escapeXml(resource)}</Resource><RequestId>fault-proxy</RequestId></Error>`
}

/** Drops the `<Contents>` entries whose key `hide` picks from a ListObjectsV2 answer. */
export function omitListedKeys(xml: string, urlEncodedKeys: boolean, hide: (key: string) => boolean): string {
  let omitted = 0
  const kept = xml.replace(/<Contents>[\s\S]*?<\/Contents>/g, (entry) => {
    const raw = /<Key>([\s\S]*?)<\/Key>/.exec(entry)?.[1]
    if (raw === undefined) return entry
    const key = unescapeXml(raw)
    if (!hide(urlEncodedKeys ? decodeURIComponent(key) : key)) return entry
    omitted++
    return ''
  })
  return omitted === 0 ? xml : kept.replace(/<KeyCount>(\d+)<\/KeyCount>/, (_, n: string) => `<KeyCount>${Number(n) - omitted}</KeyCount>`)
}

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const target = new URL(upstream)
  // A fresh upstream connection per request: a reused one the server is just closing would
  // fail a request with a fault nobody injected.
  const agent = new Agent({ keepAlive: false })
  const requests: ProxiedRequest[] = []
  let rules: ActiveRule[] = []
  let drops: { remaining: number; match: RequestMatcher } | undefined
  let hiding: { since: number; ms: number; match: (key: string) => boolean } | undefined
  let quota = false
  let expired = false
  let stalling: { match: RequestMatcher; arrived: () => void } | undefined
  const held: (() => void)[] = []
  /** Key → when it was first uploaded through the proxy (since its last delete). */
  const firstUpload = new Map<string, number>()

  const isHidden = (key: string, now: number): boolean => {
    const at = firstUpload.get(key)
    return hiding !== undefined && at !== undefined && at >= hiding.since && now - at < hiding.ms && hiding.match(key)
  }

  const answerError = (request: IncomingMessage, response: ServerResponse, status: number, code: string): void => {
    request.resume() // read the upload before answering, as S3 does
    request.on('end', () => {
      const body = request.method === 'HEAD' ? '' : s3ErrorBody(code, request.url ?? '/')
      response.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) }).end(body)
    })
  }

  const forward = (request: IncomingMessage, response: ServerResponse, kind: RequestKind, query: URLSearchParams, record: (status?: number) => void): void => {
    const headers = { ...request.headers }
    if (kind === 'list') delete headers['accept-encoding'] // the listing is rewritten as plain text
    const upstreamRequest = httpRequest({ host: target.hostname, port: target.port, method: request.method, path: request.url, headers, agent }, (answer) => {
      record(answer.statusCode)
      if (kind !== 'list' || hiding === undefined || answer.statusCode !== 200) {
        response.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(response)
        return
      }
      const chunks: Buffer[] = []
      answer.on('data', (chunk: Buffer) => chunks.push(chunk))
      answer.on('end', () => {
        const now = Date.now()
        const xml = omitListedKeys(Buffer.concat(chunks).toString('utf8'), query.get('encoding-type') === 'url', (key) => isHidden(key, now))
        response.writeHead(200, { ...answer.headers, 'content-length': Buffer.byteLength(xml) }).end(xml)
      })
    })
    upstreamRequest.on('error', () => {
      record()
      response.destroy()
    })
    request.pipe(upstreamRequest)
  }

  const dropMidway = (request: IncomingMessage): void => {
    // The server gets the first half as a whole upload (the worst a torn connection can leave:
    // s3rver, unlike S3, keeps a torn half), and the client's connection is cut only once the
    // server has answered it. Cutting both at once let the server store the torn half after
    // the client's retry had stored the whole file, under load.
    const half = Math.floor(Number(request.headers['content-length'] ?? 0) / 2)
    const upstreamRequest = httpRequest({ host: target.hostname, port: target.port, method: request.method, path: request.url, headers: { ...request.headers, 'content-length': String(half) }, agent })
    const cut = (): void => void request.socket.destroy()
    upstreamRequest.on('error', cut)
    upstreamRequest.on('response', (answer) => {
      answer.resume()
      answer.on('end', cut)
    })
    let sent = 0
    request.on('data', (chunk: Buffer) => {
      if (sent >= half) return
      const part = chunk.subarray(0, half - sent)
      sent += part.length
      upstreamRequest.write(part)
      if (sent >= half) upstreamRequest.end()
    })
    request.on('end', () => {
      if (sent < half) upstreamRequest.end()
    })
  }

  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://proxy')
    const method = request.method ?? 'GET'
    const [, , ...rest] = url.pathname.split('/') // '', bucket, key…
    const key = rest.length > 0 ? decodeURIComponent(rest.join('/')) : ''
    const kind = kindOf(method, key, url.searchParams)
    const shown = { method, kind, key: kind === 'list' ? (url.searchParams.get('prefix') ?? '') : key }
    // Logged on arrival; a forwarded request gets its status once upstream answers.
    const log = (outcome: ProxiedRequest['outcome'], status?: number): { status?: number } => {
      const entry: { -readonly [K in keyof ProxiedRequest]: ProxiedRequest[K] } = { ...shown, outcome, ...(status !== undefined && { status }) }
      requests.push(entry)
      return entry
    }

    const injected =
      (expired && { status: 400, code: 'ExpiredToken' }) ||
      (quota && kind === 'write' && { status: 403, code: 'QuotaExceeded' }) ||
      rules.find((r) => r.remaining > 0 && r.match(shown))
    if (injected) {
      if ('remaining' in injected) injected.remaining--
      log('failed', injected.status)
      answerError(request, response, injected.status, injected.code)
      return
    }
    if (kind === 'write' && drops && drops.remaining > 0 && drops.match(shown)) {
      drops.remaining--
      log('dropped')
      dropMidway(request)
      return
    }
    const go = (): void => {
      if (kind === 'write' && !firstUpload.has(key)) firstUpload.set(key, Date.now())
      if (kind === 'delete') firstUpload.delete(key)
      const entry = log('forwarded')
      forward(request, response, kind, url.searchParams, (status) => {
        if (status !== undefined) entry.status = status
      })
    }
    if (stalling?.match(shown)) {
      request.pause() // the body waits in the socket until released
      held.push(go)
      stalling.arrived()
      return
    }
    go()
  })
  server.keepAliveTimeout = 60_000 // longer than any test idles, for the same reason as above
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  let stopped: Promise<void> | undefined
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    count: (match = () => true) => requests.filter(match).length,
    fail({ status, code, times = 1, match = everything }) {
      rules.push({ status, code, remaining: times, match })
    },
    dropMidUpload({ times = 1, match = everything } = {}) {
      drops = { remaining: times, match }
    },
    hideNewKeys(ms, match = () => true) {
      hiding = { since: Date.now(), ms, match }
    },
    stall(match) {
      return new Promise<void>((arrived) => {
        stalling = { match, arrived }
      })
    },
    release() {
      stalling = undefined
      for (const go of held.splice(0)) go()
    },
    quotaExceeded(on) {
      quota = on
    },
    expiredCredentials(on) {
      expired = on
    },
    clear() {
      stalling = undefined
      for (const go of held.splice(0)) go()
      rules = []
      drops = hiding = undefined
      quota = expired = false
    },
    stop() {
      stopped ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections() // the SDK keeps sockets alive
        agent.destroy()
      })
      return stopped
    },
  }
}
