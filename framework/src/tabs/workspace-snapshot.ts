// A workspace's state as another tab mirrors it: sent when the tab opens the workspace, then
// kept current by the engine's events.

import type { MembershipState } from '../membership/state.ts'
import type { WorkspaceConfig } from '../api/workspace-config.ts'
import type { WorkspaceStatus } from '../api/workspace-status.ts'
import type { Presence } from '../api/presence.ts'

export interface WorkspaceSnapshot {
  readonly id: string
  readonly name: string
  readonly deviceId: string
  readonly config: WorkspaceConfig
  readonly storageUrls: string[]
  readonly membership: MembershipState
  readonly status: WorkspaceStatus
  readonly presence: readonly Presence[]
}
