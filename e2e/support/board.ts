// What a user does on the board, as test steps. Every step waits for the DOM to show its
// outcome; nothing sleeps.

import { expect, type Locator, type Page } from '@playwright/test'
import type { ClientfulDebugHook } from '../../example-app/src/debug/debug-hook.ts'

export interface CreateOptions {
  readonly name: string
  /** Replaces the storage URL config.json offers (e.g. an isolated folder). */
  readonly storageUrl?: string
  readonly secretAccessKey?: string
}

export async function createWorkspace(page: Page, appUrl: string, options: CreateOptions): Promise<void> {
  await page.goto(appUrl)
  await expect(page.getByTestId('create-form')).toBeVisible()
  await page.getByTestId('create-name').fill(options.name)
  if (options.storageUrl !== undefined) await page.getByTestId('create-storage').fill(options.storageUrl)
  if (options.secretAccessKey !== undefined) await page.getByTestId('create-secret').fill(options.secretAccessKey)
  await page.getByTestId('create-submit').click()
  await expect(page.getByTestId('workspace-name')).toHaveText(options.name)
}

export interface InviteOptions {
  readonly role?: 'admin' | 'writer' | 'reader'
  readonly expiry?: '10m' | '1d' | '7d' | 'never'
  readonly uses?: '1' | '5' | '20' | 'any'
}

/** Creates an invite on the Members page and returns its link; ends back on the board. */
export async function createInviteLink(page: Page, options: InviteOptions['role'] | InviteOptions = 'writer'): Promise<string> {
  const { role = 'writer', expiry, uses } = typeof options === 'string' ? { role: options } : options
  await openPage(page, 'members')
  await page.getByTestId('invite-role').selectOption(role)
  if (expiry) await page.getByTestId('invite-expiry').selectOption(expiry)
  if (uses) await page.getByTestId('invite-uses').selectOption(uses)
  await page.getByTestId('invite-create').click()
  const link = page.getByTestId('invite-link')
  await expect(link).toHaveValue(/#\/(j\/[A-Za-z0-9_-]{35}|join\/cf1\.)/)
  const value = await link.inputValue()
  await openPage(page, 'board')
  return value
}

export type PageName = 'board' | 'members' | 'devices' | 'storage' | 'identity' | 'refused'

/** Opens one of the workspace's pages from the nav and waits for it. */
export async function openPage(page: Page, name: PageName): Promise<void> {
  await page.getByTestId(`nav-${name}`).click()
  await expect(page.getByTestId(name === 'board' ? 'board' : `${name}-page`)).toBeVisible()
}

export async function joinWithLink(page: Page, link: string, workspaceName: string): Promise<void> {
  await page.goto(link)
  await expect(page.getByTestId('join-code-storage')).toBeVisible()
  await page.getByTestId('join-submit').click()
  await expect(page.getByTestId('workspace-name')).toHaveText(workspaceName)
}

export function taskRow(page: Page, title: string | RegExp): Locator {
  return page.getByTestId('task-row').filter({ has: page.getByTestId('task-title').getByText(title, { exact: typeof title === 'string' }) })
}

/** Adds a task and returns its id once the row is on screen. */
export async function addTask(page: Page, title: string): Promise<string> {
  await page.getByTestId('new-task-title').fill(title)
  await page.getByTestId('add-task').click()
  const row = taskRow(page, title)
  await expect(row).toBeVisible()
  const id = await row.getAttribute('data-task-id')
  if (!id) throw new Error(`task "${title}" has no id`)
  return id
}

export async function openTask(page: Page, id: string): Promise<void> {
  await page.locator(`[data-testid="task-row"][data-task-id="${id}"] [data-testid="task-title"]`).click()
  await expect(page.getByTestId('task-detail')).toHaveAttribute('data-task-id', id)
}

export async function editOpenTask(page: Page, edit: { readonly title?: string; readonly notes?: string }): Promise<void> {
  if (edit.title !== undefined) await page.getByTestId('task-title-input').fill(edit.title)
  if (edit.notes !== undefined) await typeNotes(page, edit.notes)
  await page.getByTestId('task-save').click()
}

/** The open task's notes: a rich-text editor (contenteditable), saved as it is typed into. */
export function notesEditor(page: Page): Locator {
  return page.getByTestId('task-notes-input')
}

/**
 * Makes the open task's notes read `text` the way a person would: typing what is added at the
 * end when `text` extends the current notes (so concurrent additions merge), else replacing all.
 */
export async function typeNotes(page: Page, text: string): Promise<void> {
  const editor = notesEditor(page)
  const current = (await editor.textContent()) ?? ''
  await editor.click()
  await page.keyboard.press(text.startsWith(current) ? 'ControlOrMeta+End' : 'ControlOrMeta+A')
  const added = text.startsWith(current) ? text.slice(current.length) : text
  if (added === '') await page.keyboard.press('Delete')
  else await page.keyboard.type(added)
  await expect(editor).toHaveText(text)
}

export function pendingChanges(page: Page): Locator {
  return page.getByTestId('status-pending')
}

export async function expectRelayConnected(page: Page): Promise<void> {
  await expect(page.getByTestId('status-relay')).toHaveText('relay connected', { timeout: 30_000 })
}

/** The tasks document as JSON and its heads, read through the app's debug hook. */
export async function readReplica(page: Page): Promise<{ tasks: unknown; heads: string[] }> {
  return page.evaluate(() => {
    const hook = (window as { __clientfulDebug?: ClientfulDebugHook }).__clientfulDebug
    if (!hook) throw new Error('window.__clientfulDebug is not installed: no workspace is open')
    return { tasks: hook.tasks(), heads: hook.heads() }
  })
}

/** Waits until every page holds the same tasks document (same heads, same JSON). */
export async function expectConverged(pages: readonly Page[], timeout: number): Promise<unknown> {
  let tasks: unknown
  await expect
    .poll(
      async () => {
        const replicas = await Promise.all(pages.map(readReplica))
        tasks = replicas[0]?.tasks
        const first = JSON.stringify(replicas[0])
        return replicas.every((replica) => JSON.stringify(replica) === first)
      },
      { timeout, intervals: [100, 250, 500] },
    )
    .toBe(true)
  return tasks
}
