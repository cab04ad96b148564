// The storages a Clientful benchmark runs against: a local folder (the floor: no network),
// s3rver, an S3-compatible server on loopback (HTTP and the AWS SDK in the path, as with a
// real bucket, minus the internet's latency), and google-drive-mock (the Drive REST API on
// loopback). Each run gets a fresh, empty root.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { StorageOpener } from 'clientful'
import { openFileUrl } from '@clientful/storage-local'
import { openS3Url } from '@clientful/storage-s3'
import { startS3rver } from '../scripts/services/s3rver.ts'
import { childCpu } from './child-cpu.ts'

export interface StorageRoot {
  readonly url: string
  readonly open: StorageOpener
  /** HTTP requests the adapter sent, where one storage call can be several (Drive). */
  readonly wire?: WireTally
  dispose(): Promise<void>
}

export interface WireTally {
  requests: number
  /** Creates, updates and deletes: what Drive rate-limits to about 3 per second per user. */
  writes: number
}

export interface StorageBackend {
  readonly name: string
  freshRoot(): Promise<StorageRoot>
  stop(): Promise<void>
}

export function localFolderBackend(): StorageBackend {
  return {
    name: 'local folder',
    async freshRoot() {
      const dir = await mkdtemp(join(tmpdir(), 'clientful-bench-storage-'))
      return { url: pathToFileURL(dir).href, open: openFileUrl, dispose: () => rm(dir, { recursive: true, force: true }) }
    },
    async stop() {},
  }
}

export interface S3rverBackend extends StorageBackend {
  /** s3rver's account, for a client of the bench's own (the attachments suite's raw baseline). */
  readonly credentials: { readonly accessKeyId: string; readonly secretAccessKey: string }
  /** CPU ms s3rver's process has used so far (Linux only; 10 ms resolution), else undefined. */
  serverCpuMs(): number | undefined
}

export async function s3rverBackend(): Promise<S3rverBackend> {
  const server = await startS3rver()
  let runs = 0
  return {
    name: 's3rver',
    credentials: server.credentials,
    serverCpuMs: childCpu('s3rver'),
    async freshRoot() {
      // A new prefix per run: the bucket is shared, the workspace roots are not.
      const url = `s3://${server.bucket}/run-${++runs}?endpoint=${encodeURIComponent(server.endpoint)}&region=us-east-1`
      return { url, open: (u) => openS3Url(u, server.credentials), dispose: async () => {} }
    },
    stop: () => server.stop(),
  }
}

/**
 * google-drive-mock on loopback, through @clientful/storage-gdrive with write pacing off (the
 * adapter's default, 2.5 writes/s, would dominate building the workspace; the new device's few
 * writes fit in its burst anyway). Loaded lazily: the bench runs without it.
 */
export async function driveMockBackend(): Promise<StorageBackend> {
  const { startDriveMock } = await import('../scripts/services/drive-mock.ts')
  const { openGdriveUrl } = await import('@clientful/storage-gdrive')
  const mock = await startDriveMock()
  let runs = 0
  return {
    name: 'drive mock',
    async freshRoot() {
      const folder = await mock.createFolder(`run-${++runs}`)
      const url = `gdrive://${folder}?api=${encodeURIComponent(mock.url)}`
      const wire: WireTally = { requests: 0, writes: 0 }
      const counted: typeof fetch = (input, init) => {
        wire.requests++
        if ((init?.method ?? 'GET') !== 'GET') wire.writes++
        return fetch(input, init)
      }
      return { url, open: (u) => openGdriveUrl(u, mock.token, { pacing: false, fetch: counted }), wire, dispose: async () => {} }
    },
    stop: () => mock.stop(),
  }
}
