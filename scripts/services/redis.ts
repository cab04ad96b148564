// A throwaway redis-server for tests and `npm start`: a free port, no persistence, ready when
// it answers PING. Set REDIS_SERVER to use a binary that is not on PATH.

import { spawn, type ChildProcess } from 'node:child_process'
import { createConnection, createServer } from 'node:net'

export interface RunningRedis {
  readonly url: string
  readonly port: number
  stop(): Promise<void>
}

const READY_TIMEOUT_MS = 10_000

/** Starts redis-server on `port` (default: a free one) and resolves once it answers PING. */
export async function startRedis(options: { port?: number } = {}): Promise<RunningRedis> {
  if (options.port !== undefined) return startRedisOn(options.port)
  // Another process may grab the free port before redis-server binds it: try a few.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startRedisOn(await freePort())
    } catch (error) {
      if (attempt >= 3 || !(error instanceof Error) || !error.message.includes('exited early')) throw error
    }
  }
}

async function startRedisOn(port: number): Promise<RunningRedis> {
  const binary = process.env.REDIS_SERVER ?? 'redis-server'
  const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const killOnExit = (): void => void child.kill('SIGKILL')
  process.once('exit', killOnExit) // never leave an orphan behind a crashed test run

  try {
    await waitUntilReady(child, port, binary)
  } catch (error) {
    process.off('exit', killOnExit)
    child.kill('SIGKILL')
    throw error
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async stop() {
      process.off('exit', killOnExit)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}

function waitUntilReady(child: ChildProcess, port: number, binary: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = ''
    let settled = false
    const finish = (error?: Error): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      child.stdout?.off('data', onOutput)
      if (error) reject(error)
      else resolve()
    }
    const onOutput = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-4_000)
      // Redis logs this once the port is open; PING confirms it from the client side.
      if (output.includes('Ready to accept connections')) ping(port).then(() => finish(), (error: Error) => finish(error))
    }
    const timer = setTimeout(() => finish(new Error(`redis-server did not become ready within ${READY_TIMEOUT_MS} ms:\n${output}`)), READY_TIMEOUT_MS)
    child.stdout?.on('data', onOutput)
    child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-4_000)))
    child.once('error', (error: NodeJS.ErrnoException) => {
      finish(
        error.code === 'ENOENT'
          ? new Error(`${binary} is not installed: run \`apt-get install -y redis-server\` or set REDIS_SERVER to its path`)
          : error,
      )
    })
    child.once('exit', (code, signal) => finish(new Error(`redis-server exited early (${signal ?? code}):\n${output}`)))
  })
}

function ping(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    let reply = ''
    socket.once('connect', () => socket.write('PING\r\n'))
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1')
      if (!reply.includes('\r\n')) return
      socket.destroy()
      if (reply.startsWith('+PONG')) resolve()
      else reject(new Error(`redis-server answered PING with ${JSON.stringify(reply)}`))
    })
    socket.once('error', reject)
  })
}

/** A port the OS just handed out; redis-server binds it right after (a tiny race we accept). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))))
    })
  })
}
