// Builds the packages and packs them into a temp folder outside the repository, once per run;
// the tests get the tarballs through vitest's provide/inject.

import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestProject } from 'vitest/node'
import { ok, packPackages, REPO, type PackedPackage } from './pack.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    packed: PackedPackage[]
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ok('npm', ['run', 'build:packages'], { cwd: REPO })
  const folder = await mkdtemp(join(tmpdir(), 'clientful-tarballs-'))
  project.provide('packed', [...(await packPackages(folder)).values()])
  return () => rm(folder, { recursive: true, force: true })
}
