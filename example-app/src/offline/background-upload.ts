// In the service worker, when Chromium fires Background Sync after the network came back: if
// no tab of the board is open, open the device's engine here (it takes the device's Web Lock,
// so a tab opened meanwhile waits for it), sync every workspace once (pending edits upload),
// and close it. Elsewhere — no Background Sync — the next open of the board syncs first.
//
// Storage access here is what a tab has minus the page: bucket keys from the copy the page
// keeps in IndexedDB (credential-mirror.ts) or config.json's defaults; Google Drive needs the
// user's sign-in, which only a page can ask for, so Drive workspaces wait for the next open.

import { initializeWasm } from '@automerge/automerge/slim'
import { createS3Storage, parseS3Url } from '@clientful/storage-s3'
import { StorageError, type StorageOpener } from 'clientful'
import { openBrowserClient } from 'clientful/browser'
import { parseRuntimeConfig, type RuntimeConfig } from '../config/runtime-config.ts'
import { mirroredCredentials } from './credential-mirror.ts'

export async function uploadPendingEdits(scope: ServiceWorkerGlobalScope, wasmUrl: string | undefined): Promise<void> {
  const open = await scope.clients.matchAll({ type: 'window' })
  if (open.length > 0) return // a tab runs the engine and syncs by itself
  if (wasmUrl === undefined) return
  await initializeWasm(wasmUrl)
  const client = await openBrowserClient({ openStorage: await workerStorage(scope) })
  try {
    // A failure (still offline) rejects: the browser tries the sync again later.
    const workspaces = await client.openAll()
    const results = await Promise.allSettled(workspaces.map((ws) => ws.sync()))
    const failed = results.find((r) => r.status === 'rejected')
    if (failed) throw (failed as PromiseRejectedResult).reason
  } finally {
    await client.close()
  }
}

async function workerStorage(scope: ServiceWorkerGlobalScope): Promise<StorageOpener> {
  const saved = await mirroredCredentials()
  const config: RuntimeConfig = await fetch(new URL('config.json', scope.registration.scope), { cache: 'no-store' })
    .then(async (response) => (response.ok ? parseRuntimeConfig(await response.json()).config : {}))
    .catch(() => ({}))
  return async (url, shared) => {
    if (!url.startsWith('s3://')) throw new StorageError('auth', url.split('?')[0] ?? url, 'only a page can sign in to this storage')
    const defaults = config.storage?.url === url && config.storage.accessKeyId && config.storage.secretAccessKey !== undefined ? { accessKeyId: config.storage.accessKeyId, secretAccessKey: config.storage.secretAccessKey } : undefined
    const sharedKeys = shared?.['accessKeyId'] !== undefined && shared['secretAccessKey'] !== undefined ? { accessKeyId: shared['accessKeyId'], secretAccessKey: shared['secretAccessKey'] } : undefined
    const keys = saved(url) ?? sharedKeys ?? defaults
    if (!keys) throw new StorageError('auth', url.split('?')[0] ?? url, 'no keys for this bucket in the background')
    return createS3Storage({ ...parseS3Url(url), credentials: keys })
  }
}
