// Waiting for devices to converge: every device holds the same documents with the same heads
// (Automerge heads name the exact set of changes applied), polled in the pages, never slept.

import { expect, type Page } from '@playwright/test'
import type { Device } from './device.ts'
import { headsIn } from './in-page.ts'

export interface ConvergenceOptions {
  /** Default 30 s. */
  readonly timeout?: number
  /** Only this workspace (default: every workspace the first device is in). */
  readonly workspaceId?: string
}

/** Resolves once every device's documents have the same heads; returns those heads. */
export async function expectConverged(devices: readonly (Device | Page)[], options: ConvergenceOptions = {}): Promise<Record<string, string[]>> {
  const pages = devices.map((d) => ('page' in d ? d.page : d))
  let agreed: Record<string, string[]> = {}
  await expect
    .poll(
      async () => {
        const all = await Promise.all(pages.map(headsIn))
        const views = all.map((byWorkspace) => {
          const ids = options.workspaceId === undefined ? Object.keys(all[0] ?? {}) : [options.workspaceId]
          return JSON.stringify(ids.sort().map((id) => [id, byWorkspace[id] ?? null]))
        })
        agreed = Object.assign({}, ...Object.values(all[0] ?? {})) as Record<string, string[]>
        return views.every((view) => view === views[0])
      },
      { timeout: options.timeout ?? 30_000, intervals: [100, 250, 500], message: 'devices did not converge' },
    )
    .toBe(true)
  return agreed
}
