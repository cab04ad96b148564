// The small pages the browser suites drive (seams, storage, hooks): each is built with Vite
// from its own folder, against the built packages as an app outside this repository would be,
// into a temp folder — and served from 127.0.0.1, a secure context as WebCrypto, IndexedDB and
// the origin private file system need.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build, type PluginOption } from 'vite'
import wasm from 'vite-plugin-wasm'
import { startStaticServer } from '../../scripts/services/static-server.ts'

export interface ServedTestPage {
  readonly url: string
  close(): Promise<void>
}

/** Builds the page in `root` (a folder with its index.html) into a new temp folder; returns it. */
export async function buildTestPage(root: string, name: string, options: { readonly wasm?: boolean } = {}): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), `clientful-${name}-`))
  const plugins: PluginOption[] = options.wasm ? [wasm()] : []
  try {
    await build({
      configFile: false,
      root,
      base: './',
      logLevel: 'warn',
      plugins,
      build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 8192, reportCompressedSize: false },
    })
    return outDir
  } catch (error) {
    await rm(outDir, { recursive: true, force: true })
    throw error
  }
}

/** Builds the page in `root` and serves it; close() stops the server and removes the build. */
export async function serveTestPage(root: string, name: string, options: { readonly wasm?: boolean } = {}): Promise<ServedTestPage> {
  const outDir = await buildTestPage(root, name, options)
  try {
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
