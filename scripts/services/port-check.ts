// Fails early, in one line, when a fixed port is taken, instead of letting each server die
// with its own stack trace. (Another process could still take the port in between: rare.)

import { createServer } from 'node:net'

export class PortInUseError extends Error {
  constructor(port: number, what: string, envName: string) {
    super(`port ${port} (${what}) is already in use: stop whatever holds it or set ${envName} to another port`)
    this.name = 'PortInUseError'
  }
}

export function assertPortFree(port: number, what: string, envName: string, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' || error.code === 'EACCES' ? new PortInUseError(port, what, envName) : error),
    )
    probe.listen(port, host, () => probe.close(() => resolve()))
  })
}

/** A port from the environment, or the default; anything else than 1–65535 is a usage error. */
export function portFromEnv(envName: string, fallback: number): number {
  const raw = process.env[envName]
  if (raw === undefined || raw === '') return fallback
  const port = Number(raw)
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`${envName} must be a port number from 1 to 65535, got "${raw}"`)
  return port
}
