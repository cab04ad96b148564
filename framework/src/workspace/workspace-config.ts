// Saving and loading what a device remembers about each workspace it belongs to (its shape,
// WorkspaceConfig, is the API's).

import type { LocalStore } from '../local/local-store.ts'
import { markOneEngine } from '../sync/own-log-checks.ts'
import type { WorkspaceConfig } from '../api/workspace-config.ts'
import { workspacePrefix } from '../local/workspace-prefix.ts'


/** A workspace new on this device: its data comes from one engine at a time from the start. */
export async function saveWorkspaceConfig(local: LocalStore, config: WorkspaceConfig, genesis: Uint8Array): Promise<void> {
  await markOneEngine(local, workspacePrefix(config.id))
  await local.putBytes([...workspacePrefix(config.id), 'genesis'], genesis)
  await local.putJson([...workspacePrefix(config.id), 'config'], config)
  const ids = (await local.getJson<string[]>(['workspaces'])) ?? []
  if (!ids.includes(config.id)) await local.putJson(['workspaces'], [...ids, config.id])
}

export async function loadWorkspaceConfigs(local: LocalStore): Promise<WorkspaceConfig[]> {
  const ids = (await local.getJson<string[]>(['workspaces'])) ?? []
  const configs: WorkspaceConfig[] = []
  for (const id of ids) {
    const config = await local.getJson<WorkspaceConfig>([...workspacePrefix(id), 'config'])
    if (config) configs.push(config)
  }
  return configs
}

export async function updateWorkspaceConfig(local: LocalStore, id: string, change: (config: WorkspaceConfig) => WorkspaceConfig): Promise<WorkspaceConfig> {
  const config = await local.getJson<WorkspaceConfig>([...workspacePrefix(id), 'config'])
  if (!config) throw new Error(`no workspace ${id} on this device`)
  const next = change(config)
  await local.putJson([...workspacePrefix(id), 'config'], next)
  return next
}
