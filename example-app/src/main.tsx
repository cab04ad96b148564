// Startup: register the service worker (offline, installable, updates on request), read the
// deployment's config.json, open this browser profile's device (IndexedDB), ask the browser to
// keep its data, and render the board.

import type { ClientApi } from 'clientful'
import { openBrowserClient } from 'clientful/browser'
import { ClientfulProvider } from 'clientful/react'
import { createRoot } from 'react-dom/client'
import { App } from './app/App.tsx'
import { ServicesContext, type AppServices } from './app/services.ts'
import { loadRuntimeConfig, type RuntimeConfig } from './config/runtime-config.ts'
import { mirrorCredentials } from './offline/credential-mirror.ts'
import { requestPersistentStorage } from './offline/device-storage.ts'
import { registerServiceWorker } from './offline/register-service-worker.ts'
import { describeError } from './session/describe-error.ts'
import { createAppStorage } from './storage/app-storage.ts'
import { createCredentialStore, credentialKey, type S3Credentials } from './storage/credential-store.ts'
import { createFolderPicker } from './storage/google-picker.ts'
import { createGoogleTokenSource } from './storage/google-token.ts'
import { boardRules } from './tasks/app-board.ts'

function configCredentials(config: RuntimeConfig, storageUrl: string): S3Credentials | undefined {
  const { url, accessKeyId, secretAccessKey } = config.storage ?? {}
  if (!url || !accessKeyId || secretAccessKey === undefined) return undefined
  return credentialKey(url) === credentialKey(storageUrl) ? { accessKeyId, secretAccessKey } : undefined
}

async function start(root: HTMLElement): Promise<void> {
  const view = createRoot(root)
  view.render(<main className="loading">Starting…</main>)
  const updates = registerServiceWorker()
  const loaded = await loadRuntimeConfig()
  const credentials = createCredentialStore((url) => configCredentials(loaded.config, url), globalThis.localStorage, mirrorCredentials)
  const storage = createAppStorage(credentials, createGoogleTokenSource(loaded.config.google), createFolderPicker(loaded.config.google))
  const services: AppServices = { config: loaded.config, credentials, storage, updates, configFound: loaded.found }
  let client: ClientApi
  try {
    client = await openBrowserClient({ openStorage: storage.open, rules: boardRules })
  } catch (error) {
    view.render(
      <main className="loading" data-testid="startup-failed" role="alert">
        This browser could not open the board's local database: {describeError(error)}
      </main>,
    )
    return
  }
  void requestPersistentStorage()
  view.render(
    <ClientfulProvider client={client}>
      <ServicesContext.Provider value={services}>
        <App startupProblem={loaded.ok ? undefined : loaded.problem} />
      </ServicesContext.Provider>
    </ClientfulProvider>,
  )
}

const root = document.getElementById('root')
if (root) void start(root)
