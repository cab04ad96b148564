// The pieces of one workspace's engine on this device. Sync steps (pull, push, snapshots, the
// relay path, membership upkeep, attachments) each name the few they use with `Pick`, so none
// of them depends on the Workspace class that holds the pieces together.

import type { DeviceIdentity } from '../identity/device-identity.ts'
import type { DocStore } from '../docs/doc-store.ts'
import type { Keyring } from '../membership/keyring.ts'
import type { LocalStore } from '../local/local-store.ts'
import type { MembershipLog } from '../membership/membership-log.ts'
import type { Mutex } from '../util/async.ts'
import type { ChangeScreen } from './change-screen.ts'
import type { EnvelopeCrypto } from './envelope-crypto.ts'
import type { Outbox } from './outbox.ts'
import type { OwnLogChecks } from './own-log-checks.ts'
import type { ProgressStore } from './progress-store.ts'
import type { RejectionLog } from './rejection-log.ts'

export interface EngineParts {
  readonly local: LocalStore
  readonly identity: DeviceIdentity
  readonly now: () => number
  readonly membership: MembershipLog
  readonly keyring: Keyring
  readonly docs: DocStore
  readonly outbox: Outbox
  readonly progress: ProgressStore
  readonly rejections: RejectionLog
  readonly crypto: EnvelopeCrypto
  /** Serialises applying remote changes and saving progress (storage pulls and relay). */
  readonly applyLock: Mutex
  /** When our own log in each storage is next held against what this device sealed. */
  readonly ownLog: OwnLogChecks
  /** The app's rules, run on every incoming change and on this device's own before sealing. */
  readonly screen: ChangeScreen | undefined
}

/** Which workspace, on which device: what every step names its files and records with. */
export interface EngineSelf {
  readonly id: string
  readonly deviceId: string
}

/** A step's view of the engine: who it is and the parts it uses. */
export type EngineContext<K extends keyof EngineParts> = EngineSelf & { readonly parts: Pick<EngineParts, K> }
