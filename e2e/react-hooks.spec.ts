// clientful/react in Chromium: a small page built on the hooks (e2e/hooks-page), served and
// driven with clientful/testing/playwright's own fixtures (local s3rver and relay, devices
// already in one workspace, a network switch, convergence) — so the fixtures an app's tests
// use are tested here too.

import { rm } from 'node:fs/promises'
import { createHash } from 'node:crypto'
import { expectConverged, test as clientfulTest, expect } from 'clientful/testing/playwright'
import type { Locator, Page } from '@playwright/test'
import { buildHooksPage } from './hooks-page/build-hooks-page.ts'

const test = clientfulTest.extend<object, { hooksPage: string }>({
  hooksPage: [
    async ({}, use) => {
      const dist = await buildHooksPage()
      await use(dist)
      await rm(dist, { recursive: true, force: true })
    },
    { scope: 'worker' },
  ],
  clientfulApp: [async ({ hooksPage }, use) => use({ dist: hooksPage }), { scope: 'worker' }],
})

const list = (page: Page): Locator => page.getByTestId('list')
const renders = async (locator: Locator): Promise<number> => Number(await locator.getAttribute('data-renders'))

test('documents, status and membership re-render from the workspace, and only where something changed', async ({ devicesInWorkspace }) => {
  const { devices } = await devicesInWorkspace(2)
  const [a, b] = devices as [(typeof devices)[number], (typeof devices)[number]]
  for (const { page } of [a, b]) {
    await expect(list(page)).toHaveAttribute('data-loaded', 'true')
    await expect(page.getByTestId('status')).toHaveAttribute('data-relay', 'connected', { timeout: 30_000 })
    await expect(page.getByTestId('members')).toHaveAttribute('data-count', '2', { timeout: 30_000 })
    await expect(page.getByTestId('presence')).toHaveAttribute('data-count', '1', { timeout: 30_000 }) // the other device
    await expect(page.getByTestId('refused')).toHaveAttribute('data-count', '0')
  }
  await expect(a.page.getByTestId('members')).toHaveAttribute('data-my-role', 'admin')
  await expect(b.page.getByTestId('members')).toHaveAttribute('data-my-role', 'writer')
  await expect(b.page.getByTestId('members')).toHaveAttribute('data-roles', 'admin,writer*')

  const otherRendersOnB = await renders(b.page.getByTestId('other'))
  const listRendersOnB = await renders(list(b.page))
  await a.page.getByTestId('add-item').click()
  await a.page.getByTestId('add-item').click()
  await expect(list(b.page)).toHaveAttribute('data-items', JSON.stringify(['item 1', 'item 2']))
  expect(await renders(list(b.page))).toBeGreaterThan(listRendersOnB)
  // "other" is another document: B's view of it did not render again for "list"'s changes.
  expect(await renders(b.page.getByTestId('other'))).toBe(otherRendersOnB)

  await b.page.getByTestId('bump-other').click()
  await expect(a.page.getByTestId('other')).toHaveAttribute('data-count', '1')
  // Status follows sync: every edit verified in storage on both devices.
  for (const { page } of [a, b]) {
    await expect(page.getByTestId('status')).toHaveAttribute('data-uploaded', 'true', { timeout: 30_000 })
    await expect(page.getByTestId('status')).toHaveAttribute('data-storages', 'ok')
    await expect(page.getByTestId('status')).toHaveAttribute('data-pending', '0')
  }
  await expectConverged([a, b])
})

test('offline edits show as pending, then converge; an attachment streams with progress', async ({ devicesInWorkspace }) => {
  const { devices } = await devicesInWorkspace(2)
  const [a, b] = devices as [(typeof devices)[number], (typeof devices)[number]]
  await expect(list(b.page)).toHaveAttribute('data-loaded', 'true')
  await expect(b.page.getByTestId('status')).toHaveAttribute('data-relay', 'connected', { timeout: 30_000 })

  await b.goOffline()
  await b.page.getByTestId('add-item').click()
  await expect(b.page.getByTestId('status')).toHaveAttribute('data-uploaded', 'false')
  await expect(b.page.getByTestId('status')).not.toHaveAttribute('data-pending', '0', { timeout: 30_000 })
  await a.page.getByTestId('add-item').click()
  await b.goOnline()
  await expectConverged([a, b], { timeout: 60_000 })
  // Both added "item 1" (each saw none); both are kept.
  await expect(list(a.page)).toHaveAttribute('data-items', JSON.stringify(['item 1', 'item 1']))

  await a.page.getByTestId('attach').click()
  const onA = a.page.getByTestId('attachment-state')
  await expect(onA).toHaveAttribute('data-upload-pending', /true|false/)
  await expect(onA).toHaveAttribute('data-upload', '300000/300000', { timeout: 30_000 })
  await expect(onA).toHaveAttribute('data-upload-pending', 'false')
  const onB = b.page.getByTestId('attachment-state')
  await expect(onB).toHaveAttribute('data-step', 'idle', { timeout: 30_000 })
  await b.page.getByTestId('load-attachment').click()
  await expect(onB).toHaveAttribute('data-step', 'ready', { timeout: 30_000 })
  await expect(onB).toHaveAttribute('data-download', '300000/300000')
  const url = (await onB.getAttribute('data-url'))!
  const digest = await b.page.evaluate(async (href) => {
    const response = await fetch(href)
    const bytes = new Uint8Array(await response.arrayBuffer())
    const hash = await crypto.subtle.digest('SHA-256', bytes)
    return { type: response.headers.get('content-type'), hex: Array.from(new Uint8Array(hash), (x) => x.toString(16).padStart(2, '0')).join('') }
  }, url)
  const expected = createHash('sha256').update(new Uint8Array(300_000).map((_, i) => (i * 7) % 251)).digest('hex')
  expect(digest).toEqual({ type: 'application/octet-stream', hex: expected })
})

test("a reader's edit is undone and listed by useRefused", async ({ devicesInWorkspace }) => {
  const { devices } = await devicesInWorkspace(2, { roles: ['reader'] })
  const reader = devices[1]!
  await expect(reader.page.getByTestId('members')).toHaveAttribute('data-my-role', 'reader', { timeout: 30_000 })
  await expect(reader.page.getByTestId('refused')).toHaveAttribute('data-count', '0')
  await reader.page.getByTestId('add-item').click()
  await expect(reader.page.getByTestId('refused')).toHaveAttribute('data-count', '1', { timeout: 30_000 })
  await expect(reader.page.getByTestId('refused')).toHaveAttribute('data-latest', 'local-change:unauthorized')
  await expect(list(reader.page)).toHaveAttribute('data-items', '[]')
})
