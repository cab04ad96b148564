// `npm run build:packages`: every published package's src/ → dist/ (ES2022 JavaScript and
// .d.ts) with the repository's TypeScript, in dependency order, since a package's build
// reads the declarations of the packages it imports from their dist/. Afterwards no file in
// any dist/ imports a `.ts` path, and bin launchers point at built files only.

import { spawn } from 'node:child_process'
import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { PACKAGE_DIRS } from './packages.ts'

const REPO = resolve(import.meta.dirname, '..')

function tsc(project: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', project], { stdio: 'inherit' })
    child.on('error', reject)
    child.on('close', (code) => (code === 0 ? resolvePromise() : reject(new Error(`tsc -p ${project} exited ${code}`))))
  })
}

/**
 * TypeScript rewrites `.ts` specifiers to `.js` in emitted JavaScript but keeps them in
 * declarations; older TypeScript versions in apps refuse `.ts` there, so rewrite them too.
 */
const RELATIVE_TS = /((?:from|import)\s*\(?\s*['"])(\.{1,2}\/[^'"]+?)\.(ts|tsx)(['"])/g

async function rewriteDeclarations(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue
    const path = join(entry.parentPath, entry.name)
    const text = await readFile(path, 'utf8')
    const rewritten = text.replace(RELATIVE_TS, (_, before: string, specifier: string, _ext: string, quote: string) => `${before}${specifier}.js${quote}`)
    if (rewritten !== text) await writeFile(path, rewritten)
  }
}

async function buildPackage(dir: string): Promise<void> {
  const root = join(REPO, dir)
  await rm(join(root, 'dist'), { recursive: true, force: true })
  await tsc(join(root, 'tsconfig.build.json'))
  await rewriteDeclarations(join(root, 'dist'))
}

const started = performance.now()
for (const dir of PACKAGE_DIRS) await buildPackage(dir)
console.log(`built ${PACKAGE_DIRS.length} packages in ${((performance.now() - started) / 1000).toFixed(1)} s`)
