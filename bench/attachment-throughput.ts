// One 50 MB attachment through s3rver: Clientful against a raw PutObject/GetObject of the same
// bytes with the same S3 client settings. Three variants, run in the same rounds:
// - `raw S3 adapter`: `write` then `read` of one 50 MB object through @clientful/storage-s3
//   (createS3Storage via openS3Url: the adapter Clientful itself uses, same client settings);
// - `AWS SDK direct`: PutObjectCommand / GetObjectCommand on an S3Client configured as the
//   adapter configures its own (so only the adapter's thin layer differs);
// - `clientful`: device A's `attachments.add(bytes)` (encrypt chunk by chunk into the device's
//   local store, queue the upload), then `sync()` (nothing else pending: the upload of the
//   chunks, 13 of the default 4 MiB, and the manifest); a fresh device B's `attachments.bytes(ref)` (cold: manifest,
//   chunks from storage, verified, decrypted, cached locally), then the same call again (warm:
//   from B's local cache).
// Every run starts from fresh devices and a fresh prefix; each timed phase starts after
// settle() (garbage collected, dirty pages written back); the bytes read back are checked.

import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import { parseS3Url } from '@clientful/storage-s3'
import { openNodeClient } from 'clientful/node'
import { countingStorage, emptyTally, requestsIn, tallySince } from './counting-storage.ts'
import { time, type RunResult, type Timed, type Variant } from './harness.ts'
import { settle } from './settle.ts'
import type { S3rverBackend } from './storage-backends.ts'

/** 50 MB, in MiB (2^20 bytes) as chunk sizes are: 12.5 chunks of Clientful's default 4 MiB. */
export const MB = 1024 * 1024
export const ATTACHMENT_MB = 50
export const ATTACHMENT_BYTES = ATTACHMENT_MB * MB

export const RAW_ADAPTER = 'raw S3 adapter'
export const SDK_DIRECT = 'AWS SDK direct'
export const CLIENTFUL = 'clientful'

/** Incompressible content, made once and shared by every variant and run. */
export function attachmentContent(): () => Uint8Array {
  let content: Uint8Array | undefined
  return () => (content ??= new Uint8Array(randomBytes(ATTACHMENT_BYTES)))
}

export function rawAdapterVariant(backend: S3rverBackend, content: () => Uint8Array): Variant {
  return {
    name: RAW_ADAPTER,
    async run() {
      const root = await backend.freshRoot()
      const storage = await root.open(root.url)
      const path = 'raw/object.bin'
      const bytes = content()
      try {
        settle()
        const up = await timeWithServer(backend, () => storage.write(path, bytes))
        settle()
        const down = await timeWithServer(backend, async () => (await storage.read(path))!)
        check(down.value, bytes, RAW_ADAPTER)
        return transfer(up, down)
      } finally {
        await storage.delete(path)
      }
    },
  }
}

export function sdkDirectVariant(backend: S3rverBackend, content: () => Uint8Array): Variant {
  return {
    name: SDK_DIRECT,
    async run() {
      const root = await backend.freshRoot()
      const { bucket, prefix, endpoint, region } = parseS3Url(root.url)
      // The settings createS3Storage gives its own client (storage-adapters/s3/src/s3-storage.ts).
      const client = new S3Client({
        region,
        ...(endpoint !== undefined && { endpoint }),
        credentials: backend.credentials,
        forcePathStyle: true,
        requestChecksumCalculation: 'WHEN_REQUIRED',
        responseChecksumValidation: 'WHEN_REQUIRED',
        maxAttempts: 3,
        followRegionRedirects: true,
        requestHandler: { connectionTimeout: 10_000, requestTimeout: 120_000, throwOnRequestTimeout: true },
      })
      const Key = `${prefix}/raw/object.bin`
      const bytes = content()
      try {
        settle()
        const up = await timeWithServer(backend, () => client.send(new PutObjectCommand({ Bucket: bucket, Key, Body: bytes, ContentType: 'application/octet-stream' })))
        settle()
        const down = await timeWithServer(backend, async () => (await client.send(new GetObjectCommand({ Bucket: bucket, Key }))).Body!.transformToByteArray())
        check(down.value, bytes, SDK_DIRECT)
        return transfer(up, down)
      } finally {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key }))
        client.destroy()
      }
    },
  }
}

export function clientfulVariant(backend: S3rverBackend, content: () => Uint8Array): Variant {
  return { name: CLIENTFUL, run: () => clientfulRun(backend, content()) }
}

