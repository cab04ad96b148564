// Serves a built static app (a Vite dist/) under a sub-path, the way any static host would,
// plus the deployment's config.json — for local runs and Playwright tests. GET and HEAD
// only, no directory listings, nothing outside `root`, correct MIME types (application/wasm
// matters: browsers compile wasm while streaming only with it).

import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { extname, join, resolve, sep } from 'node:path'

export interface StaticServerOptions {
  /** The folder to serve (e.g. example-app/dist). */
  readonly root: string
  /** URL path the app lives under, e.g. "/apps/board/". Default "/". */
  readonly basePath?: string
  /** Served as <basePath>config.json (never cached); omitted → 404, like a host without one. */
  readonly config?: unknown
  /** Default 0: a free port. */
  readonly port?: number
  /** Default 127.0.0.1: a secure context for WebCrypto without TLS. */
  readonly host?: string
}

export interface RunningStaticServer {
  /** The app's URL, ending in basePath, e.g. http://127.0.0.1:5173/apps/board/ */
  readonly url: string
  readonly origin: string
  readonly port: number
  close(): Promise<void>
}

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
}

/** Content-hashed build files may be cached forever; everything else must be revalidated. */
const IMMUTABLE = /^assets\/.+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/

export function startStaticServer(options: StaticServerOptions): Promise<RunningStaticServer> {
  const root = resolve(options.root)
  const basePath = normaliseBasePath(options.basePath ?? '/')
  const configBody = options.config === undefined ? undefined : JSON.stringify(options.config, null, 2)
  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) send(response, 500, 'internal error')
      else response.destroy()
    })
  })

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'method not allowed', { Allow: 'GET, HEAD' })
    let pathname: string
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)
    } catch {
      return send(response, 400, 'bad request')
    }
    if (pathname === basePath.slice(0, -1) && basePath !== '/') return send(response, 308, '', { Location: basePath })
    if (!pathname.startsWith(basePath)) return send(response, 404, 'not found')
    const relative = pathname.slice(basePath.length)
    if (relative === 'config.json') {
      if (configBody === undefined) return send(response, 404, 'no config.json')
      return send(response, 200, configBody, { 'Content-Type': MIME_TYPES['.json']!, 'Cache-Control': 'no-store' }, request.method === 'HEAD')
    }
    const file = resolve(root, relative === '' ? 'index.html' : relative)
    if (file !== root && !file.startsWith(root + sep)) return send(response, 404, 'not found')
    const info = await stat(file).catch(() => undefined)
    const target = info?.isDirectory() ? join(file, 'index.html') : file
    const targetInfo = info?.isDirectory() ? await stat(target).catch(() => undefined) : info
    if (!targetInfo?.isFile()) return send(response, 404, 'not found')
    response.writeHead(200, {
      'Content-Type': MIME_TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': String(targetInfo.size),
      'Cache-Control': IMMUTABLE.test(relative) ? 'public, max-age=31536000, immutable' : 'no-cache',
      'X-Content-Type-Options': 'nosniff',
    })
    if (request.method === 'HEAD') return void response.end()
    createReadStream(target).on('error', () => response.destroy()).pipe(response)
  }

  return new Promise((resolvePromise, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${options.port} is already in use (static server)`) : error)
    })
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      const { port, address } = server.address() as AddressInfo
      const origin = `http://${address.includes(':') ? `[${address}]` : address}:${port}`
      resolvePromise({
        url: origin + basePath,
        origin,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done())
            server.closeAllConnections()
          }),
      })
    })
  })
}

function normaliseBasePath(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '')
  return trimmed === '' ? '/' : `/${trimmed}/`
}

function send(response: ServerResponse, status: number, body: string, headers: Record<string, string> = {}, headOnly = false): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': String(Buffer.byteLength(body)), ...headers })
  response.end(headOnly ? undefined : body)
}
