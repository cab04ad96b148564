// Startup: read config.json, open this browser profile's device (its keys and data live in
// IndexedDB; every tab shares one engine), and render the app.

import { openS3Url } from '@clientful/storage-s3'
import { openBrowserClient } from 'clientful/browser'
import { ClientfulProvider } from 'clientful/react'
import { createRoot } from 'react-dom/client'
import { App } from './App.tsx'
import { loadConfig } from './config.ts'

async function start(root: HTMLElement): Promise<void> {
  const view = createRoot(root)
  try {
    const config = await loadConfig()
    // Every storage URL opens with the deployment's bucket keys.
    const { accessKeyId, secretAccessKey } = config.storage
    const client = await openBrowserClient({ openStorage: async (url) => openS3Url(url, { accessKeyId, secretAccessKey }) })
    view.render(
      <ClientfulProvider client={client}>
        <App config={config} />
      </ClientfulProvider>,
    )
  } catch (error) {
    view.render(<p role="alert">Could not start: {error instanceof Error ? error.message : String(error)}</p>)
  }
}

const root = document.getElementById('root')
if (root) void start(root)
