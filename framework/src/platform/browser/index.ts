// Browser platform: one IndexedDB database per app holds local data and non-extractable keys.

import { Clientful, type ClientfulOptions } from '../../client.ts'
import { openDatabase } from './idb.ts'
import { IndexedDBAdapter } from './indexeddb-adapter.ts'
import { IndexedDBKeyStore } from './indexeddb-key-store.ts'

export { IndexedDBAdapter } from './indexeddb-adapter.ts'
export { IndexedDBKeyStore } from './indexeddb-key-store.ts'

export async function openBrowserClient(
  options: Omit<ClientfulOptions, 'local' | 'keys'> & { readonly database?: string },
): Promise<Clientful> {
  const db = openDatabase(options.database ?? 'clientful', ['data', 'keys'])
  // Ask the browser not to evict this origin's data under storage pressure.
  await navigator.storage?.persist?.().catch(() => false)
  return Clientful.open({ ...options, local: new IndexedDBAdapter(db, 'data'), keys: new IndexedDBKeyStore(db, 'keys') })
}
