// This user's devices across every workspace this device is in, and removing one everywhere
// (e.g. a lost phone): each removal rotates that workspace's keys.

import type { UserDevice } from '../api/client-api.ts'
import { isCurrentDevice } from '../membership/state.ts'
import type { Workspace } from '../workspace/workspace.ts'

export function listUserDevices(userId: string, thisDevice: string, workspaces: readonly Workspace[]): UserDevice[] {
  const found = new Map<string, UserDevice>()
  for (const ws of workspaces) {
    const member = ws.membership.members.get(userId)
    for (const id of member?.devices ?? []) {
      if (!isCurrentDevice(ws.parts.membership.state, id)) continue
      const record = ws.membership.devices.get(id)!.record
      const entry = found.get(id) ?? { deviceId: id, kind: record.kind ?? 'device', workspaces: [], thisDevice: id === thisDevice }
      entry.workspaces.push(ws.id)
      found.set(id, entry)
    }
  }
  return [...found.values()].sort((a, b) => Number(b.thisDevice) - Number(a.thisDevice) || a.deviceId.localeCompare(b.deviceId))
}

/** Removes the device from every workspace where it is current; returns the workspaces changed. */
export async function removeUserDevice(deviceId: string, workspaces: readonly Workspace[]): Promise<string[]> {
  const changed: string[] = []
  for (const ws of workspaces) {
    if (!isCurrentDevice(ws.parts.membership.state, deviceId)) continue
    await ws.removeDevice(deviceId)
    changed.push(ws.id)
  }
  return changed
}
