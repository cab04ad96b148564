// A loopback proxy in front of google-drive-mock that can answer in Drive's place (429, 403
// userRateLimitExceeded, 503, endpoints the mock lacks) and rewrite the mock's answers (to
// play Drive's lagging listings). Everything else passes through unchanged.

import { createServer, request as forward, type IncomingMessage } from 'node:http'
import { listenOnLoopback } from '../../../scripts/services/loopback.ts'

export interface ScriptedAnswer {
  readonly status: number
  /** Drive's error reason (errors[0].reason); omit for a success with `json`. */
  readonly reason?: string
  readonly json?: unknown
  /** Extra response headers, e.g. retry-after. */
  readonly headers?: Readonly<Record<string, string>>
}

export interface SeenRequest {
  readonly method: string
  /** Path and query, e.g. "/drive/v3/files?q=…" */
  readonly url: string
  readonly body: string
}

export interface DriveProxyScript {
  /** An answer for the index-th request, or undefined to pass it to the mock. */
  readonly answer?: (request: SeenRequest, index: number) => ScriptedAnswer | undefined
  /** Rewrites the mock's JSON answers (listings, file resources). */
  readonly rewrite?: (request: SeenRequest, json: unknown) => unknown
}

export interface DriveProxy {
  readonly url: string
  readonly requests: SeenRequest[]
  stop(): Promise<void>
}

export function driveErrorJson(status: number, reason: string): unknown {
  return { error: { code: status, message: `scripted ${reason}`, errors: [{ domain: 'usageLimits', reason, message: `scripted ${reason}` }] } }
}

async function readBody(message: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of message) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export async function startDriveProxy(target: string, script: DriveProxyScript): Promise<DriveProxy> {
  const requests: SeenRequest[] = []
  const server = createServer(async (incoming, outgoing) => {
    const body = await readBody(incoming)
    const seen = { method: incoming.method ?? 'GET', url: incoming.url ?? '/', body: body.toString('latin1') }
    const index = requests.push(seen) - 1
    const answer = script.answer?.(seen, index)
    if (answer !== undefined) {
      const json = answer.reason !== undefined ? driveErrorJson(answer.status, answer.reason) : (answer.json ?? {})
      outgoing.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(json))
      return
    }
    const upstream = forward(`${target}${seen.url}`, { method: seen.method, headers: { ...incoming.headers, host: new URL(target).host } }, async (reply) => {
      const replyBody = await readBody(reply)
      const isJson = (reply.headers['content-type'] ?? '').includes('application/json')
      const rewritten = isJson && script.rewrite && replyBody.length > 0 ? Buffer.from(JSON.stringify(script.rewrite(seen, JSON.parse(replyBody.toString('utf8'))))) : replyBody
      const headers = { ...reply.headers, 'content-length': String(rewritten.length) }
      delete headers['transfer-encoding']
      outgoing.writeHead(reply.statusCode ?? 502, headers).end(rewritten)
    })
    upstream.on('error', () => outgoing.destroy())
    upstream.end(body)
  })
  const { url, stop } = await listenOnLoopback(server)
  return { url, requests, stop }
}
