// What a workspace needs from its surroundings; the platform files and the Clientful client
// provide it, tests can provide it directly.

import type { DeviceIdentity } from '../identity/device-identity.ts'
import type { KeyStore } from '../identity/key-store.ts'
import type { LocalStore } from '../local/local-store.ts'
import type { StorageOpener } from '../storage/user-storage.ts'
import type { RetryPolicy } from '../storage/retrying-storage.ts'
import type { BlobStoreOptions } from '../blobs/blob-store.ts'
import type { ChangeScreenFactory } from '../sync/change-screen.ts'

export interface WorkspaceDeps {
  readonly local: LocalStore
  readonly keys: KeyStore
  readonly identity: DeviceIdentity
  readonly openStorage: StorageOpener
  readonly now: () => number
  readonly retry?: RetryPolicy
  readonly attachments?: BlobStoreOptions
  /** Publish a snapshot after this many changes (default 5,000; 0 never). */
  readonly snapshotEvery?: number
  /** The app's rules for its document types (app-model's `checkedTypes`): every change is screened. */
  readonly rules?: ChangeScreenFactory
}
