// Writes the app's icons (public/icons/*.png) from one drawing: a board of three task rows, the
// first ticked, on the accent colour. PNG by hand (zlib, CRC-32): no image tooling needed, and
// the icons stay reproducible. Run: node --import tsx example-app/build/make-icons.ts

import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { deflateSync } from 'node:zlib'

const ACCENT = [0x2f, 0x6f, 0xdb] as const
const WHITE = [0xff, 0xff, 0xff] as const

/** Colour at (x, y) in a unit square; `safe` shrinks the drawing into the maskable safe zone. */
function pixel(x: number, y: number, rounded: boolean, safe: number): readonly [number, number, number, number] {
  const r = 0.2
  if (rounded) {
    const cx = Math.min(Math.max(x, r), 1 - r)
    const cy = Math.min(Math.max(y, r), 1 - r)
    if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return [0, 0, 0, 0]
  }
  const u = (x - 0.5) / safe + 0.5
  const v = (y - 0.5) / safe + 0.5
  for (const [row, top] of [0.26, 0.46, 0.66].entries()) {
    const inBar = v >= top && v <= top + 0.1
    if (inBar && u >= 0.42 && u <= 0.8) return [...WHITE, 255]
    const box = inBar && u >= 0.2 && u <= 0.32
    if (box) {
      const inner = u > 0.225 && u < 0.295 && v > top + 0.025 && v < top + 0.075
      if (!inner || row === 0) return [...WHITE, 255]
    }
  }
  return [...ACCENT, 255]
}

function png(size: number, rounded: boolean, safe: number): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size)
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0
    for (let x = 0; x < size; x++) {
      const [r, g, b, a] = pixel((x + 0.5) / size, (y + 0.5) / size, rounded, safe)
      raw.set([r, g, b, a], y * (size * 4 + 1) + 1 + x * 4)
    }
  }
  const header = Buffer.alloc(13)
  header.writeUInt32BE(size, 0)
  header.writeUInt32BE(size, 4)
  header.set([8, 6, 0, 0, 0], 8) // 8-bit RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff
  for (const byte of bytes) {
    crc ^= byte
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1
  }
  return (crc ^ 0xffffffff) >>> 0
}

const out = resolve(import.meta.dirname, '../public/icons')
writeFileSync(resolve(out, 'icon-192.png'), png(192, true, 1))
writeFileSync(resolve(out, 'icon-512.png'), png(512, true, 1))
writeFileSync(resolve(out, 'maskable-512.png'), png(512, false, 0.8)) // full bleed: the platform crops it
writeFileSync(resolve(out, 'apple-touch-icon.png'), png(180, false, 0.9))
writeFileSync(resolve(out, 'favicon-32.png'), png(32, true, 1))
