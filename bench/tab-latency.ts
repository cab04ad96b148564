// One device, three tabs of the built example app in Chromium: the first runs the device's
// engine, the others follow it. Measured with the browser's own clock (every tab shares it):
// a task added in one tab, from the button press to its title on another tab's screen, and
// from the press to the edit being on the device's disk (the engine's save, or for a tab that
// does not run the engine, the engine's acknowledgement). No network is involved.

import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { chromium, type Page } from '@playwright/test'
import { build } from 'vite'
import { startS3rver } from '../scripts/services/s3rver.ts'
import { startStaticServer } from '../scripts/services/static-server.ts'

const REPO = resolve(import.meta.dirname, '..')
const DIST = resolve(REPO, 'example-app/dist')

export const EDITS_PER_WRITER = 40

export interface TabLatencies {
  /** ms from the press in the engine tab to the title on a follower tab's screen. */
  readonly engineToFollower: number[]
  /** ms from the press in a follower tab to the title on another follower tab's screen. */
  readonly followerToFollower: number[]
  /** ms from the press in the engine tab to the edit on the device's disk. */
  readonly durableInEngineTab: number[]
  /** ms from the press in a follower tab to the engine's acknowledgement (on disk). */
  readonly durableInFollowerTab: number[]
}

type Marks = { __pressedAt?: number; __seenAt?: number }

export async function measureTabLatency(): Promise<TabLatencies> {
  if (!existsSync(resolve(DIST, 'index.html'))) await build({ configFile: resolve(REPO, 'vite.config.ts'), logLevel: 'warn' })
  const s3 = await startS3rver({ bucket: 'clientful' })
  const storageUrl = `s3://${s3.bucket}/bench-tabs?endpoint=${s3.endpoint}&region=us-east-1&forcePathStyle=true`
  const app = await startStaticServer({ root: DIST, basePath: '/apps/board/', config: { storage: { url: storageUrl, ...s3.credentials } } })
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  try {
    const context = await browser.newContext()
    const engine = await context.newPage()
    await engine.goto(app.url)
    await engine.getByTestId('create-name').fill('Bench tabs')
    await engine.getByTestId('create-submit').click()
    await engine.getByTestId('board').waitFor()
    const followers: Page[] = []
    for (let i = 0; i < 2; i++) {
      const tab = await context.newPage()
      await tab.goto(app.url)
      await tab.getByTestId('board').waitFor()
      followers.push(tab)
    }
    const result: TabLatencies = { engineToFollower: [], followerToFollower: [], durableInEngineTab: [], durableInFollowerTab: [] }
    for (let i = 0; i < EDITS_PER_WRITER; i++) {
      const fromEngine = await addAndTime(engine, followers[0]!, `engine edit ${i}`)
      result.engineToFollower.push(fromEngine.seen)
      result.durableInEngineTab.push(fromEngine.saved)
      const fromFollower = await addAndTime(followers[0]!, followers[1]!, `follower edit ${i}`)
      result.followerToFollower.push(fromFollower.seen)
      result.durableInFollowerTab.push(fromFollower.saved)
    }
    return result
  } finally {
    await browser.close()
    await app.close()
    await s3.stop()
  }
}

async function addAndTime(writer: Page, watcher: Page, title: string): Promise<{ seen: number; saved: number }> {
  await watcher.evaluate((text) => {
    const marks = window as Marks
    delete marks.__seenAt
    const observer = new MutationObserver(() => {
      if (![...document.querySelectorAll('[data-testid="task-title"]')].some((e) => e.textContent === text)) return
      marks.__seenAt = performance.timeOrigin + performance.now()
      observer.disconnect()
    })
    observer.observe(document.body, { subtree: true, childList: true, characterData: true })
  }, title)
  await writer.getByTestId('new-task-title').fill(title)
  const savesBefore = await writer.evaluate(() => window.__clientfulDebug!.saves())
  await writer.getByTestId('add-task').evaluate((button) => {
    button.addEventListener('pointerdown', () => ((window as Marks).__pressedAt = performance.timeOrigin + performance.now()), { once: true, capture: true })
  })
  await writer.getByTestId('add-task').click()
  await watcher.waitForFunction(() => (window as Marks).__seenAt !== undefined, undefined, { polling: 'raf' })
  await writer.waitForFunction((before) => window.__clientfulDebug!.saves() > before, savesBefore, { polling: 'raf' })
  const pressedAt = await writer.evaluate(() => (window as Marks).__pressedAt!)
  const seenAt = await watcher.evaluate(() => (window as Marks).__seenAt!)
  const savedAt = await writer.evaluate(() => window.__clientfulDebug!.lastSavedAt()!)
  return { seen: seenAt - pressedAt, saved: savedAt - pressedAt }
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}
