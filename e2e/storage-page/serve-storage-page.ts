// Builds storage-page.ts with Vite into a temp folder and serves it from 127.0.0.1 (a secure
// context, as WebCrypto and the origin private file system need).

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import { startStaticServer } from '../../scripts/services/static-server.ts'

export interface ServedStoragePage {
  readonly url: string
  close(): Promise<void>
}

export async function serveStoragePage(): Promise<ServedStoragePage> {
  const outDir = await mkdtemp(join(tmpdir(), 'clientful-storage-page-'))
  try {
    await build({
      configFile: false,
      root: import.meta.dirname,
      base: './',
      logLevel: 'warn',
      build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4096, reportCompressedSize: false },
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
