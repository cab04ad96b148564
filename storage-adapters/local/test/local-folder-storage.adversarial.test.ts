import { chmod, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLocalFolderStorage, openFileUrl } from '../src/index.ts'
import { storageErrorFromFs } from '../src/fs-errors.ts'

let parent: string
beforeEach(async () => {
  parent = await mkdtemp(join(tmpdir(), 'clientful-local-adv-'))
})
afterEach(async () => {
  await chmod(parent, 0o700)
  await rm(parent, { recursive: true, force: true })
})

const BYTES = new Uint8Array([1, 2, 3])
const ESCAPING = ['../escape.json', 'a/../../escape.json', '/etc/passwd', '..\\escape.json', 'a\\b.json', 'C:/x.json']
const MALFORMED = ['', 'a//b.json', './a.json', 'a/.', 'a/', 'a/b.json\0', 'a/x.clientful-tmp']

describe('local folder storage refuses paths outside its root', () => {
  it.each([...ESCAPING, ...MALFORMED])('refuses %j for read, write and delete', async (path) => {
    const storage = createLocalFolderStorage(join(parent, 'root'))
    await expect(storage.write(path, BYTES)).rejects.toMatchObject({ kind: 'invalid', retryable: false })
    await expect(storage.read(path)).rejects.toMatchObject({ kind: 'invalid' })
    await expect(storage.delete(path)).rejects.toMatchObject({ kind: 'invalid' })
    expect(await readdir(parent)).toEqual([]) // nothing written anywhere, not even the root
  })

  it.each(['../', '/', 'a/../', 'a//', '..', 'a\\'])('refuses list prefix %j', async (prefix) => {
    const storage = createLocalFolderStorage(join(parent, 'root'))
    await expect(storage.list(prefix)).rejects.toMatchObject({ kind: 'invalid' })
  })

  it('does not list symlinks, which could lead outside the root', async () => {
    const storage = createLocalFolderStorage(join(parent, 'root'))
    await storage.write('inside.json', BYTES)
    await writeFile(join(parent, 'secret.json'), 'secret')
    await symlink(join(parent, 'secret.json'), join(parent, 'root', 'link.json'))
    expect(await storage.list('')).toEqual(['inside.json'])
  })
})

describe('local folder storage root and temp files', () => {
  it('treats a missing root as empty and creates it on the first write', async () => {
    const storage = createLocalFolderStorage(join(parent, 'root'))
    expect(await storage.read('a.json')).toBeUndefined()
    expect(await storage.list('')).toEqual([])
    await storage.delete('a.json')
    await storage.write('x/y/a.json', BYTES)
    expect(await storage.list('')).toEqual(['x/y/a.json'])
  })

  it('refuses to create the root when its parent is missing too (an unmounted drive)', async () => {
    const storage = createLocalFolderStorage(join(parent, 'unmounted', 'root'))
    await expect(storage.write('a.json', BYTES)).rejects.toMatchObject({ kind: 'missing-root', retryable: false })
    expect(await readdir(parent)).toEqual([])
  })

  it('leaves no temp files behind and never lists them', async () => {
    const storage = createLocalFolderStorage(join(parent, 'root'))
    await Promise.all(Array.from({ length: 20 }, (_, i) => storage.write('d/same.json', new Uint8Array([i]))))
    expect(await readdir(join(parent, 'root', 'd'))).toEqual(['same.json'])
    await writeFile(join(parent, 'root', 'd', '.0123abcd.clientful-tmp'), 'left by a crash')
    expect(await storage.list('d/')).toEqual(['d/same.json'])
  })

  it('reports writing below a file as invalid', async () => {
    const storage = createLocalFolderStorage(join(parent, 'root'))
    await storage.write('a.json', BYTES)
    await expect(storage.write('a.json/b.json', BYTES)).rejects.toMatchObject({ kind: 'invalid' })
  })

  it.skipIf(process.getuid?.() === 0)('reports a read-only root as auth (skipped as root, who may write anyway)', async () => {
    const storage = createLocalFolderStorage(parent)
    await chmod(parent, 0o500)
    await expect(storage.write('a.json', BYTES)).rejects.toMatchObject({ kind: 'auth' })
  })
})

describe('local folder fs error mapping', () => {
  // A full disk cannot be produced here without mounting; map the errno Node would raise.
  it.each([
    ['ENOSPC', 'quota', false],
    ['EDQUOT', 'quota', false],
    ['EACCES', 'auth', false],
    ['EPERM', 'auth', false],
    ['EROFS', 'auth', false],
    ['ENODEV', 'unreachable', true],
    ['EBUSY', 'transient', true],
    ['EWHATEVER', 'transient', true],
  ])('%s becomes %s (retryable: %s)', (code, kind, retryable) => {
    const errno = Object.assign(new Error(`${code}: simulated`), { code })
    const error = storageErrorFromFs(errno, 'file:///x', 'write a.json')
    expect(error).toMatchObject({ kind, retryable, location: 'file:///x', cause: errno })
    expect(error.message).toContain('write a.json')
  })
})

describe('openFileUrl', () => {
  it('opens the folder a file URL names, with that URL as its location', async () => {
    const url = pathToFileURL(join(parent, 'via url')).href
    const storage = await openFileUrl(url)
    expect(storage.location).toBe(url)
    await storage.write('a.json', BYTES)
    expect(await createLocalFolderStorage(join(parent, 'via url')).read('a.json')).toEqual(BYTES)
  })

  it.each(['s3://bucket/prefix', 'not a url', 'file://remote-host/share', 'file:///tmp/x?mode=1'])(
    'refuses %j as invalid',
    async (url) => {
      await expect(openFileUrl(url)).rejects.toMatchObject({ kind: 'invalid' })
    },
  )
})
