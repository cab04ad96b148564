// How a device's own list of storage locations (its WorkspaceConfig: the primary, then the
// others, and credentials by URL) changes when it follows the team. Pure: each takes a config
// and returns the next.

import type { StorageCredentials } from '../storage/user-storage.ts'
import type { WorkspaceConfig } from '../api/workspace-config.ts'

export function locationsOf(config: WorkspaceConfig): string[] {
  return [config.storage, ...(config.extraStorages ?? [])]
}

/** `url` becomes the primary; the previous one stays a location unless it was removed. */
export function withPrimary(config: WorkspaceConfig, url: string, previousRemoved: boolean): WorkspaceConfig {
  const extras = locationsOf(config).filter((u) => u !== url && (u !== config.storage || !previousRemoved))
  return { ...config, storage: url, extraStorages: extras }
}

export function withLocation(config: WorkspaceConfig, url: string): WorkspaceConfig {
  return locationsOf(config).includes(url) ? config : { ...config, extraStorages: [...(config.extraStorages ?? []), url] }
}

/** Drops a location other than the primary (which changes only to another location). */
export function withoutLocation(config: WorkspaceConfig, url: string): WorkspaceConfig {
  return { ...config, extraStorages: (config.extraStorages ?? []).filter((u) => u !== url) }
}

/**
 * `from` replaced by the locations a forwarding note names, the first of them the primary;
 * credentials the note carries are kept unless this device has its own. Undefined when the
 * note names nowhere else.
 */
export function followedTo(config: WorkspaceConfig, from: string, locations: readonly { url: string; credentials?: StorageCredentials }[]): WorkspaceConfig | undefined {
  const [first, ...rest] = locations.map((l) => l.url).filter((u) => u !== from)
  if (!first) return undefined
  const credentials = { ...config.credentials }
  for (const l of locations) if (l.credentials && !credentials[l.url]) credentials[l.url] = l.credentials
  const kept = locationsOf(config).filter((u) => u !== from && u !== first && !rest.includes(u))
  return { ...config, storage: first, extraStorages: [...rest, ...kept], credentials }
}
