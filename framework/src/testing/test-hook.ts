// How an app's end-to-end tests reach the device in a page without going through its UI:
// when the page defined `window.__clientfulTest` before the app started (the Playwright
// fixtures in clientful/testing/playwright do, with an init script), openBrowserClient puts
// the device's client there, with a helper that reads every document's heads (equal heads on
// every device = converged). A page that did not ask gets nothing: the hook only exists when
// code running in the page created it first, and such code could reach the device anyway.

import * as A from '@automerge/automerge'
import type { ClientApi } from '../api/client-api.ts'
import { TEST_HOOK } from './test-hook-key.ts'

export interface ClientfulTestHook {
  client?: ClientApi
  /** Per workspace id, per document name: the document's heads, sorted. */
  heads?: () => Promise<Record<string, Record<string, string[]>>>
  /**
   * Per workspace id, every epoch secret this tab's engine holds (base64url; none in a tab that
   * follows another): for tests that check what members' keys open in storage, e.g. after an erasure.
   */
  epochSecrets?: () => Promise<Record<string, string[]>>
}

export function exposeForTests(client: ClientApi, epochSecrets?: () => Promise<Record<string, string[]>>): void {
  const hook = (globalThis as Record<string, unknown>)[TEST_HOOK]
  if (typeof hook !== 'object' || hook === null) return
  const target = hook as ClientfulTestHook
  target.client = client
  target.heads = () => documentHeads(client)
  if (epochSecrets) target.epochSecrets = epochSecrets
}

async function documentHeads(client: ClientApi): Promise<Record<string, Record<string, string[]>>> {
  const out: Record<string, Record<string, string[]>> = {}
  for (const { id } of await client.workspaces()) {
    const ws = await client.workspace(id)
    const docs: Record<string, string[]> = {}
    for (const { name } of await ws.documents()) {
      if (name === undefined) continue
      const handle = await ws.findDoc(name)
      if (handle) docs[name] = [...A.getHeads(handle.doc())].sort()
    }
    out[id] = docs
  }
  return out
}
