// Copies the template into a new folder and makes it the user's: its package name, and the
// Clientful packages at this scaffolder's version (they are released together). Refuses to
// write into a folder that already holds something.

import { cp, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'

export const TEMPLATE_DIR = resolve(import.meta.dirname, '../template')
const VERSION_PLACEHOLDER = '0.0.0-clientful'

export class ScaffoldError extends Error {
  override name = 'ScaffoldError'
}

export interface ScaffoldOptions {
  /** Where the app goes; created if missing, refused if not empty. */
  readonly dir: string
  /** The package name; default: the folder's name, made valid. */
  readonly name?: string
  /** The version of the clientful packages; default: this scaffolder's. */
  readonly clientfulVersion?: string
}

export interface Scaffolded {
  readonly dir: string
  readonly name: string
}

export async function scaffold(options: ScaffoldOptions): Promise<Scaffolded> {
  const dir = resolve(options.dir)
  const existing = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw new ScaffoldError(`cannot use ${dir}: ${error.message}`)
  })
  if (existing.length > 0) throw new ScaffoldError(`${dir} is not empty: choose a new folder`)
  const name = options.name ?? packageName(basename(dir))
  if (!isValidPackageName(name)) throw new ScaffoldError(`${JSON.stringify(name)} is not a valid npm package name: pass --name`)
  const version = options.clientfulVersion ?? (await ownVersion())

  await mkdir(dir, { recursive: true })
  await cp(TEMPLATE_DIR, dir, { recursive: true, filter: (source) => !/[\\/](node_modules|dist|test-results|\.clientful-dev)$/.test(source) })
  // npm leaves .gitignore files out of published packages: the template keeps it as _gitignore.
  await rename(join(dir, '_gitignore'), join(dir, '.gitignore'))
  const manifestPath = join(dir, 'package.json')
  const manifest = (await readFile(manifestPath, 'utf8')).replaceAll(`"${VERSION_PLACEHOLDER}"`, JSON.stringify(`^${version}`))
  await writeFile(manifestPath, manifest.replace(/"name": "[^"]*"/, `"name": ${JSON.stringify(name)}`))
  return { dir, name }
}

/** A folder name as an npm package name: lower case, and only the characters npm allows. */
export function packageName(folder: string): string {
  const cleaned = folder
    .toLowerCase()
    .replace(/[^a-z0-9._~-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '')
  return cleaned === '' ? 'clientful-app' : cleaned.slice(0, 214)
}

export function isValidPackageName(name: string): boolean {
  return /^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(name) && name.length <= 214
}

async function ownVersion(): Promise<string> {
  const manifest = JSON.parse(await readFile(resolve(import.meta.dirname, '../package.json'), 'utf8')) as { version: string }
  return manifest.version
}
