// The storages a Clientful benchmark runs against: a local folder (the floor: no network) and
// s3rver, an S3-compatible server on loopback (HTTP and the AWS SDK in the path, as with a
// real bucket, minus the internet's latency). Each run gets a fresh, empty root.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { StorageOpener } from 'clientful'
import { openFileUrl } from '@clientful/storage-local'
import { openS3Url } from '@clientful/storage-s3'
import { startS3rver } from '../scripts/services/s3rver.ts'

export interface StorageRoot {
  readonly url: string
  readonly open: StorageOpener
  dispose(): Promise<void>
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

export async function s3rverBackend(): Promise<StorageBackend> {
  const server = await startS3rver()
  let runs = 0
  return {
    name: 's3rver',
    async freshRoot() {
      // A new prefix per run: the bucket is shared, the workspace roots are not.
      const url = `s3://${server.bucket}/run-${++runs}?endpoint=${encodeURIComponent(server.endpoint)}&region=us-east-1`
      return { url, open: (u) => openS3Url(u, server.credentials), dispose: async () => {} }
    },
    stop: () => server.stop(),
  }
}
