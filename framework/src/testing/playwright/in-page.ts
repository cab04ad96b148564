// Acting on a device through its page's test hook (see ../test-hook.ts): the device's own
// client, in the page, without the app's UI. Each call runs in the browser.

import type { Page } from '@playwright/test'
import type { Role } from '../../api/role.ts'
import type { ClientfulTestHook } from '../test-hook.ts'
import { TEST_HOOK } from '../test-hook-key.ts'

type HookWindow = Record<string, ClientfulTestHook | undefined>

/** Waits until the app in `page` has opened its device with openBrowserClient. */
export async function waitForClient(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction((key) => (window as unknown as HookWindow)[key]?.client !== undefined, TEST_HOOK, { timeout })
}

export function createWorkspaceIn(page: Page, options: { name: string; storage: string; relay: string | undefined }): Promise<string> {
  return page.evaluate(async ({ key, options }) => {
    const client = (window as unknown as HookWindow)[key]!.client!
    return (await client.createWorkspace(options)).id
  }, { key: TEST_HOOK, options })
}

export function createInviteIn(page: Page, workspaceId: string, role: Role): Promise<string> {
  return page.evaluate(async ({ key, workspaceId, role }) => {
    const client = (window as unknown as HookWindow)[key]!.client!
    return (await client.workspace(workspaceId)).createInvite({ role })
  }, { key: TEST_HOOK, workspaceId, role })
}

export function joinIn(page: Page, code: string): Promise<string> {
  return page.evaluate(async ({ key, code }) => {
    const client = (window as unknown as HookWindow)[key]!.client!
    return (await client.join(code)).id
  }, { key: TEST_HOOK, code })
}

/** Per workspace, per document name: its heads on this device. */
export function headsIn(page: Page): Promise<Record<string, Record<string, string[]>>> {
  return page.evaluate((key) => (window as unknown as HookWindow)[key]!.heads!(), TEST_HOOK)
}
