// How envelopes are sealed and opened, as a seam: the workspace uses signing + AES-GCM with
// its epoch keys; the benchmark swaps in a pass-through to price the security it removes.

import type { EpochKeys } from '../crypto/epoch-keys.ts'
import type { PrivateKey } from '../crypto/keys.ts'
import {
  decryptEnvelope,
  sealEnvelope,
  verifyEnvelopeSignature,
  type EnvelopeFile,
  type EnvelopeHeader,
} from '../format/envelope.ts'

export interface EnvelopeCrypto {
  seal(header: EnvelopeHeader, plaintext: Uint8Array): Promise<EnvelopeFile>
  verifySignature(file: EnvelopeFile): Promise<boolean>
  hasEpoch(epoch: string): boolean
  decrypt(file: EnvelopeFile): Promise<Uint8Array | undefined>
}

export function signedEncryption(signer: PrivateKey, epochs: (epoch: string) => EpochKeys | undefined): EnvelopeCrypto {
  return {
    seal(header, plaintext) {
      const keys = epochs(header.epoch)
      if (!keys) throw new Error(`no key for epoch ${header.epoch}`)
      return sealEnvelope(header, plaintext, keys.content, signer)
    },
    verifySignature: verifyEnvelopeSignature,
    hasEpoch: (epoch) => epochs(epoch) !== undefined,
    async decrypt(file) {
      const keys = epochs(file.epoch)
      return keys ? decryptEnvelope(file, keys.content) : undefined
    },
  }
}
