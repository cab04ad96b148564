// A loopback HTTP server that answers the way S3 does when things go wrong (403 with an XML
// error body, 503 SlowDown …), for failures s3rver cannot produce.

import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'

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
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections() // the SDK keeps sockets alive
        server.close(() => resolve())
      }),
  }
}

/** A port that nothing listens on (the OS just handed it out and took it back). */
export async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