async function clientfulRun(backend: S3rverBackend, bytes: Uint8Array): Promise<RunResult> {
  const root = await backend.freshRoot()
  const tally = emptyTally()
  const openStorage = async (url: string) => countingStorage(await root.open(url), tally)
  const homes = [await mkdtemp(join(tmpdir(), 'clientful-bench-attach-a-')), await mkdtemp(join(tmpdir(), 'clientful-bench-attach-b-'))]
  const [alice, bob] = [await openNodeClient(homes[0]!, { openStorage }), await openNodeClient(homes[1]!, { openStorage })]
  try {
    const wsA = await alice.createWorkspace({ name: 'Bench', storage: root.url })
    const wsB = await bob.join(await wsA.createInvite({ role: 'writer' }))
    await wsA.sync()
    await wsB.sync()
    // What a sync with nothing to send costs (markers, membership), for reading `sync` below.
    settle()
    const idle = await time(() => wsA.sync())

    settle()
    const added = await time(() => wsA.attachments.add(bytes, { name: 'bench.bin' }))
    const ref = added.value
    settle()
    const beforeSync = { ...tally }
    const synced = await timeWithServer(backend, () => wsA.sync())
    const uploaded = tallySince(tally, beforeSync)
    if (wsA.attachments.pendingUploads !== 0) throw new Error('invalid run: the attachment is still pending after sync ')

    settle()
    const beforeCold = { ...tally }
    const cold = await timeWithServer(backend, () => wsB.attachments.bytes(ref))
    const downloaded = tallySince(tally, beforeCold)
    check(cold.value, bytes, 'clientful cold download')
    settle()
    const beforeWarm = { ...tally }
    const warm = await time(() => wsB.attachments.bytes(ref))
    if (requestsIn(tallySince(tally, beforeWarm)) !== 0) throw new Error('invalid run: the warm read went to storage')
    check(warm.value, bytes, 'clientful warm read')

    await wsA.attachments.delete(ref) // s3rver's folder would otherwise grow by 50 MB a run
    return {
      ms: {
        add: added.ms,
        sync: synced.ms,
        upload: added.ms + synced.ms,
        download: cold.ms,
        'warm read': warm.ms,
        'idle sync': idle.ms,
        'add cpu': added.cpuMs,
        'sync cpu': synced.cpuMs,
        'upload cpu': added.cpuMs + synced.cpuMs,
        'download cpu': cold.cpuMs,
        'warm read cpu': warm.cpuMs,
        'upload server cpu': synced.serverCpuMs,
        'download server cpu': cold.serverCpuMs,
      },
      counts: {
        'upload requests': requestsIn(uploaded),
        'upload bytes written': uploaded.bytesWritten,
        'download requests': requestsIn(downloaded),
        'download bytes read': downloaded.bytesRead,
      },
    }
  } finally {
    await alice.close()
    await bob.close()
    for (const home of homes) await rm(home, { recursive: true, force: true })
    await root.dispose()
  }
}

interface ServerTimed<T> extends Timed<T> {
  /** CPU ms s3rver spent meanwhile (NaN where it cannot be read). */
  readonly serverCpuMs: number
}

async function timeWithServer<T>(backend: S3rverBackend, work: () => Promise<T>): Promise<ServerTimed<T>> {
  const before = backend.serverCpuMs()
  const timed = await time(work)
  const after = backend.serverCpuMs()
  return { ...timed, serverCpuMs: before === undefined || after === undefined ? NaN : after - before }
}

function transfer(up: ServerTimed<unknown>, down: ServerTimed<unknown>): RunResult {
  return {
    ms: {
      upload: up.ms,
      download: down.ms,
      'upload cpu': up.cpuMs,
      'download cpu': down.cpuMs,
      'upload server cpu': up.serverCpuMs,
      'download server cpu': down.serverCpuMs,
    },
    counts: { 'upload requests': 1, 'upload bytes written': ATTACHMENT_BYTES, 'download requests': 1, 'download bytes read': ATTACHMENT_BYTES },
  }
}

function check(got: Uint8Array, want: Uint8Array, what: string): void {
  if (got.length !== want.length || !Buffer.from(got.buffer, got.byteOffset, got.length).equals(want)) {
    throw new Error(`invalid run: ${what} returned ${got.length} bytes that differ from the ${want.length} written`)
  }
}

/** MB/s for a phase of ATTACHMENT_BYTES. */
export function throughput(ms: number): number {
  return ATTACHMENT_MB / (ms / 1000)
}
