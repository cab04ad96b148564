// Looks for plaintext in bytes: a marker in UTF-8, in the forms JSON gives it (escaped
// non-ASCII, escaped ASCII-only), and in UTF-16LE, so an encoder choice cannot hide a leak.

import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'

export function markerForms(marker: string): Buffer[] {
  const jsonEscaped = JSON.stringify(marker).slice(1, -1)
  const asciiEscaped = jsonEscaped.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
  const forms = new Set([marker, jsonEscaped, asciiEscaped])
  return [...[...forms].map((form) => Buffer.from(form, 'utf8')), Buffer.from(marker, 'utf16le')]
}

export function containsMarker(bytes: Uint8Array, marker: string): boolean {
  const haystack = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return markerForms(marker).some((form) => haystack.includes(form))
}

/** Every file under `dir`, recursively, with its raw bytes. */
export async function readTree(dir: string): Promise<{ path: string; bytes: Buffer }[]> {
  const files: { path: string; bytes: Buffer }[] = []
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    files.push({ path, bytes: await readFile(path) })
  }
  return files
}
