// Builds seam-page.ts with Vite (against the built packages, as an app would) into a temp
// folder and serves it from 127.0.0.1 (a secure context, as WebCrypto and IndexedDB need).

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import wasm from 'vite-plugin-wasm'
import { startStaticServer } from '../../scripts/services/static-server.ts'

export interface ServedSeamPage {
  readonly url: string
  close(): Promise<void>
}

export async function serveSeamPage(): Promise<ServedSeamPage> {
  const outDir = await mkdtemp(join(tmpdir(), 'clientful-seam-page-'))
  try {
    await build({
      configFile: false,
      root: import.meta.dirname,
      base: './',
      logLevel: 'warn',
      plugins: [wasm()],
      build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8192, reportCompressedSize: false },
    })
    const server = await startStaticServer({ root: outDir })
    return {
      url: server.url,
      async close() {
        await server.close()
        await rm(outDir, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await rm(outDir, { recursive: true, force: true })
    throw error
  }
}
