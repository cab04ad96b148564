// Which crypto provider the process uses. By default WebCrypto, with @noble/curves for a
// curve the runtime's WebCrypto lacks (probed once); `useCryptoProvider` selects one
// explicitly — `nobleCryptoProvider` for pure JS, `webCryptoProvider` for WebCrypto only — for
// the whole process, before any key is made (keys one provider made without a seed, such as
// a browser's non-extractable device keys, work only with WebCrypto).

import type { CryptoProvider, CurveAlgorithm, PrivateKey } from './crypto-provider.ts'
import { nobleCurves } from './noble-curves.ts'
import { webCryptoProvider, webCryptoSupports } from './webcrypto-provider.ts'

function webCryptoWithNobleCurves(): CryptoProvider {
  const web = webCryptoProvider
  const noble = nobleCurves(web.randomBytes)
  const curves = (algorithm: CurveAlgorithm) => webCryptoSupports(algorithm).then((yes) => (yes ? web : noble))
  // A key WebCrypto holds without a seed can only be used by WebCrypto.
  const forKey = (key: PrivateKey) => (key.cryptoKey && !key.seed ? Promise.resolve(web) : curves(key.algorithm))
  return {
    ...web,
    name: 'webcrypto+noble',
    generateKeyPair: async (algorithm, keepSeed) => (await curves(algorithm)).generateKeyPair(algorithm, keepSeed),
    keyPairFromSeed: async (algorithm, seed) => (await curves(algorithm)).keyPairFromSeed(algorithm, seed),
    ed25519Sign: async (key, message) => (await forKey(key)).ed25519Sign(key, message),
    ed25519Verify: async (publicKey, message, signature) => (await curves('Ed25519')).ed25519Verify(publicKey, message, signature),
    x25519: async (key, peer) => (await forKey(key)).x25519(key, peer),
  }
}

/** The default: WebCrypto first, @noble/curves where WebCrypto lacks Ed25519 or X25519. */
export const defaultCryptoProvider: CryptoProvider = webCryptoWithNobleCurves()

let selected: CryptoProvider = defaultCryptoProvider

export function cryptoProvider(): CryptoProvider {
  return selected
}

/** Selects the provider for the whole process; returns a function that restores the previous one. */
export function useCryptoProvider(provider: CryptoProvider): () => void {
  const previous = selected
  selected = provider
  return () => {
    selected = previous
  }
}

/**
 * The provider with its randomness replaced — nonces, secrets, ids and every generated key —
 * so that the same inputs give byte-identical files (docs/format/generate.ts). Never in an app.
 */
export function withRandomSource(provider: CryptoProvider, random: (length: number) => Uint8Array): CryptoProvider {
  return {
    ...provider,
    name: `${provider.name} (seeded)`,
    randomBytes: random,
    generateKeyPair: (algorithm, _keepSeed) => provider.keyPairFromSeed(algorithm, random(32)),
  }
}
