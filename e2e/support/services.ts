// The services global-setup.ts started, as the tests see them.

export const SERVICES_ENV = 'CLIENTFUL_E2E'

export interface E2eServices {
  /** The built app, e.g. http://127.0.0.1:PORT/apps/board/ */
  readonly appUrl: string
  readonly appOrigin: string
  /** The storage URL config.json offers (s3://clientful/board?endpoint=…). */
  readonly storageUrl: string
  readonly s3Endpoint: string
  /** s3rver's data folder: every object it stores, as files. */
  readonly s3Dir: string
  readonly bucket: string
  readonly s3Credentials: { readonly accessKeyId: string; readonly secretAccessKey: string }
  readonly relayUrl: string
  /** The relay fans out through this Redis; undefined when redis-server is not installed. */
  readonly redisUrl: string | undefined
  /** The Drive API test server (google-drive-mock), which config.json names as google.apiUrl. */
  readonly driveApiUrl: string
  /** The one token it accepts (config.json's google.token: local testing only). */
  readonly driveToken: string
}

export function e2eServices(): E2eServices {
  const json = process.env[SERVICES_ENV]
  if (!json) throw new Error(`${SERVICES_ENV} is not set: run the tests through e2e/playwright.config.ts (its global setup starts the services)`)
  return JSON.parse(json) as E2eServices
}

/** A storage URL in its own folder of the test bucket, so each test starts from an empty root. */
export function isolatedStorageUrl(services: E2eServices, folder: string): string {
  return `s3://${services.bucket}/${folder}?endpoint=${services.s3Endpoint}&region=us-east-1&forcePathStyle=true`
}
