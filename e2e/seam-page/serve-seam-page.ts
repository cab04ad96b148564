// The seam suites' page (seam-page.ts), built against the built packages and served.

import { serveTestPage, type ServedTestPage } from '../support/test-page.ts'

export type ServedSeamPage = ServedTestPage

export function serveSeamPage(): Promise<ServedSeamPage> {
  return serveTestPage(import.meta.dirname, 'seam-page', { wasm: true })
}
