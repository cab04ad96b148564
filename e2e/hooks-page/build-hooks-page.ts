// The hooks page (hooks-page.tsx), built against the built packages for the clientful/testing
// fixtures to serve.

import { buildTestPage } from '../support/test-page.ts'

export function buildHooksPage(): Promise<string> {
  return buildTestPage(import.meta.dirname, 'hooks-page', { wasm: true })
}
