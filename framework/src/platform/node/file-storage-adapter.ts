// The device's local persistence in Node: automerge-repo's StorageAdapterInterface over a
// directory, one file per key, replaced atomically. Key ['a','b'] lives at a/b.v, so a key
// and a longer key sharing its prefix never collide.

import { readdir, readFile, rm } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import type { Chunk, StorageAdapterInterface, StorageKey } from '@automerge/automerge-repo/slim'
import { TEMP_SUFFIX, writeFileAtomic } from './atomic-file.ts'

const EXT = '.v'

export class FileStorageAdapter implements StorageAdapterInterface {
  readonly #root: string

  constructor(root: string) {
    this.#root = root
  }

  #path(key: StorageKey): string {
    return join(this.#root, ...key.slice(0, -1), key.at(-1)! + EXT)
  }

  async load(key: StorageKey): Promise<Uint8Array | undefined> {
    try {
      const data = await readFile(this.#path(key))
      return new Uint8Array(data.buffer, data.byteOffset, data.byteLength) // a view, not a copy
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
  }

  save(key: StorageKey, data: Uint8Array): Promise<void> {
    return writeFileAtomic(this.#path(key), data, { mode: 0o600 })
  }

  remove(key: StorageKey): Promise<void> {
    return rm(this.#path(key), { force: true })
  }

  async loadRange(prefix: StorageKey): Promise<Chunk[]> {
    const keys = await this.#keysUnder(prefix)
    return Promise.all(keys.map(async (key) => ({ key, data: await this.load(key) })))
  }

  async removeRange(prefix: StorageKey): Promise<void> {
    await Promise.all((await this.#keysUnder(prefix)).map((key) => this.remove(key)))
    if (prefix.length > 0) await rm(join(this.#root, ...prefix), { recursive: true, force: true })
  }

  async #keysUnder(prefix: StorageKey): Promise<StorageKey[]> {
    const keys: StorageKey[] = []
    if (prefix.length > 0 && (await this.load(prefix)) !== undefined) keys.push([...prefix])
    const walk = async (dir: string): Promise<void> => {
      let entries
      try {
        entries = await readdir(dir, { withFileTypes: true })
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
        throw error
      }
      for (const entry of entries) {
        const full = join(dir, entry.name)
        if (entry.isDirectory()) await walk(full)
        else if (entry.name.endsWith(EXT) && !entry.name.endsWith(TEMP_SUFFIX)) {
          keys.push(relative(this.#root, full).slice(0, -EXT.length).split(sep))
        }
      }
    }
    await walk(join(this.#root, ...prefix))
    return keys
  }
}
