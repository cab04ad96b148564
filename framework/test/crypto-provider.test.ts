// The crypto seam's conformance suite (published vectors, then properties) on both providers
// and on the default one, plus the two talking to each other: what one seals or signs, the
// other opens or verifies.

import { describe, expect, it } from 'vitest'
import type { CryptoProvider } from '../src/crypto/crypto-provider.ts'
import { nobleCryptoProvider } from '../src/crypto/noble-provider.ts'
import { defaultCryptoProvider } from '../src/crypto/provider.ts'
import { webCryptoProvider } from '../src/crypto/webcrypto-provider.ts'
import { cryptoConformanceCases } from '../src/testing/crypto-conformance.ts'

const PROVIDERS: readonly CryptoProvider[] = [webCryptoProvider, nobleCryptoProvider, defaultCryptoProvider]

for (const provider of PROVIDERS) {
  describe(`crypto provider ${provider.name}`, () => {
    for (const c of cryptoConformanceCases()) it(c.name, () => c.run(provider))
  })
}

describe('WebCrypto and noble interoperate', () => {
  const pairs = [
    [webCryptoProvider, nobleCryptoProvider],
    [nobleCryptoProvider, webCryptoProvider],
  ] as const

  for (const [a, b] of pairs) {
    it(`${a.name} seals and signs, ${b.name} opens and verifies`, async () => {
      const raw = a.randomBytes(32)
      const nonce = a.randomBytes(12)
      const message = a.randomBytes(1000)
      const aad = new TextEncoder().encode('clientful/v1/test')
      const sealed = await a.aesGcmEncrypt(await a.importAesGcmKey(raw), nonce, message, aad)
      expect(await b.aesGcmDecrypt(await b.importAesGcmKey(raw), nonce, sealed, aad)).toEqual(message)

      const signer = await a.generateKeyPair('Ed25519', true)
      expect(await b.ed25519Verify(signer.publicKey, message, await a.ed25519Sign(signer.privateKey, message))).toBe(true)

      const [x, y] = [await a.generateKeyPair('X25519', true), await b.generateKeyPair('X25519', true)]
      expect(await a.x25519(x.privateKey, y.publicKey)).toEqual(await b.x25519(y.privateKey, x.publicKey))
      expect(await a.hkdfSha256(raw, nonce, aad, 64)).toEqual(await b.hkdfSha256(raw, nonce, aad, 64))
    })
  }

  it('noble refuses, with a message, a key only WebCrypto holds (a non-extractable device key)', async () => {
    const held = await webCryptoProvider.generateKeyPair('Ed25519', false)
    expect(held.privateKey.seed).toBeUndefined()
    await expect(nobleCryptoProvider.ed25519Sign(held.privateKey, new Uint8Array(1))).rejects.toThrow(/non-extractable/)
  })
})
