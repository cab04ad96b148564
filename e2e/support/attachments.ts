// Steps and checks for task attachments: generated test files (a real PNG carrying a marker in
// a text chunk), attaching through the task's pickers, and reading what a page opens — its
// bytes or their SHA-256, computed in the page from the attachment's object URL.

import { createHash } from 'node:crypto'
import { deflateSync } from 'node:zlib'
import { expect, type Locator, type Page } from '@playwright/test'

export interface TestFile {
  readonly name: string
  readonly mimeType: string
  readonly buffer: Buffer
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(bytes: Buffer): number {
  let c = 0xffffffff
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data])
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** A valid 2×2 RGB PNG whose tEXt chunk holds `text` (so the marker is in the file in the clear). */
export function pngWithText(text: string): Buffer {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(2, 0) // width
  header.writeUInt32BE(2, 4) // height
  header.set([8, 2, 0, 0, 0], 8) // 8-bit RGB, no interlace
  const pixels = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255])
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('tEXt', Buffer.from(`Comment\0${text}`, 'latin1')),
    pngChunk('IDAT', deflateSync(pixels)),
    pngChunk('IEND', Buffer.alloc(0)),
  ])
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex')
}

/** One attachment of the open task, by file name. */
export function attachment(page: Page, name: string): Locator {
  return page.locator(`[data-testid="attachment"][data-name="${name}"]`)
}

/** Picks files with one of the task's pickers (photos, camera, PDFs) and waits until they are listed. */
export async function attachFiles(page: Page, picker: 'photo' | 'camera' | 'pdf', files: readonly TestFile[]): Promise<void> {
  await page.getByTestId(`attach-${picker}`).setInputFiles(files.map((f) => ({ name: f.name, mimeType: f.mimeType, buffer: f.buffer })))
  for (const file of files) await expect(attachment(page, file.name)).toBeVisible({ timeout: 60_000 })
}

/** "N attachments waiting to upload" in the status bar (absent when none wait). */
export function pendingAttachments(page: Page): Locator {
  return page.getByTestId('status-attachments')
}

/** The URL the attachment's "open" link points at (an object URL), once it is ready. */
export async function openUrl(item: Locator): Promise<string> {
  const link = item.getByTestId('attachment-open')
  await expect(link).toHaveAttribute('href', /^blob:/, { timeout: 60_000 })
  return (await link.getAttribute('href'))!
}

/** The bytes a page gets from one of its own object URLs. */
export async function bytesAt(page: Page, url: string): Promise<Buffer> {
  const base64 = await page.evaluate(async (href) => {
    const bytes = new Uint8Array(await (await fetch(href)).arrayBuffer())
    let binary = ''
    for (const byte of bytes) binary += String.fromCharCode(byte)
    return btoa(binary)
  }, url)
  return Buffer.from(base64, 'base64')
}

/** SHA-256 (hex) of what a page gets from one of its own object URLs, computed in the page. */
export async function sha256At(page: Page, url: string): Promise<string> {
  return page.evaluate(async (href) => {
    const digest = await crypto.subtle.digest('SHA-256', await (await fetch(href)).arrayBuffer())
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('')
  }, url)
}
