// Which workspace the board shows, remembered per browser profile.

import type { WorkspaceConfig } from 'clientful'

const KEY = 'clientful-board/current-workspace'

export function rememberCurrentWorkspace(id: string): void {
  try {
    localStorage.setItem(KEY, id)
  } catch {
    // Not persisted: the first workspace opens next time instead.
  }
}

export function pickCurrentWorkspace(workspaces: readonly WorkspaceConfig[]): string | undefined {
  let remembered: string | null = null
  try {
    remembered = localStorage.getItem(KEY)
  } catch {
    remembered = null
  }
  return workspaces.find((w) => w.id === remembered)?.id ?? workspaces.at(-1)?.id
}
