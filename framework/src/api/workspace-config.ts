// What a device remembers about each workspace it belongs to (on the device only: storage
// never sees the name or URLs in the clear).

import type { StorageCredentials } from './storage-credentials.ts'

export interface WorkspaceConfig {
  readonly id: string
  readonly name: string
  /** Storage URL, e.g. s3://bucket/prefix?endpoint=… or file:///path */
  readonly storage: string
  readonly relay: string | undefined
  /** More storage locations, synced like the first one. */
  readonly extraStorages?: readonly string[]
  /** Credentials by storage URL (kept on this device; members also get them sealed in the workspace). */
  readonly credentials?: Readonly<Record<string, StorageCredentials>>
  readonly genesisHash: string
  readonly joinedAt: number
}
