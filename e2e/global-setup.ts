// Starts everything the tests talk to, once per run: Redis (if installed) for relay fan-out
// and traffic capture, s3rver on a temp folder, the Drive API test server, the relay, and the
// static server with the built app under /apps/board/ and a config.json pointing at them.
// Tests read the URLs from CLIENTFUL_E2E (see support/services.ts); the returned function is
// the teardown.

import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { startDriveMock } from '../scripts/services/drive-mock.ts'
import { startRedis, type RunningRedis } from '../scripts/services/redis.ts'
import { startRelay } from '../scripts/services/relay.ts'
import { startS3rver } from '../scripts/services/s3rver.ts'
import { startStaticServer } from '../scripts/services/static-server.ts'
import { SERVICES_ENV, type E2eServices } from './support/services.ts'

const DIST = resolve(import.meta.dirname, '../example-app/dist')
const BASE_PATH = '/apps/board/'

export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(resolve(DIST, 'index.html'))) throw new Error(`${DIST} has no build: run \`npm run build\` first (npm run test:e2e does)`)
  const stops: (() => Promise<void>)[] = []
  const stopAll = async (): Promise<void> => {
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => console.error('e2e teardown:', error))
  }
  try {
    const redis = await startRedis().catch((error: unknown): RunningRedis | undefined => {
      console.warn(`e2e: running without Redis (relay traffic is not captured): ${error instanceof Error ? error.message : String(error)}`)
      return undefined
    })
    if (redis) stops.push(() => redis.stop())
    const s3 = await startS3rver({ bucket: 'clientful' })
    stops.push(() => s3.stop())
    const drive = await startDriveMock()
    stops.push(() => drive.stop())
    const relay = await startRelay({ port: 0, ...(redis ? { redisUrl: redis.url } : {}) })
    stops.push(() => relay.close())
    const storageUrl = `s3://${s3.bucket}/board?endpoint=${s3.endpoint}&region=us-east-1&forcePathStyle=true`
    const app = await startStaticServer({
      root: DIST,
      basePath: BASE_PATH,
      // google.apiUrl and google.token point the app at the Drive test server: local testing only.
      config: { storage: { url: storageUrl, ...s3.credentials }, relay: relay.url, google: { apiUrl: drive.url, token: drive.token } },
    })
    stops.push(() => app.close())

    const services: E2eServices = {
      appUrl: app.url,
      appOrigin: app.origin,
      storageUrl,
      s3Endpoint: s3.endpoint,
      s3Dir: s3.dir,
      bucket: s3.bucket,
      s3Credentials: s3.credentials,
      relayUrl: relay.url,
      redisUrl: redis?.url,
      driveApiUrl: drive.url,
      driveToken: drive.token,
    }
    process.env[SERVICES_ENV] = JSON.stringify(services) // inherited by the test workers
    return stopAll
  } catch (error) {
    await stopAll()
    throw error
  }
}
