// What a device keeps on itself, read from its page: every record of its IndexedDB data store
// (document chunks, outbox, sent archive, progress…), the ids of its documents by name, and
// the framework's readable export of every document. For scans after an erasure.

import type { Page } from '@playwright/test'

export interface LocalRecord {
  readonly key: readonly string[]
  readonly bytes: Buffer
}

/** Every record of the device's local data store ("clientful" database, "data" store). */
export async function readLocalData(page: Page): Promise<LocalRecord[]> {
  const records = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('clientful')
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
    try {
      const store = db.transaction('data', 'readonly').objectStore('data')
      const [keys, values] = await Promise.all(
        [store.getAllKeys(), store.getAll()].map((request) => new Promise<unknown[]>((resolve, reject) => ((request.onsuccess = () => resolve(request.result)), (request.onerror = () => reject(request.error))))),
      )
      const base64 = (value: unknown): string => {
        const bytes = value instanceof Uint8Array ? value : new TextEncoder().encode(JSON.stringify(value))
        let binary = ''
        for (const byte of bytes) binary += String.fromCharCode(byte)
        return btoa(binary)
      }
      return keys!.map((key, i) => ({ key: (Array.isArray(key) ? key : [key]).map(String), data: base64(values![i]) }))
    } finally {
      db.close()
    }
  })
  return records.map(({ key, data }) => ({ key, bytes: Buffer.from(data, 'base64') }))
}

type HookWindow = { __clientfulTest?: { client?: { workspaces(): Promise<{ id: string }[]>; workspace(id: string): Promise<LocalWorkspace> } } }
type LocalWorkspace = { documents(): Promise<{ id: string; name: string | undefined }[]>; exportJson(): Promise<Record<string, unknown>> }

/** The device's documents in its (only) workspace: id by name, and every one as readable JSON. */
export async function documentsOf(page: Page): Promise<{ ids: Record<string, string>; exported: Record<string, unknown> }> {
  return page.evaluate(async () => {
    const client = (window as unknown as HookWindow).__clientfulTest?.client
    if (!client) throw new Error('the page did not expose its client')
    const [first] = await client.workspaces()
    const ws = await client.workspace(first!.id)
    const ids: Record<string, string> = {}
    for (const { id, name } of await ws.documents()) if (name !== undefined) ids[name] = id
    return { ids, exported: await ws.exportJson() }
  })
}
