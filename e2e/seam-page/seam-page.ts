// The page e2e/seam-conformance.spec.ts drives: the conformance suites of clientful/testing on
// the browser's implementations of each seam — IndexedDBAdapter (local persistence),
// IndexedDBKeyStore (keys), the browser's WebSocket (relay transport), WebCrypto and noble
// (crypto provider), Date.now (clock) — one call per case.

import { defaultCryptoProvider, nobleCryptoProvider, webCryptoProvider, type CryptoProvider } from 'clientful'
import { IndexedDBAdapter, IndexedDBKeyStore } from 'clientful/browser'
import {
  clockConformanceCases,
  cryptoConformanceCases,
  keyStoreConformanceCases,
  localPersistenceConformanceCases,
  relayTransportConformanceCases,
} from 'clientful/testing'

export type Suite = 'persistence' | 'keys' | 'transport' | 'clock' | 'crypto:webcrypto' | 'crypto:noble' | 'crypto:webcrypto+noble'

export interface CaseOutcome {
  readonly ok: boolean
  readonly error?: string
}

declare global {
  interface Window {
    seamPage: {
      caseNames(suite: Suite): string[]
      runCase(suite: Suite, name: string, options: { echoUrl: string; refusedUrl: string }): Promise<CaseOutcome>
    }
  }
}

let databases = 0

/** A fresh IndexedDB database per case, opened again (a reload) by each open(). */
function freshDatabase(stores: readonly string[]): () => Promise<IDBDatabase> {
  const name = `seam-${Date.now().toString(36)}-${databases++}`
  return () =>
    new Promise((resolve, reject) => {
      const request = indexedDB.open(name, 1)
      request.onupgradeneeded = () => {
        for (const store of stores) request.result.createObjectStore(store)
      }
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
}

const CRYPTO: Record<string, CryptoProvider> = { webcrypto: webCryptoProvider, noble: nobleCryptoProvider, 'webcrypto+noble': defaultCryptoProvider }

function casesOf(suite: Suite): { name: string; run: (options: { echoUrl: string; refusedUrl: string }) => Promise<void> }[] {
  switch (suite) {
    case 'persistence':
      return localPersistenceConformanceCases().map((c) => ({
        name: c.name,
        run: () => {
          const open = freshDatabase(['data'])
          // IndexedDB stores only valid keys: an object is not one, so a put with it fails.
          return c.run({ open: async () => new IndexedDBAdapter(open(), 'data'), blockedKey: async () => [{}] as unknown as string[] })
        },
      }))
    case 'keys':
      return keyStoreConformanceCases().map((c) => ({
        name: c.name,
        run: () => {
          const open = freshDatabase(['keys'])
          return c.run({ open: async () => new IndexedDBKeyStore(open(), 'keys') })
        },
      }))
    case 'transport':
      return relayTransportConformanceCases().map((c) => ({ name: c.name, run: (o) => c.run({ connect: (url) => new WebSocket(url), ...o }) }))
    case 'clock':
      return clockConformanceCases().map((c) => ({ name: c.name, run: () => c.run(() => Date.now()) }))
    default: {
      const provider = CRYPTO[suite.slice('crypto:'.length)]!
      return cryptoConformanceCases().map((c) => ({ name: c.name, run: () => c.run(provider) }))
    }
  }
}

window.seamPage = {
  caseNames: (suite) => casesOf(suite).map((c) => c.name),
  async runCase(suite, name, options) {
    const found = casesOf(suite).find((c) => c.name === name)
    if (!found) return { ok: false, error: `no case ${JSON.stringify(name)} in ${suite}` }
    try {
      await found.run(options)
      return { ok: true }
    } catch (error) {
      return { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }
    }
  },
}
