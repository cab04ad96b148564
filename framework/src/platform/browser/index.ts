// Browser platform: one IndexedDB database per app holds the device's local data and its
// non-extractable keys; the device's engine runs in one tab at a time (a Web Lock decides
// which) and every other tab of the profile follows it live over a BroadcastChannel.

import { Clientful, type ClientfulOptions } from '../../client.ts'
import type { ClientApi } from '../../api/client-api.ts'
import { randomBytes } from '../../crypto/webcrypto.ts'
import type { WebSocketFactory } from '../../api/websocket-like.ts'
import { broadcastTabChannel } from '../../tabs/broadcast-tab-channel.ts'
import { exposeForTests } from '../../testing/test-hook.ts'
import { TabClient } from '../../tabs/tab-client.ts'
import { toBase64Url, toHex } from '../../util/bytes.ts'
import { openDatabase } from './idb.ts'
import { IndexedDBAdapter } from './indexeddb-adapter.ts'
import { IndexedDBKeyStore } from './indexeddb-key-store.ts'
import { webLeaderLock } from './web-lock.ts'

export { IndexedDBAdapter } from './indexeddb-adapter.ts'
export { IndexedDBKeyStore } from './indexeddb-key-store.ts'

export interface BrowserClientOptions extends Omit<ClientfulOptions, 'local' | 'keys' | 'deviceLock'> {
  /** IndexedDB database (and tab channel) name: one device per name. Default "clientful". */
  readonly database?: string
  /** How the engine tab opens relay sockets. Default: the browser's WebSocket. */
  readonly connect?: WebSocketFactory
}

/**
 * This browser profile's device, as seen from this tab. Open it in every tab: one of them runs
 * the device's engine, the others follow it live and take over when it closes.
 */
export async function openBrowserClient(options: BrowserClientOptions): Promise<ClientApi & { readonly runsEngine: boolean }> {
  const { database = 'clientful', connect = (url: string) => new WebSocket(url), ...engineOptions } = options
  let engine: Clientful | undefined
  const client = await TabClient.open({
    channel: broadcastTabChannel(`clientful-tabs:${database}`),
    lock: webLeaderLock(`clientful-engine:${database}`),
    tabId: toHex(randomBytes(8)),
    connect,
    openEngine: async () => {
      const db = openDatabase(database, ['data', 'keys'])
      // Ask the browser not to evict this origin's data under storage pressure.
      await navigator.storage?.persist?.().catch(() => false)
      engine = await Clientful.open({ ...engineOptions, local: new IndexedDBAdapter(db, 'data'), keys: new IndexedDBKeyStore(db, 'keys') })
      return engine
    },
  })
  // Only when the page's tests asked for it (testing/test-hook.ts).
  exposeForTests(client, async () => {
    const secrets: Record<string, string[]> = {}
    for (const { id } of (await engine?.workspaces()) ?? []) {
      const { keyring } = (await engine!.workspace(id)).parts
      secrets[id] = keyring.held().map((epoch) => toBase64Url(keyring.get(epoch)!.secret))
    }
    return secrets
  })
  return client
}
