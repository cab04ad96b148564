// A project outside the repository, with the published packages installed from their tarballs
// the way an app installs them from the registry.

import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { installInto, REPO, type PackedPackage } from './pack.ts'

/** The version this repository uses, so the consumer's install is served from npm's cache. */
export async function repoVersion(name: string): Promise<string> {
  return (JSON.parse(await readFile(join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version
}

export async function createConsumer(packed: readonly PackedPackage[], thirdParty: readonly string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'clientful-consumer-'))
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2))
  const pinned = await Promise.all(thirdParty.map(async (name) => `${name}@${await repoVersion(name)}`))
  await installInto(dir, [...packed.map((p) => p.tarball), ...pinned])
  return dir
}
