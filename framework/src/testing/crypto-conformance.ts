// The conformance suite of the crypto seam (crypto/crypto-provider.ts): published known-answer
// vectors for every primitive, then the properties the format relies on. Runner-agnostic, as
// the storage suite: each case throws on failure, so vitest in Node and a Playwright page in
// Chromium run the same cases:
//
//   for (const c of cryptoConformanceCases()) it(c.name, () => c.run(provider))

import type { CryptoProvider } from '../crypto/crypto-provider.ts'
import { check, checkBytes } from './storage-conformance-checks.ts'
import { AES_256_GCM, ED25519_RFC8032, HKDF_RFC5869, HMAC_SHA256_RFC4231, SHA256_FIPS, X25519_RFC7748 } from './crypto-vectors.ts'

export interface CryptoConformanceCase {
  readonly name: string
  readonly run: (provider: CryptoProvider) => Promise<void>
}

function hex(text: string): Uint8Array {
  return Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16))
}

const text = (s: string): Uint8Array => new TextEncoder().encode(s)

const cases: Record<string, (p: CryptoProvider) => Promise<void>> = {
  'SHA-256 matches FIPS 180-2': async (p) => {
    for (const v of SHA256_FIPS) checkBytes(await p.sha256(hex(v.message)), hex(v.digest), `SHA-256 of ${v.name}`)
  },

  'HMAC-SHA256 matches RFC 4231': async (p) => {
    const v = HMAC_SHA256_RFC4231
    checkBytes(await p.hmacSha256(hex(v.key), hex(v.data)), hex(v.mac), 'HMAC-SHA256 test case 2')
  },

  'HKDF-SHA256 matches RFC 5869': async (p) => {
    for (const v of HKDF_RFC5869) checkBytes(await p.hkdfSha256(hex(v.ikm), hex(v.salt), hex(v.info), 42), hex(v.okm), `HKDF ${v.name}`)
  },

  'AES-256-GCM matches the GCM test vectors, both ways': async (p) => {
    for (const v of AES_256_GCM) {
      const key = await p.importAesGcmKey(hex(v.key))
      const sealed = await p.aesGcmEncrypt(key, hex(v.nonce), hex(v.plaintext), hex(v.aad))
      checkBytes(sealed, hex(v.ciphertext + v.tag), `AES-256-GCM ${v.name}: ciphertext ‖ tag`)
      checkBytes(await p.aesGcmDecrypt(key, hex(v.nonce), sealed, hex(v.aad)), hex(v.plaintext), `AES-256-GCM ${v.name}: decrypt`)
    }
  },

  'AES-256-GCM refuses a flipped bit, another nonce, other AAD and a truncated tag': async (p) => {
    const v = AES_256_GCM[3]
    const key = await p.importAesGcmKey(hex(v.key))
    const sealed = hex(v.ciphertext + v.tag)
    const flipped = sealed.slice()
    flipped[5]! ^= 1
    const otherNonce = hex(v.nonce)
    otherNonce[11]! ^= 1
    check((await p.aesGcmDecrypt(key, hex(v.nonce), flipped, hex(v.aad))) === undefined, 'a flipped ciphertext bit must not decrypt')
    check((await p.aesGcmDecrypt(key, otherNonce, sealed, hex(v.aad))) === undefined, 'another nonce must not decrypt')
    check((await p.aesGcmDecrypt(key, hex(v.nonce), sealed, text('other'))) === undefined, 'other AAD must not decrypt')
    check((await p.aesGcmDecrypt(key, hex(v.nonce), sealed.subarray(0, sealed.length - 1), hex(v.aad))) === undefined, 'a truncated tag must not decrypt')
  },

  'Ed25519 keys and signatures match RFC 8032': async (p) => {
    for (const v of ED25519_RFC8032) {
      const pair = await p.keyPairFromSeed('Ed25519', hex(v.seed))
      checkBytes(pair.publicKey, hex(v.publicKey), `Ed25519 ${v.name}: public key`)
      checkBytes(await p.ed25519Sign(pair.privateKey, hex(v.message)), hex(v.signature), `Ed25519 ${v.name}: signature`)
      check(await p.ed25519Verify(hex(v.publicKey), hex(v.message), hex(v.signature)), `Ed25519 ${v.name}: the RFC signature verifies`)
    }
  },

  'Ed25519 verify is false (never a throw) for another message, a flipped bit, other key, bad lengths': async (p) => {
    const [a, b] = [ED25519_RFC8032[1], ED25519_RFC8032[2]]
    const signature = hex(a.signature)
    const flipped = signature.slice()
    flipped[40]! ^= 1
    check(!(await p.ed25519Verify(hex(a.publicKey), hex('73'), signature)), 'another message')
    check(!(await p.ed25519Verify(hex(a.publicKey), hex(a.message), flipped)), 'a flipped signature bit')
    check(!(await p.ed25519Verify(hex(b.publicKey), hex(a.message), signature)), 'another key')
    check(!(await p.ed25519Verify(hex(a.publicKey), hex(a.message), signature.subarray(0, 63))), 'a 63-byte signature')
    check(!(await p.ed25519Verify(hex(a.publicKey).subarray(0, 31), hex(a.message), signature)), 'a 31-byte key')
    // S ≥ L (RFC 8032 §5.1.7: must be refused, not reduced).
    const highS = signature.slice()
    highS.set(hex('edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010'), 32)
    check(!(await p.ed25519Verify(hex(a.publicKey), hex(a.message), highS)), 'a signature with S = L')
  },

  'X25519 matches RFC 7748 (scalar multiplication and Diffie-Hellman)': async (p) => {
    for (const [i, v] of X25519_RFC7748.multiplications.entries()) {
      const pair = await p.keyPairFromSeed('X25519', hex(v.scalar))
      checkBytes(await p.x25519(pair.privateKey, hex(v.u)), hex(v.output), `X25519 §5.2 vector ${i + 1}`)
    }
    const { alice, bob, shared } = X25519_RFC7748
    const a = await p.keyPairFromSeed('X25519', hex(alice.privateKey))
    const b = await p.keyPairFromSeed('X25519', hex(bob.privateKey))
    checkBytes(a.publicKey, hex(alice.publicKey), "Alice's public key")
    checkBytes(b.publicKey, hex(bob.publicKey), "Bob's public key")
    checkBytes(await p.x25519(a.privateKey, b.publicKey), hex(shared), 'the shared secret, from Alice')
    checkBytes(await p.x25519(b.privateKey, a.publicKey), hex(shared), 'the shared secret, from Bob')
  },

  'X25519 with a low-order peer key yields no usable secret': async (p) => {
    const a = await p.keyPairFromSeed('X25519', hex(X25519_RFC7748.alice.privateKey))
    // u = 0 and u = 1 are of low order: the output would be all zero.
    for (const u of ['00'.repeat(32), '01' + '00'.repeat(31)]) {
      const shared = await p.x25519(a.privateKey, hex(u)).catch(() => undefined)
      check(shared === undefined || shared.every((x) => x === 0), `a low-order key (u = ${u.slice(0, 2)}…) must throw or give zeros`)
    }
  },

  'generated key pairs sign, verify and agree; with keepSeed the seed rebuilds the pair': async (p) => {
    for (const keepSeed of [false, true]) {
      const signer = await p.generateKeyPair('Ed25519', keepSeed)
      const message = text(`generated, keepSeed=${keepSeed}`)
      check(await p.ed25519Verify(signer.publicKey, message, await p.ed25519Sign(signer.privateKey, message)), 'a generated Ed25519 pair signs and verifies')
      const [x, y] = [await p.generateKeyPair('X25519', keepSeed), await p.generateKeyPair('X25519', keepSeed)]
      checkBytes(await p.x25519(x.privateKey, y.publicKey), await p.x25519(y.privateKey, x.publicKey), 'generated X25519 pairs agree')
      if (keepSeed) {
        check(signer.privateKey.seed?.length === 32, 'keepSeed keeps a 32-byte seed')
        checkBytes((await p.keyPairFromSeed('Ed25519', signer.privateKey.seed!)).publicKey, signer.publicKey, 'the seed rebuilds the public key')
      }
    }
  },

  'random bytes have the asked length and differ between calls': async (p) => {
    check(p.randomBytes(0).length === 0, 'zero bytes')
    const [a, b] = [p.randomBytes(32), p.randomBytes(32)]
    check(a.length === 32 && b.length === 32, '32 bytes')
    check(a.some((x, i) => x !== b[i]), 'two 32-byte draws must differ')
    check(p.randomBytes(100_000).length === 100_000, 'more than one getRandomValues call worth (64 KiB)')
  },
}

export function cryptoConformanceCases(): CryptoConformanceCase[] {
  return Object.entries(cases).map(([name, run]) => ({ name, run }))
}
