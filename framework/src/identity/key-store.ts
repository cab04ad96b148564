// Where a device keeps its private keys and workspace secrets. The browser store holds
// non-extractable CryptoKeys in IndexedDB; the Node store keeps seeds in a 0600 file.
// Keys leave a KeyStore only sealed to another device (see membership lockboxes).

import type { KeyPair } from '../crypto/keys.ts'

export interface KeyStore {
  /** True when private keys must be kept as raw seeds (file-based stores). */
  readonly persistsSeeds: boolean
  loadKeyPair(name: string): Promise<KeyPair | undefined>
  saveKeyPair(name: string, pair: KeyPair): Promise<void>
  loadSecret(name: string): Promise<Uint8Array | undefined>
  saveSecret(name: string, secret: Uint8Array): Promise<void>
}
