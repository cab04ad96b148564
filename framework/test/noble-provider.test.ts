// The pure-JS crypto provider runs the same envelope, membership and attachment tests as
// WebCrypto: this file selects it for its whole module graph, then loads those test files,
// whose cases register here a second time. A counting wrapper proves noble did the work.

import { afterAll, expect, it } from 'vitest'
import type { CryptoProvider } from '../src/crypto/crypto-provider.ts'
import { nobleCryptoProvider } from '../src/crypto/noble-provider.ts'
import { cryptoProvider, useCryptoProvider } from '../src/crypto/provider.ts'

const calls = { sign: 0, verify: 0, x25519: 0, aead: 0 }
const counted: CryptoProvider = {
  ...nobleCryptoProvider,
  ed25519Sign: (key, message) => (calls.sign++, nobleCryptoProvider.ed25519Sign(key, message)),
  ed25519Verify: (key, message, signature) => (calls.verify++, nobleCryptoProvider.ed25519Verify(key, message, signature)),
  x25519: (key, peer) => (calls.x25519++, nobleCryptoProvider.x25519(key, peer)),
  aesGcmDecrypt: (key, nonce, sealed, aad) => (calls.aead++, nobleCryptoProvider.aesGcmDecrypt(key, nonce, sealed, aad)),
}
useCryptoProvider(counted)

// After the provider is selected: these modules (and everything they import) run on noble.
await import('./envelope-verification.test.ts')
await import('./membership.test.ts')
await import('./attachments.test.ts')

it('the tests above ran on the noble provider', () => {
  expect(cryptoProvider()).toBe(counted)
})

afterAll(() => {
  // Every kind of primitive was exercised through noble, none around it.
  for (const [name, count] of Object.entries(calls)) expect(count, `noble ${name} calls`).toBeGreaterThan(0)
})
