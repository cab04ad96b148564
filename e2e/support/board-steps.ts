// Steps on the typed board: projects, task fields, trash, conflicts, filters, and two devices in
// one workspace to start from. Every step waits for the DOM to show its outcome; nothing sleeps.

import { expect, type Locator, type Page } from '@playwright/test'
import { addTask, createInviteLink, createWorkspace, expectRelayConnected, joinWithLink, openTask, taskRow } from './board.ts'
import type { Device } from './device.ts'
import { isolatedStorageUrl, type E2eServices } from './services.ts'

export interface TeamOptions {
  readonly name: string
  readonly folder: string
  readonly role?: 'admin' | 'writer' | 'reader'
  /** Display names to set (profiles), by device. */
  readonly names?: { readonly a?: string; readonly b?: string }
}

/** A creates the workspace (admin) in its own storage folder, B joins; both live on the relay. */
export async function startTeam(services: E2eServices, a: Device, b: Device, options: TeamOptions): Promise<void> {
  await createWorkspace(a.page, services.appUrl, { name: options.name, storageUrl: isolatedStorageUrl(services, options.folder) })
  await joinWithLink(b.page, await createInviteLink(a.page, options.role ?? 'writer'), options.name)
  for (const [device, name] of [[a, options.names?.a], [b, options.names?.b]] as const) if (name) await setDisplayName(device.page, name)
  await expectRelayConnected(a.page)
  await expectRelayConnected(b.page)
  await expect(a.page.getByTestId('board')).toBeVisible()
  await expect(b.page.getByTestId('board')).toBeVisible()
}

/**
 * Sets this member's display name through the device's own client (the profiles document), which
 * clientful/testing/playwright's devices expose as window.__clientfulTest.client.
 */
export async function setDisplayName(page: Page, name: string): Promise<void> {
  await page.evaluate(
    async (name) => {
      type Client = { workspaces(): Promise<{ id: string }[]>; workspace(id: string): Promise<Workspace> }
      type Workspace = { deviceId: string; membership: { devices: Map<string, { record: { user: string } }> }; doc(name: string): Promise<{ change(fn: (d: Record<string, unknown>) => void): void }> }
      const client = (window as unknown as { __clientfulTest?: { client?: Client } }).__clientfulTest?.client
      if (!client) throw new Error('the page did not expose its client')
      const [first] = await client.workspaces()
      const ws = await client.workspace(first!.id)
      const member = ws.membership.devices.get(ws.deviceId)!.record.user
      ;(await ws.doc('clientful/profiles')).change((d) => void (d[member] = { name }))
    },
    name,
  )
}

export function projectChip(page: Page, name: string): Locator {
  return page.getByTestId('project-chip').filter({ has: page.getByTestId('project-chip-name').getByText(name, { exact: true }) })
}

export async function addProject(page: Page, name: string): Promise<void> {
  await page.getByTestId('project-new').click()
  await page.getByTestId('project-name-input').fill(name)
  await page.getByTestId('project-name-submit').click()
  await expect(projectChip(page, name)).toHaveAttribute('aria-checked', 'true')
}

export async function showProject(page: Page, name: string | 'All'): Promise<void> {
  await projectChip(page, name).click()
  await expect(projectChip(page, name)).toHaveAttribute('aria-checked', 'true')
}

/** Adds a task to the project shown (or the Inbox) and opens it. */
export async function addAndOpenTask(page: Page, title: string): Promise<string> {
  const id = await addTask(page, title)
  await openTask(page, id)
  return id
}

export async function saveTitle(page: Page, title: string): Promise<void> {
  await page.getByTestId('task-title-input').fill(title)
  await page.getByTestId('task-save').click()
}

/** Deletes the open task (to the trash) and waits until it has left the list. */
export async function deleteOpenTask(page: Page, title: string): Promise<void> {
  await page.getByTestId('task-delete').click()
  await page.getByTestId('task-delete-confirm').click()
  await expect(taskRow(page, title)).toHaveCount(0)
}

export async function openTrash(page: Page): Promise<void> {
  await page.getByTestId('nav-trash').click()
  await expect(page.getByTestId('trash-page')).toBeVisible()
}

export async function openBoard(page: Page): Promise<void> {
  await page.getByTestId('nav-board').click()
  await expect(page.getByTestId('board')).toBeVisible()
}

export function trashRow(page: Page, label: string): Locator {
  return page.getByTestId('trash-row').filter({ has: page.getByTestId('trash-label').getByText(label, { exact: true }) })
}

/** The conflict mark of a field of the open task. */
export function fieldConflict(page: Page, field: string): Locator {
  return page.getByTestId('task-detail').locator(`[data-testid="conflict"][data-field="${field}"]`)
}

/** The rows the board lists now, by title. */
export async function listedTitles(page: Page): Promise<string[]> {
  return page.getByTestId('task-row').getByTestId('task-title').allTextContents()
}
