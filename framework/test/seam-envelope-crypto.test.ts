// The envelope crypto seam's suite on signedEncryption (the workspace's), with each crypto
// provider: Ed25519 signatures and AES-256-GCM under the epoch's content key.

import { describe, it } from 'vitest'
import type { CryptoProvider } from '../src/crypto/crypto-provider.ts'
import { deriveEpochKeys, type EpochKeys } from '../src/crypto/epoch-keys.ts'
import { generateKeyPair } from '../src/crypto/keys.ts'
import { nobleCryptoProvider } from '../src/crypto/noble-provider.ts'
import { defaultCryptoProvider, useCryptoProvider } from '../src/crypto/provider.ts'
import { signedEncryption } from '../src/sync/envelope-crypto.ts'
import { envelopeCryptoConformanceCases } from '../src/testing/envelope-crypto-conformance.ts'
import { toHex } from '../src/util/bytes.ts'

for (const provider of [defaultCryptoProvider, nobleCryptoProvider] as CryptoProvider[]) {
  describe(`signedEncryption on ${provider.name}`, () => {
    for (const c of envelopeCryptoConformanceCases()) {
      it(c.name, async () => {
        const restore = useCryptoProvider(provider)
        try {
          const signer = await generateKeyPair('Ed25519', true)
          const epoch: EpochKeys = await deriveEpochKeys(provider.randomBytes(32))
          const crypto = signedEncryption(signer.privateKey, (id) => (id === epoch.id ? epoch : undefined))
          await c.run({ crypto, device: toHex(signer.publicKey), epoch: epoch.id, unknownEpoch: '0'.repeat(16) })
        } finally {
          restore()
        }
      })
    }
  })
}
