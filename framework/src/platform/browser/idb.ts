// Minimal promise wrappers over IndexedDB. Transactions resolve on `complete` and reject on
// `abort` as well as `error`: a full quota aborts the transaction without a request error,
// and a promise that only listens for `error` would hang forever.

export function openDatabase(name: string, stores: readonly string[]): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1)
    request.onupgradeneeded = () => {
      for (const store of stores) {
        if (!request.result.objectStoreNames.contains(store)) request.result.createObjectStore(store)
      }
    }
    request.onsuccess = () => resolve(request.result)
    request.onerror = () => reject(request.error ?? new Error(`cannot open IndexedDB ${name}`))
    request.onblocked = () => reject(new Error(`IndexedDB ${name} is blocked by another tab holding an older version`))
  })
}

export type Durability = 'strict' | 'relaxed'

export function transact<T>(
  db: IDBDatabase,
  store: string,
  mode: IDBTransactionMode,
  durability: Durability,
  work: (objects: IDBObjectStore) => IDBRequest<T> | undefined,
): Promise<T | undefined> {
  return new Promise((resolve, reject) => {
    const tx = db.transaction(store, mode, { durability })
    let request: IDBRequest<T> | undefined
    try {
      request = work(tx.objectStore(store))
    } catch (error) {
      // A request that throws (an invalid key, a value that cannot be cloned) must not let the
      // requests before it commit on their own: the transaction is all or none.
      tx.abort()
      reject(error instanceof Error ? error : new Error(String(error)))
      return
    }
    const fail = (): void => reject(quotaAware(tx.error ?? request?.error ?? new Error('IndexedDB transaction aborted')))
    tx.oncomplete = () => resolve(request?.result)
    tx.onabort = fail
    tx.onerror = fail
  })
}

function quotaAware(error: DOMException | Error): Error {
  if (error.name === 'QuotaExceededError') {
    return new Error('the browser refused to store more data (storage quota exceeded): free space or allow persistent storage', { cause: error })
  }
  return error
}
