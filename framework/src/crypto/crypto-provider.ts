// The crypto seam: every primitive the format uses, behind one interface. Two implementations
// run the same known-answer and conformance tests (testing/crypto-conformance.ts): WebCrypto
// (webcrypto-provider.ts: fast, keys can stay non-extractable) and pure JS on @noble/*
// (noble-provider.ts). provider.ts picks one: WebCrypto first, noble for what it lacks.
//
// Inputs are trusted here (lengths checked, nothing else): what keys from outside must satisfy
// is decided above the seam (keys.ts), identically for every provider.

export type CurveAlgorithm = 'Ed25519' | 'X25519'

/**
 * A private key as a provider holds it: a WebCrypto handle (non-extractable in the browser),
 * its 32-byte seed, or both. Callers never look inside; a provider uses what it can.
 */
export interface PrivateKey {
  readonly algorithm: CurveAlgorithm
  /** Present when WebCrypto holds the key. */
  readonly cryptoKey?: CryptoKey
  /** Present when the key was made from a seed, or must be persisted as bytes (Node). */
  readonly seed?: Uint8Array
}

export interface KeyPair {
  readonly publicKey: Uint8Array
  readonly privateKey: PrivateKey
}

/** An AES-256-GCM key: a WebCrypto handle, the raw 32 bytes, or both. */
export interface AeadKey {
  readonly cryptoKey?: CryptoKey
  readonly raw?: Uint8Array
}

export interface CryptoProvider {
  /** e.g. 'webcrypto', 'noble', 'webcrypto+noble': shown in diagnostics and test names. */
  readonly name: string
  /** Cryptographically secure random bytes (any length). */
  randomBytes(length: number): Uint8Array
  sha256(data: Uint8Array): Promise<Uint8Array>
  hmacSha256(key: Uint8Array, data: Uint8Array): Promise<Uint8Array>
  /** RFC 5869 with SHA-256. */
  hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Promise<Uint8Array>
  importAesGcmKey(raw: Uint8Array): Promise<AeadKey>
  /** AES-256-GCM, 96-bit nonce, 128-bit tag: ciphertext ‖ tag. */
  aesGcmEncrypt(key: AeadKey, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Promise<Uint8Array>
  /** Undefined when authentication fails (wrong key, nonce, AAD, or tampered bytes). */
  aesGcmDecrypt(key: AeadKey, nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Promise<Uint8Array | undefined>
  /** A fresh key pair; `keepSeed` keeps the seed (file key stores, keys that travel sealed). */
  generateKeyPair(algorithm: CurveAlgorithm, keepSeed: boolean): Promise<KeyPair>
  /** RFC 8032 / RFC 7748 key pair from a 32-byte seed (private key). */
  keyPairFromSeed(algorithm: CurveAlgorithm, seed: Uint8Array): Promise<KeyPair>
  ed25519Sign(key: PrivateKey, message: Uint8Array): Promise<Uint8Array>
  /** RFC 8032 strict verification; false (never a throw) for anything that does not verify. */
  ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): Promise<boolean>
  /** RFC 7748 X25519 of our private key and a peer's public key; may throw for a low-order peer key. */
  x25519(key: PrivateKey, peerPublicKey: Uint8Array): Promise<Uint8Array>
}
