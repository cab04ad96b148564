// The bucket keys the user saved (credential-store.ts keeps them in localStorage, which a
// service worker cannot read), copied to IndexedDB for background uploads (background-upload.ts).
// Same origin, same exposure as localStorage; never anywhere else.

import type { S3Credentials } from '../storage/credential-store.ts'

const DATABASE = 'clientful-board'
const STORE = 'settings'
const KEY = 's3-credentials'

function database(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1)
    request.onupgradeneeded = () => request.result.createObjectStore(STORE)
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error)
  })
}

/** Writes the whole map (endpoint|bucket → keys); failures only cost background uploads. */
export async function mirrorCredentials(all: Record<string, unknown>): Promise<void> {
  try {
    const db = await database()
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite')
      tx.objectStore(STORE).put(all, KEY)
      tx.oncomplete = () => resolve()
      tx.onerror = () => reject(tx.error)
    })
    db.close()
  } catch {
    // No IndexedDB (private mode in some browsers): the next open uploads instead.
  }
}

/** Keys for a storage URL, as the page last saved them. */
export async function mirroredCredentials(): Promise<(storageUrl: string) => S3Credentials | undefined> {
  let all: Record<string, unknown> = {}
  try {
    const db = await database()
    all = await new Promise<Record<string, unknown>>((resolve) => {
      const request = db.transaction(STORE).objectStore(STORE).get(KEY)
      request.onsuccess = () => resolve((request.result as Record<string, unknown> | undefined) ?? {})
      request.onerror = () => resolve({})
    })
    db.close()
  } catch {
    all = {}
  }
  return (storageUrl) => {
    let key: string
    try {
      const url = new URL(storageUrl)
      key = `${url.searchParams.get('endpoint') ?? 'aws'}|${url.hostname}`
    } catch {
      return undefined
    }
    const entry = all[key] as Partial<S3Credentials> | undefined
    return typeof entry?.accessKeyId === 'string' && typeof entry.secretAccessKey === 'string' ? { accessKeyId: entry.accessKeyId, secretAccessKey: entry.secretAccessKey } : undefined
  }
}
