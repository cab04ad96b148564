// `npm create clientful-app`, end to end, outside the repository: the scaffolder runs from its
// tarball, the app installs the Clientful packages from theirs (third-party packages from the
// registry or npm's cache), builds, and its own test — two devices in Chromium syncing through
// a local s3rver and relay — passes.

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { installInto, ok, run } from '../pack.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

describe('npm create clientful-app', () => {
  const packed = new Map(inject('packed').map((p) => [p.name, p]))
  let parent: string
  let app: string

  beforeAll(async () => {
    parent = await mkdtemp(join(tmpdir(), 'clientful-scaffold-'))
    app = join(parent, 'my-list')
  })
  afterAll(() => rm(parent, { recursive: true, force: true }))

  it('scaffolds a new folder and refuses one that is not empty', async () => {
    const scaffolder = packed.get('create-clientful-app')!.tarball
    const created = await ok('npm', ['exec', '--yes', '--package', scaffolder, '--', 'create-clientful-app', 'my-list'], { cwd: parent })
    expect(created.stdout).toContain('npm install && npm start')
    expect(created.stdout).toContain('npm test')
    expect((await readdir(app)).sort()).toEqual(['.gitignore', 'README.md', 'index.html', 'package.json', 'playwright.config.ts', 'src', 'tests', 'tsconfig.json', 'vite.config.ts'])
    const manifest = JSON.parse(await readFile(join(app, 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string> }
    expect(manifest.name).toBe('my-list')
    expect(manifest.dependencies.clientful).toBe(`^${packed.get('clientful')!.version}`)
    const again = await run('npm', ['exec', '--yes', '--package', scaffolder, '--', 'create-clientful-app', 'my-list'], { cwd: parent })
    expect(again.code).toBe(1)
    expect(again.stderr).toMatch(/is not empty/)
  })

  it("installs from the tarballs, builds, and passes its own two-device test", async () => {
    const ours = ['clientful', '@clientful/storage-s3', '@clientful/relay', '@clientful/relay-protocol'].map((name) => packed.get(name)!.tarball)
    await installInto(app, ours)
    await ok('npm', ['run', 'build'], { cwd: app })
    const test = await run('npx', ['playwright', 'test'], { cwd: app, env: { CHROMIUM_PATH: CHROMIUM }, timeoutMs: 300_000 })
    expect(test.code, `${test.stdout}\n${test.stderr}`).toBe(0)
    expect(test.stdout).toMatch(/1 passed/)
  })
})
