// `npm start`: the example app on local services, on a fresh machine after `npm install`.
// Starts s3rver (data kept in .clientful-dev/s3), the relay, and a static server for the
// built app with a config.json pointing at both; rebuilds the app first when
// example-app/dist is missing or older than its sources. Ctrl-C stops everything.
//
// Why the built app and not the Vite dev server: it is the artefact users deploy, so the
// service worker (offline reload), the wasm MIME type and relative paths are exercised
// exactly as in production and in the e2e suite; a rebuild takes a few seconds and only
// happens when sources changed.
//
// Ports: CLIENTFUL_APP_PORT (5173), CLIENTFUL_S3_PORT (4569), CLIENTFUL_RELAY_PORT (8787).

import { readdir, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { build } from 'vite'
import { assertPortFree, portFromEnv } from './services/port-check.ts'
import { startRelay } from './services/relay.ts'
import { startS3rver } from './services/s3rver.ts'
import { startStaticServer } from './services/static-server.ts'

const REPO = resolve(import.meta.dirname, '..')
const DIST = join(REPO, 'example-app/dist')
/** Everything the app bundle is built from. */
const APP_SOURCES = [
  'example-app/src',
  'example-app/index.html',
  'example-app/build',
  'example-app/package.json',
  'vite.config.ts',
  'framework/src',
  'storage-adapters/s3/src',
  'relay/protocol',
  'package-lock.json',
]

async function main(): Promise<void> {
  process.chdir(REPO) // vite.config.ts resolves its root from the working directory
  const ports = {
    app: portFromEnv('CLIENTFUL_APP_PORT', 5173),
    s3: portFromEnv('CLIENTFUL_S3_PORT', 4569),
    relay: portFromEnv('CLIENTFUL_RELAY_PORT', 8787),
  }
  await assertPortFree(ports.app, 'app', 'CLIENTFUL_APP_PORT')
  await assertPortFree(ports.s3, 'S3 server', 'CLIENTFUL_S3_PORT')
  await assertPortFree(ports.relay, 'relay', 'CLIENTFUL_RELAY_PORT')

  if (await needsBuild()) {
    console.log('building the example app…')
    await build({ configFile: join(REPO, 'vite.config.ts'), logLevel: 'warn' })
  }

  const stops: (() => Promise<void>)[] = []
  let stopping: Promise<void> | undefined
  const stopAll = (): Promise<void> =>
    (stopping ??= (async () => {
      for (const stop of stops.reverse()) await stop().catch(() => {})
    })())
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log('\nstopping…')
      void stopAll().then(() => process.exit(0))
    })
  }

  try {
    const s3 = await startS3rver({ bucket: 'clientful', dir: join(REPO, '.clientful-dev/s3'), port: ports.s3 })
    stops.push(() => s3.stop())
    const relay = await startRelay({ port: ports.relay })
    stops.push(() => relay.close())
    const storageUrl = `s3://${s3.bucket}/board?endpoint=${s3.endpoint}&region=us-east-1&forcePathStyle=true`
    const app = await startStaticServer({
      root: DIST,
      basePath: '/',
      port: ports.app,
      config: { storage: { url: storageUrl, ...s3.credentials }, relay: relay.url },
    })
    stops.push(() => app.close())

    console.log(`storage  ${storageUrl}  (data in .clientful-dev/s3)`)
    console.log(`relay    ${relay.url}`)
    console.log('open the board at:')
    console.log(app.url)
    console.log('(another browser profile is another device; Ctrl-C stops everything)')
  } catch (error) {
    await stopAll()
    throw error
  }
}

async function needsBuild(): Promise<boolean> {
  const built = await stat(join(DIST, 'index.html')).catch(() => undefined)
  if (!built) return true
  for (const source of APP_SOURCES) {
    if ((await newestChange(join(REPO, source))) > built.mtimeMs) return true
  }
  return false
}

async function newestChange(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined)
  if (!info) return 0
  if (!info.isDirectory()) return info.mtimeMs
  let newest = info.mtimeMs // a deleted file bumps its folder's mtime
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist' || entry.name.startsWith('.')) continue
    newest = Math.max(newest, await newestChange(join(path, entry.name)))
  }
  return newest
}

main().catch((error: unknown) => {
  console.error(`npm start: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})
