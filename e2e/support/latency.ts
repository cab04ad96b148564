// Measures edit-to-screen latency with the browser's own clock (all pages share it): the
// moment a button is pressed on one page (pointerdown: a field may already commit on the
// blur that precedes click) and the moment the text appears on another page.

import type { Locator, Page } from '@playwright/test'

type Marks = { __clickedAt?: number; __seenAt?: number }

export async function markClick(button: Locator): Promise<void> {
  await button.evaluate((element) => {
    delete (window as Marks).__clickedAt
    element.addEventListener('pointerdown', () => ((window as Marks).__clickedAt = Date.now()), { once: true, capture: true })
  })
}

export async function markAppearance(page: Page, selector: string, text: string): Promise<void> {
  await page.evaluate(
    ({ selector, text }) => {
      delete (window as Marks).__seenAt
      const seen = (): boolean => [...document.querySelectorAll(selector)].some((element) => element.textContent === text)
      const observer = new MutationObserver(() => {
        if (!seen()) return
        ;(window as Marks).__seenAt = Date.now()
        observer.disconnect()
      })
      observer.observe(document.body, { subtree: true, childList: true, characterData: true })
    },
    { selector, text },
  )
}

export async function measuredLatency(from: Page, to: Page): Promise<number> {
  const clickedAt = await from.evaluate(() => (window as Marks).__clickedAt)
  const seenAt = await to.evaluate(() => (window as Marks).__seenAt)
  if (clickedAt === undefined || seenAt === undefined) throw new Error('latency marks missing')
  return seenAt - clickedAt
}
