// Runs s3rver (an S3-compatible server written in Node) as a child process: for an app's
// tests, Playwright runs and local development (pass a persistent `dir`). s3rver is an optional
// peer dependency of clientful: install it beside clientful to use this. Without
// --openssl-legacy-provider every paged ListObjectsV2 it answers is a 500.

import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { waitForListeningLine } from './wait-for-listening.ts'

const S3RVER_BIN = createRequire(import.meta.url).resolve('s3rver/bin/s3rver.js')
const READY_TIMEOUT_MS = 20_000

// Browsers talk to the bucket directly, so it must answer CORS preflights from any origin.
const PERMISSIVE_CORS = `<CORSConfiguration>
  <CORSRule>
    <AllowedOrigin>*</AllowedOrigin>
    ${['GET', 'PUT', 'POST', 'DELETE', 'HEAD'].map((m) => `<AllowedMethod>${m}</AllowedMethod>`).join('\n    ')}
    <AllowedHeader>*</AllowedHeader>
    <ExposeHeader>ETag</ExposeHeader>
    <MaxAgeSeconds>3000</MaxAgeSeconds>
  </CORSRule>
</CORSConfiguration>
`

export interface S3rverOptions {
  /** Created (and given the CORS rules) at startup if missing. Default "clientful". */
  readonly bucket?: string
  /** Data folder, kept on stop. Default: a fresh temp folder, removed on stop. */
  readonly dir?: string
  /** Default 0: the OS picks a free port, which s3rver then reports. */
  readonly port?: number
}

export interface RunningS3rver {
  readonly endpoint: string
  readonly bucket: string
  readonly port: number
  readonly dir: string
  /** s3rver's built-in account; it rejects any other key or secret. */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string }
  stop(): Promise<void>
}

export async function startS3rver(options: S3rverOptions = {}): Promise<RunningS3rver> {
  const bucket = options.bucket ?? 'clientful'
  const ownsDir = options.dir === undefined
  const dir = options.dir ?? (await mkdtemp(join(tmpdir(), 'clientful-s3rver-')))
  await mkdir(dir, { recursive: true })
  const configDir = await mkdtemp(join(tmpdir(), 'clientful-s3rver-config-'))
  const corsFile = join(configDir, 'cors.xml')
  await writeFile(corsFile, PERMISSIVE_CORS)

  // -p 0 plus s3rver's own "listening on" line (printed after listen() and bucket setup)
  // avoids both the pick-a-port-then-reuse race and polling.
  const args = ['--openssl-legacy-provider', S3RVER_BIN, '-d', dir, '-a', '127.0.0.1', '-p', String(options.port ?? 0)]
  const child = spawn(process.execPath, [...args, '-s', '--configure-bucket', bucket, corsFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const killOnExit = (): void => void child.kill()
  process.once('exit', killOnExit) // never leave an orphan server behind a crashed test run

  const cleanUp = async (): Promise<void> => {
    child.kill()
    await exited
    process.off('exit', killOnExit)
    await rm(configDir, { recursive: true, force: true })
    if (ownsDir) await rm(dir, { recursive: true, force: true })
  }

  let port: number
  try {
    port = await waitForListeningLine(child, READY_TIMEOUT_MS)
  } catch (error) {
    await cleanUp()
    throw error
  }
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    port,
    dir,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    stop: cleanUp,
  }
}
