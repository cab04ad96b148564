// The page's side of background uploads: while edits wait to upload, ask the browser (where it
// has Background Sync: Chromium) to wake the service worker once the network is back, even
// if every tab of the board was closed by then.

import { UPLOAD_TAG } from './background-sync-tag.ts'

interface SyncManager {
  register(tag: string): Promise<void>
}

export async function requestBackgroundUpload(): Promise<boolean> {
  if (!('serviceWorker' in navigator)) return false
  const registration = (await navigator.serviceWorker.getRegistration()) as (ServiceWorkerRegistration & { sync?: SyncManager }) | undefined
  if (!registration?.sync) return false
  return registration.sync.register(UPLOAD_TAG).then(
    () => true,
    () => false,
  )
}
