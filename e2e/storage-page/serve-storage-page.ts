// The storage conformance page (storage-page.ts), built and served.

import { serveTestPage, type ServedTestPage } from '../support/test-page.ts'

export type ServedStoragePage = ServedTestPage

export function serveStoragePage(): Promise<ServedStoragePage> {
  return serveTestPage(import.meta.dirname, 'storage-page')
}
