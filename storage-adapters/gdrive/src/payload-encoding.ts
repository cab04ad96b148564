// How bytes are stored in a Drive file. Text (valid UTF-8: all of Clientful's JSON) is stored
// as it is, so users can open it in Drive. Anything else (attachment ciphertext) is stored as
// a base64 data URL, one request and one file, with the marker inside the content so a reader
// never needs a second request (or a metadata read racing an overwrite) to decode it. Why not
// raw binary: see README.md ("Binary data").

const DATA_URL_PREFIX = 'data:application/octet-stream;base64,'
const PREFIX_BYTES = new TextEncoder().encode(DATA_URL_PREFIX)
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

export interface StoredPayload {
  readonly bytes: Uint8Array
  readonly mimeType: string
}

function startsWithPrefix(bytes: Uint8Array): boolean {
  if (bytes.length < PREFIX_BYTES.length) return false
  for (let i = 0; i < PREFIX_BYTES.length; i++) if (bytes[i] !== PREFIX_BYTES[i]) return false
  return true
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    strictUtf8.decode(bytes)
    return true
  } catch {
    return false
  }
}

export function encodePayload(data: Uint8Array, textMimeType: string): StoredPayload {
  // Text that happens to start with the marker is wrapped too, so decoding stays unambiguous.
  if (isUtf8(data) && !startsWithPrefix(data)) return { bytes: data, mimeType: textMimeType }
  return { bytes: new TextEncoder().encode(DATA_URL_PREFIX + bytesToBase64(data)), mimeType: 'text/plain' }
}

/** The bytes that were written. A marker followed by broken base64 (edited by hand) reads raw. */
export function decodePayload(stored: Uint8Array): Uint8Array {
  if (!startsWithPrefix(stored)) return stored
  const text = new TextDecoder().decode(stored.subarray(PREFIX_BYTES.length))
  try {
    return base64ToBytes(text)
  } catch {
    return stored
  }
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = ''
  const CHUNK = 0x8000 // String.fromCharCode's argument count is limited
  for (let i = 0; i < bytes.length; i += CHUNK) binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK))
  return btoa(binary)
}

function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text) // throws on anything that is not base64
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
