// The primitives docs/FORMAT.md names, from WebCrypto, @noble/curves and node:zlib only: this
// reader shares no code with the framework, so it proves the specification is enough.

import { inflateRawSync } from 'node:zlib'
import { ed25519, x25519 } from '@noble/curves/ed25519.js'

const subtle = globalThis.crypto.subtle
const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

export const utf8 = (text) => encoder.encode(text)
export const fromUtf8 = (bytes) => decoder.decode(bytes)

export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

export const toHex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

export function fromHex(text) {
  if (!/^([0-9a-f]{2})*$/.test(text)) throw new Error(`not lowercase hex: ${text.slice(0, 20)}`)
  return Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16))
}

/** Base64url without padding (RFC 4648 §5). */
export function fromBase64Url(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) throw new Error('not base64url')
  return new Uint8Array(Buffer.from(text, 'base64url'))
}

export const toBase64Url = (bytes) => Buffer.from(bytes).toString('base64url')

/** Canonical JSON: keys sorted by UTF-16 code unit, no whitespace, safe integers only. */
export function canonicalJson(value) {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error('canonical JSON holds safe integers only')
    return String(value)
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  const keys = Object.keys(value)
    .filter((k) => value[k] !== undefined)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(',')}}`
}

export async function sha256(bytes) {
  return new Uint8Array(await subtle.digest('SHA-256', bytes))
}

export async function hmacSha256(key, bytes) {
  const k = await subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign'])
  return new Uint8Array(await subtle.sign('HMAC', k, bytes))
}

/** HKDF-SHA256; the format's salt is 32 zero bytes unless it says otherwise. */
export async function hkdf(ikm, info, length = 32, salt = new Uint8Array(32)) {
  const base = await subtle.importKey('raw', ikm, 'HKDF', false, ['deriveBits'])
  return new Uint8Array(await subtle.deriveBits({ name: 'HKDF', hash: 'SHA-256', salt, info: utf8(info) }, base, length * 8))
}

/** AES-256-GCM with a 12-byte nonce and a 16-byte tag; undefined when it does not authenticate. */
export async function aesGcmOpen(key, nonce, ciphertext, aad) {
  try {
    const k = await subtle.importKey('raw', key, 'AES-GCM', false, ['decrypt'])
    return new Uint8Array(await subtle.decrypt({ name: 'AES-GCM', iv: nonce, additionalData: aad, tagLength: 128 }, k, ciphertext))
  } catch {
    return undefined
  }
}

/** The format's random-nonce AEAD value: nonce (12) ‖ ciphertext ‖ tag (16). */
export function openRandom(key, sealed, aad) {
  if (sealed.length < 28) return Promise.resolve(undefined)
  return aesGcmOpen(key, sealed.subarray(0, 12), sealed.subarray(12), aad)
}

/** Why an Ed25519 public key may not be trusted, or undefined: canonical, not small order (and, for members, torsion-free). */
export function ed25519KeyProblem(bytes, { primeOrder = false } = {}) {
  if (bytes.length !== 32) return 'not 32 bytes'
  let point
  try {
    point = ed25519.Point.fromBytes(bytes, false)
  } catch {
    return 'not a canonical point'
  }
  if (toHex(point.toBytes()) !== toHex(bytes)) return 'not canonically encoded'
  if (point.isSmallOrder()) return 'of small order'
  if (primeOrder && !point.isTorsionFree()) return 'with a small-order component'
  return undefined
}

export function ed25519PublicKey(seed) {
  return ed25519.getPublicKey(seed)
}

/** RFC 8032 strict verification, refusing keys anyone could sign for. */
export function ed25519Verify(publicKey, message, signature) {
  if (ed25519KeyProblem(publicKey) !== undefined || signature.length !== 64) return false
  try {
    return ed25519.verify(signature, message, publicKey, { zip215: false })
  } catch {
    return false
  }
}

/** A signed record: `sig` signs "clientful/v1/<domain>\n" + canonical JSON of every other field. */
export function verifyRecord(domain, record, publicKeyHex) {
  const { sig, ...fields } = record
  try {
    return ed25519Verify(fromHex(publicKeyHex), utf8(`clientful/v1/${domain}\n${canonicalJson(fields)}`), fromBase64Url(sig))
  } catch {
    return false
  }
}

export const x25519PublicKey = (seed) => x25519.getPublicKey(seed)

/** A sealed box: ephemeral key (32) ‖ AES-256-GCM under HKDF(X25519, salt = eph ‖ recipient, info), zero nonce, AAD = context. */
export async function openSealedBox(boxSeed, sealed, context) {
  if (sealed.length < 48) return undefined
  const ephemeral = sealed.subarray(0, 32)
  let shared
  try {
    shared = x25519.getSharedSecret(boxSeed, ephemeral)
  } catch {
    return undefined
  }
  const key = await hkdf(shared, `clientful/v1/sealed-box/${context}`, 32, concat(ephemeral, x25519PublicKey(boxSeed)))
  return aesGcmOpen(key, new Uint8Array(12), sealed.subarray(32), utf8(context))
}

/** A change batch as sealed: u8 2 ‖ deflate-raw(version-1 batch), or a version-1 batch as is. */
export function decodeBatch(bytes) {
  let plain = bytes
  if (bytes[0] === 2) plain = new Uint8Array(inflateRawSync(bytes.subarray(1), { maxOutputLength: 64 * 1024 * 1024 }))
  if (plain[0] !== 1) throw new Error(`unknown change batch version ${plain[0]}`)
  const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength)
  const docs = []
  const need = (n) => {
    if (at + n > plain.length) throw new Error('change batch is truncated')
  }
  let at = 5
  need(0)
  for (let d = 0, count = view.getUint32(1); d < count; d++) {
    need(20)
    const docId = toHex(plain.subarray(at, at + 16))
    const changes = []
    const n = view.getUint32(at + 16)
    at += 20
    for (let c = 0; c < n; c++) {
      need(4)
      const length = view.getUint32(at)
      need(4 + length)
      changes.push(plain.slice(at + 4, at + 4 + length))
      at += 4 + length
    }
    docs.push({ docId, changes })
  }
  if (at !== plain.length) throw new Error('change batch has trailing bytes')
  return docs
}
