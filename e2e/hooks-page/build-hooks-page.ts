// Builds hooks-page.tsx with Vite (against the built packages, as an app outside this
// repository would) into a temp folder, for the clientful/testing fixtures to serve.

import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { build } from 'vite'
import wasm from 'vite-plugin-wasm'

export async function buildHooksPage(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'clientful-hooks-page-'))
  await build({
    configFile: false,
    root: import.meta.dirname,
    base: './',
    logLevel: 'warn',
    plugins: [wasm()],
    build: { outDir, emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 4096, reportCompressedSize: false },
  })
  return outDir
}
