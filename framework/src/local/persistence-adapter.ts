// The local persistence seam: how a device keeps its own data (documents, outbox, progress,
// quarantine, config). It is automerge-repo's six-method StorageAdapterInterface over arrays of
// path segments and bytes — IndexedDBAdapter in the browser, FileStorageAdapter in Node — plus
// one optional method of ours for batches. clientful/testing's localPersistenceConformanceCases
// is the suite every implementation runs.

import type { StorageAdapterInterface, StorageKey } from '@automerge/automerge-repo/slim'

export type { Chunk, StorageAdapterInterface, StorageKey } from '@automerge/automerge-repo/slim'

/**
 * An adapter that writes several entries in one step, all or none (ours for IndexedDB: one
 * transaction). Without it, LocalStore.putMany writes the entries one after another, in order,
 * so a failure part-way leaves exactly the entries before it.
 */
export interface BatchWriter {
  saveMany(entries: readonly (readonly [StorageKey, Uint8Array])[]): Promise<void>
}

export type PersistenceAdapter = StorageAdapterInterface & Partial<BatchWriter>
