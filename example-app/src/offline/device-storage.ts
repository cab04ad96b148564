// This device's own storage: the browser may evict a site's data under pressure unless the
// site's storage is persistent, and the board's IndexedDB holds edits not uploaded yet and
// the device's keys. So the app asks for persistence once a workspace exists, and the Storage
// page shows whether it was granted and how much of the quota the board uses.

export interface DeviceStorage {
  /** undefined: this browser cannot say. */
  readonly persisted: boolean | undefined
  readonly usage: number | undefined
  readonly quota: number | undefined
}

export async function readDeviceStorage(): Promise<DeviceStorage> {
  const manager = navigator.storage as StorageManager | undefined
  const [persisted, estimate] = await Promise.all([manager?.persisted?.().catch(() => undefined), manager?.estimate?.().catch(() => undefined)])
  return { persisted, usage: estimate?.usage, quota: estimate?.quota }
}

/** Asks once per page load; Chromium answers without a prompt (from how the site is used), Firefox may ask the user. */
export async function requestPersistentStorage(): Promise<boolean | undefined> {
  const manager = navigator.storage as StorageManager | undefined
  if (!manager?.persist) return undefined
  if (await manager.persisted().catch(() => false)) return true
  return manager.persist().catch(() => undefined)
}

/** "3.2 MB": bytes for people. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let value = bytes / 1024
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`
}
