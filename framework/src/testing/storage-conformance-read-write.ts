// Conformance cases for single files: round trips, overwrite, missing files, delete, names.

import type { UserStorage } from '../storage/user-storage.ts'
import { isStorageError } from '../storage/storage-error.ts'
import type { ConformanceCaseBodies } from './storage-conformance-case.ts'
import { check, checkBytes, checkPaths, patternBytes } from './storage-conformance-checks.ts'

const FIVE_MB = 5 * 1024 * 1024

async function roundTrip(storage: UserStorage, path: string, data: Uint8Array): Promise<void> {
  await storage.write(path, data)
  checkBytes(await storage.read(path), data, `read after write of ${path}`)
}

export const readWriteCases: ConformanceCaseBodies = {
  'write then read returns every byte value 0..255': async (storage, dir) => {
    await roundTrip(storage, `${dir}all-bytes.json`, Uint8Array.from({ length: 256 }, (_, i) => i))
  },

  'an empty file is stored, listed and read back as zero bytes': async (storage, dir) => {
    await roundTrip(storage, `${dir}empty.json`, new Uint8Array(0))
    checkPaths(await storage.list(dir), [`${dir}empty.json`], 'list of a folder holding an empty file')
  },

  'a 5 MB file round-trips intact': async (storage, dir) => {
    await roundTrip(storage, `${dir}large.json`, patternBytes(FIVE_MB, 5))
  },

  'overwriting replaces the whole content, shorter or longer': async (storage, dir) => {
    const path = `${dir}replaced.json`
    await roundTrip(storage, path, patternBytes(4096, 1))
    await roundTrip(storage, path, patternBytes(10, 2)) // no stale tail may survive
    await roundTrip(storage, path, patternBytes(70_000, 3))
  },

  'a read with maxBytes refuses a larger file as too-large, and serves one within the limit': async (storage, dir) => {
    const path = `${dir}bounded.json`
    await storage.write(path, patternBytes(2048, 7))
    checkBytes(await storage.read(path, { maxBytes: 2048 }), patternBytes(2048, 7), 'a file exactly at the limit')
    const refused: unknown = await storage.read(path, { maxBytes: 2047 }).then(() => undefined, (error: unknown) => error)
    check(isStorageError(refused) && refused.kind === 'too-large', `a file over the limit gives a 'too-large' StorageError (got ${String(refused)})`)
    check((await storage.read(`${dir}absent.json`, { maxBytes: 10 })) === undefined, 'a missing file with a limit')
  },

  'reading a missing file gives undefined': async (storage, dir) => {
    await storage.write(`${dir}present.json`, new Uint8Array([1]))
    check((await storage.read(`${dir}absent.json`)) === undefined, 'missing file in an existing folder')
    check((await storage.read(`${dir}no-such-folder/x.json`)) === undefined, 'missing file in a missing folder')
    check((await storage.read(`${dir}present.json/x.json`)) === undefined, 'path below a file')
  },

  'delete removes the file and deleting a missing file succeeds': async (storage, dir) => {
    const [gone, kept] = [`${dir}sub/gone.json`, `${dir}sub/kept.json`]
    await storage.write(gone, new Uint8Array([1, 2, 3]))
    await storage.write(kept, new Uint8Array([4]))
    await storage.delete(gone)
    check((await storage.read(gone)) === undefined, 'a deleted file must read as undefined')
    checkBytes(await storage.read(kept), new Uint8Array([4]), 'a sibling of a deleted file')
    checkPaths(await storage.list(dir), [kept], 'list after delete')
    await storage.delete(gone) // twice: deleting is idempotent
    await storage.delete(`${dir}never-written.json`)
    await storage.delete(`${dir}no-such-folder/never-written.json`)
    await storage.delete(kept)
    checkPaths(await storage.list(dir), [], 'list after deleting every file')
  },

  'paths made of the format characters round-trip and list': async (storage, dir) => {
    const names = [
      '0123456789abcdef/workspace.json',
      '0123456789abcdef/log/0a1b2c3d-e4f5_6789/000000000001.json',
      '0123456789abcdef/members/_leading-underscore.json',
      '0123456789abcdef/members/-leading-dash.json',
      'f/e/d/c/b/a/9/8/deep.json',
      'no-extension',
    ]
    for (const [i, name] of names.entries()) await roundTrip(storage, dir + name, patternBytes(100 + i, i + 1))
    checkPaths(await storage.list(dir), names.map((name) => dir + name).sort(), 'list of format-character paths')
  },

  'stored bytes are isolated from the caller buffers': async (storage, dir) => {
    const path = `${dir}isolated.json`
    const written = new Uint8Array([1, 2, 3])
    await storage.write(path, written)
    written[0] = 99 // the caller reuses its buffer after the write resolved
    const firstRead = await storage.read(path)
    checkBytes(firstRead, new Uint8Array([1, 2, 3]), 'read after the caller changed its buffer')
    firstRead[1] = 99 // the caller changes what it read
    checkBytes(await storage.read(path), new Uint8Array([1, 2, 3]), 'read after the caller changed a read result')
  },
}
