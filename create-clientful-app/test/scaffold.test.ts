// The scaffolder from its sources: names, refusals, and the files it writes. (From its tarball,
// with npm create and the app's own test, in packaging/test/scaffold.test.ts.)

import { afterEach, describe, expect, it } from 'vitest'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isValidPackageName, packageName, scaffold, ScaffoldError } from '../src/scaffold.ts'

describe('create-clientful-app', () => {
  const dirs: string[] = []
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
  })
  const tempDir = async (): Promise<string> => {
    const dir = await mkdtemp(join(tmpdir(), 'clientful-create-'))
    dirs.push(dir)
    return dir
  }

  it('writes the template with the folder as package name and the clientful packages at its version', async () => {
    const dir = join(await tempDir(), 'Field Notes')
    const created = await scaffold({ dir, clientfulVersion: '1.2.3' })
    expect(created.name).toBe('field-notes')
    expect((await readdir(dir)).sort()).toContain('.gitignore')
    const manifest = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { name: string; dependencies: Record<string, string>; devDependencies: Record<string, string> }
    expect(manifest.name).toBe('field-notes')
    expect(manifest.dependencies.clientful).toBe('^1.2.3')
    expect(manifest.dependencies['@clientful/storage-s3']).toBe('^1.2.3')
    expect(manifest.devDependencies['@clientful/relay']).toBe('^1.2.3')
    expect(JSON.stringify(manifest)).not.toContain('0.0.0-clientful')
  })

  it('refuses a folder that is not empty, and a name npm would refuse, writing nothing', async () => {
    const dir = await tempDir()
    await writeFile(join(dir, 'notes.txt'), 'mine')
    await expect(scaffold({ dir })).rejects.toThrow(ScaffoldError)
    expect(await readdir(dir)).toEqual(['notes.txt'])
    const fresh = join(await tempDir(), 'app')
    await expect(scaffold({ dir: fresh, name: 'Not Valid!' })).rejects.toThrow(/not a valid npm package name/)
    await expect(readdir(fresh)).rejects.toThrow()
  })

  it('turns folder names into package names npm accepts', () => {
    expect(packageName('My App')).toBe('my-app')
    expect(packageName('..hidden')).toBe('hidden')
    expect(packageName('???')).toBe('clientful-app')
    expect(isValidPackageName('@team/list')).toBe(true)
    expect(isValidPackageName('Upper')).toBe(false)
  })
})
