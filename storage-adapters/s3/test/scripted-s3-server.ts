// A loopback HTTP server that answers the way S3 does when things go wrong (403 with an XML
// error body, 503 SlowDown …), for failures s3rver cannot produce.

import { createServer, type IncomingMessage } from 'node:http'
import { listenOnLoopback } from '../../../scripts/services/loopback.ts'

export interface ScriptedResponse {
  readonly status: number
  /** S3 error code for the XML error body; omit for a success with `body`. */
  readonly code?: string
  readonly body?: Uint8Array
}

export interface ScriptedS3Server {
  readonly endpoint: string
  /** "METHOD /path?query" of every request received, in order. */
  readonly requests: string[]
  stop(): Promise<void>
}

export function s3ErrorXml(code: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>scripted ${code}</Message><RequestId>scripted</RequestId></Error>`
}

export async function startScriptedS3Server(
  respond: (request: IncomingMessage, index: number) => ScriptedResponse,
): Promise<ScriptedS3Server> {
  const requests: string[] = []
  const server = createServer((request, response) => {
    const index = requests.push(`${request.method} ${request.url}`) - 1
    request.resume() // drain upload bodies before answering
    request.on('end', () => {
      const { status, code, body } = respond(request, index)
      if (code !== undefined) {
        response.writeHead(status, { 'content-type': 'application/xml' }).end(s3ErrorXml(code))
      } else {
        response.writeHead(status, { 'content-type': 'application/octet-stream' }).end(body ?? new Uint8Array())
      }
    })
  })
  const { url, stop } = await listenOnLoopback(server)
  return { endpoint: url, requests, stop }
}
