// Security switched off, for pricing it: envelopes carry their plaintext (base64url, with the
// framework's own codec so only AES-GCM and Ed25519 are removed) and an empty signature that
// every reader accepts. Benchmark-only; it exists nowhere in the framework.

import type { ClientfulOptions } from 'clientful'
import { fromBase64Url, toBase64Url } from '../framework/src/util/bytes.ts'

type EnvelopeCryptoFactory = NonNullable<ClientfulOptions['envelopeCrypto']>
type EnvelopeCrypto = ReturnType<EnvelopeCryptoFactory>

const plainEnvelopeCrypto: EnvelopeCrypto = {
  async seal(header, plaintext) {
    return { ...header, ct: toBase64Url(plaintext), sig: '' }
  },
  async verifySignature() {
    return true
  },
  hasEpoch() {
    return true
  },
  async decrypt(file) {
    return fromBase64Url(file.ct)
  },
}

export const plainEnvelopes: EnvelopeCryptoFactory = () => plainEnvelopeCrypto
