// A device's log as storage holds it, read from the test's S3-compatible server with the real
// adapter: for checking that every number holds exactly the envelope signed for it.

import { createS3Storage } from '@clientful/storage-s3'
import type { Page } from '@playwright/test'
import type { E2eServices } from './services.ts'

export interface StoredEnvelope {
  readonly path: string
  readonly seq: number
  readonly device: string
}

/** The workspace and device ids of the tab's open workspace (its debug hook). */
export async function openIds(page: Page): Promise<{ workspaceId: string; deviceId: string }> {
  return page.evaluate(() => {
    const hook = window.__clientfulDebug
    if (!hook) throw new Error('no workspace is open in this tab')
    return { workspaceId: hook.workspaceId, deviceId: hook.deviceId }
  })
}

export async function storedLog(services: E2eServices, folder: string, workspaceId: string, deviceId: string): Promise<StoredEnvelope[]> {
  const storage = createS3Storage({ bucket: services.bucket, prefix: folder, endpoint: services.s3Endpoint, region: 'us-east-1', credentials: services.s3Credentials })
  const prefix = `${workspaceId}/log/${deviceId}/`
  const out: StoredEnvelope[] = []
  for (const path of await storage.list(prefix)) {
    const json = JSON.parse(new TextDecoder().decode(await storage.read(path))) as { seq: number; device: string }
    out.push({ path: path.slice(prefix.length), seq: json.seq, device: json.device })
  }
  return out
}

/** Envelopes 1..n, each at the path of its own number and signed by the device: no gap, no stray. */
export function isGapFreeLog(log: readonly StoredEnvelope[], deviceId: string): boolean {
  return log.every((e, i) => e.seq === i + 1 && e.path === `${String(i + 1).padStart(12, '0')}.json` && e.device === deviceId)
}
