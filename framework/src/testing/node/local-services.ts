// Everything a Clientful app talks to, on this machine: an S3-compatible server (s3rver) with
// a bucket whose CORS rules let the browser in, and a relay. For an app's tests and for
// running it locally; `appConfig()` is the config.json such an app reads at startup.

import { startRelay, type RunningRelay } from './relay.ts'
import { startS3rver, type RunningS3rver } from './s3rver.ts'

export interface LocalServicesOptions {
  /** s3rver's data folder, kept on stop (e.g. `.clientful-dev/s3`). Default: a temp folder. */
  readonly s3Dir?: string
  /** Default 0 (free ports). */
  readonly s3Port?: number
  readonly relayPort?: number
  /** Default "clientful". */
  readonly bucket?: string
}

export interface LocalServices {
  readonly s3: RunningS3rver
  readonly relay: RunningRelay
  /** s3://BUCKET/PREFIX?endpoint=…: a storage URL in the local bucket; each prefix is its own root. */
  storageUrl(prefix?: string): string
  /** What an app's config.json holds for these services: storage (URL and keys) and relay. */
  appConfig(prefix?: string): AppConfig
  stop(): Promise<void>
}

/** The config.json shape the example app and the create-clientful-app template read. */
export interface AppConfig {
  readonly storage: { readonly url: string; readonly accessKeyId: string; readonly secretAccessKey: string }
  readonly relay: string
}

export async function startLocalServices(options: LocalServicesOptions = {}): Promise<LocalServices> {
  const s3 = await startS3rver({
    ...(options.s3Dir !== undefined && { dir: options.s3Dir }),
    ...(options.s3Port !== undefined && { port: options.s3Port }),
    ...(options.bucket !== undefined && { bucket: options.bucket }),
  })
  let relay: RunningRelay
  try {
    relay = await startRelay({ port: options.relayPort ?? 0 })
  } catch (error) {
    await s3.stop()
    throw error
  }
  const storageUrl = (prefix = 'app'): string => `s3://${s3.bucket}/${prefix}?endpoint=${s3.endpoint}&region=us-east-1&forcePathStyle=true`
  return {
    s3,
    relay,
    storageUrl,
    appConfig: (prefix) => ({ storage: { url: storageUrl(prefix), ...s3.credentials }, relay: relay.url }),
    async stop() {
      await relay.close().catch(() => undefined)
      await s3.stop()
    },
  }
}
