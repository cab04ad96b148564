// Node key store: one JSON file readable only by its owner (0600), replaced atomically.
// Private keys are kept as seeds here: a CLI home is protected by file permissions, not by
// a non-extractable key handle (which Node cannot persist).

import { readFile } from 'node:fs/promises'
import { fromBase64Url, toBase64Url } from '../../util/bytes.ts'
import { keyPairFromSeed, seedFromText, seedToText, type CurveAlgorithm, type KeyPair } from '../../crypto/keys.ts'
import type { KeyStore } from '../../identity/key-store.ts'
import { Mutex } from '../../util/async.ts'
import { writeFileAtomic } from './atomic-file.ts'

interface KeyFile {
  format: 'clientful/keys'
  v: 1
  pairs: Record<string, { algorithm: CurveAlgorithm; seed: string }>
  secrets: Record<string, string>
}

export class FileKeyStore implements KeyStore {
  readonly persistsSeeds = true
  readonly #path: string
  readonly #lock = new Mutex()

  constructor(path: string) {
    this.#path = path
  }

  async #read(): Promise<KeyFile> {
    try {
      return JSON.parse(await readFile(this.#path, 'utf8')) as KeyFile
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { format: 'clientful/keys', v: 1, pairs: {}, secrets: {} }
      throw new Error(`cannot read the key file ${this.#path}: ${(error as Error).message}`)
    }
  }

  #update(change: (file: KeyFile) => void): Promise<void> {
    return this.#lock.run(async () => {
      const file = await this.#read()
      change(file)
      await writeFileAtomic(this.#path, new TextEncoder().encode(JSON.stringify(file, null, 2)), { mode: 0o600 })
    })
  }

  async loadKeyPair(name: string): Promise<KeyPair | undefined> {
    const stored = (await this.#read()).pairs[name]
    return stored ? keyPairFromSeed(stored.algorithm, seedFromText(stored.seed)) : undefined
  }

  saveKeyPair(name: string, pair: KeyPair): Promise<void> {
    return this.#update((file) => {
      file.pairs[name] = { algorithm: pair.privateKey.algorithm, seed: seedToText(pair.privateKey) }
    })
  }

  async loadSecret(name: string): Promise<Uint8Array | undefined> {
    const stored = (await this.#read()).secrets[name]
    return stored === undefined ? undefined : fromBase64Url(stored)
  }

  saveSecret(name: string, secret: Uint8Array): Promise<void> {
    return this.#update((file) => {
      file.secrets[name] = toBase64Url(secret)
    })
  }
}
