// What an app does with this device: its identity, its workspaces, joining and linking. The
// engine (`Clientful`: Node, and the browser tab that runs the device's engine) and the tab
// proxy (every other tab of the profile) implement it.

import type { Emitter } from '../util/events.ts'
import type { CreateWorkspaceOptions } from './options.ts'
import type { WorkspaceApi } from './workspace-api.ts'
import type { WorkspaceConfig } from './workspace-config.ts'

/** One of this user's devices (or its recovery key), across the workspaces this device is in. */
export interface UserDevice {
  readonly deviceId: string
  readonly kind: 'device' | 'recovery'
  /** Workspaces where it is a current device. */
  readonly workspaces: string[]
  readonly thisDevice: boolean
}

export interface ClientApiEvents extends Record<string, unknown> {
  /** Workspaces were created, joined, linked or restored on this device (in any tab). */
  workspaces: WorkspaceConfig[]
}

export interface ClientApi extends Pick<Emitter<ClientApiEvents>, 'on' | 'once'> {
  readonly deviceId: string
  readonly userId: string
  workspaces(): Promise<WorkspaceConfig[]>
  workspace(id: string): Promise<WorkspaceApi>
  /** Every workspace this device is in, opened. */
  openAll(): Promise<WorkspaceApi[]>
  createWorkspace(options: CreateWorkspaceOptions): Promise<WorkspaceApi>
  /** Joins the workspace an invite code (or link) points to; joining twice is a no-op. */
  join(code: string): Promise<WorkspaceApi>
  /** This user's devices (and recovery key) across the workspaces this device is in. */
  devices(): Promise<UserDevice[]>
  removeDevice(deviceId: string): Promise<string[]>
  /** A code (text or QR) that makes another device a device of this user. */
  createDeviceLink(lifetimeMs?: number): Promise<string>
  /** On a new device: become a device of the user who made the code. */
  linkThisDevice(code: string): Promise<WorkspaceApi[]>
  /** A recovery kit (text to save or print); a new kit retires the previous one. */
  createRecoveryKit(): Promise<string>
  restoreFromKit(text: string): Promise<WorkspaceApi[]>
  close(): Promise<void>
}
