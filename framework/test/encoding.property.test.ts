// Seeded property and fuzz tests for the encodings every peer must agree on.

import { describe, expect, it } from 'vitest'
import { compressBatch, decodeChangeBatch, decodeSealedBatch, encodeChangeBatch } from '../src/format/change-batch.ts'
import { deflate } from '../src/format/compression.ts'
import { concatBytes } from '../src/util/bytes.ts'
import { parseEnvelope } from '../src/format/envelope.ts'
import { parseMarker } from '../src/format/marker.ts'
import { parseGenesis, parseMemberEntry } from '../src/membership/parse-entry.ts'
import { parseInviteCode, encodeInviteCode } from '../src/membership/invite-code.ts'
import { canonicalJson } from '../src/util/canonical-json.ts'
import { fromBase64Url, fromHex, toBase64Url, toHex, utf8Encode } from '../src/util/bytes.ts'
import { SeqSet } from '../src/sync/seq-set.ts'
import { decodeFrame, encodeFrame, FrameType } from '@clientful/relay-protocol'
import { forAllSeeds, type Random } from './support/random.ts'

function randomHex(random: Random, bytes: number): string {
  return toHex(random.bytes(bytes))
}

describe('encoding laws', () => {
  it('base64url and hex round-trip any bytes', async () => {
    await forAllSeeds(300, (random) => {
      const bytes = random.bytes(random.int(300))
      expect(fromBase64Url(toBase64Url(bytes))).toEqual(bytes)
      expect(fromHex(toHex(bytes))).toEqual(bytes)
    })
  })

  it('change batches round-trip, and any truncation is refused', async () => {
    await forAllSeeds(200, (random) => {
      const docs = Array.from({ length: random.int(4) }, () => ({
        docId: randomHex(random, 16),
        changes: Array.from({ length: random.int(5) }, () => random.bytes(random.int(64))),
      }))
      const encoded = encodeChangeBatch(docs)
      const decoded = decodeChangeBatch(encoded)
      expect(decoded).toEqual({ ok: true, value: docs })
      if (encoded.length > 5) {
        const cut = 1 + random.int(encoded.length - 1)
        expect(decodeChangeBatch(encoded.subarray(0, cut)).ok).toBe(false)
      }
    })
  })

  it('compressed batches round-trip; garbage and decompression bombs are refused', async () => {
    await forAllSeeds(50, async (random) => {
      const docs = [{ docId: randomHex(random, 16), changes: [random.bytes(random.int(2000))] }]
      expect(await decodeSealedBatch(await compressBatch(encodeChangeBatch(docs)))).toEqual({ ok: true, value: docs })
      const garbage = await decodeSealedBatch(concatBytes(new Uint8Array([2]), random.bytes(1 + random.int(100))))
      expect(garbage.ok).toBe(false)
    })
    const bomb = concatBytes(new Uint8Array([2]), await deflate(new Uint8Array(65 * 1024 * 1024)))
    expect(bomb.length).toBeLessThan(200_000)
    expect(await decodeSealedBatch(bomb)).toMatchObject({ ok: false, reason: 'malformed' })
  })

  it('canonical JSON is independent of key insertion order', async () => {
    await forAllSeeds(200, (random) => {
      const entries = Array.from({ length: 1 + random.int(8) }, (_, i) => [`k${random.int(50)}_${i}`, random.int(1000)] as const)
      const a = Object.fromEntries(entries)
      const b = Object.fromEntries(random.shuffle([...entries]))
      expect(canonicalJson(a)).toBe(canonicalJson(b))
      expect(JSON.parse(canonicalJson(a))).toEqual(a)
    })
  })

  it('SeqSet: high-water mark and missing agree with a plain set', async () => {
    await forAllSeeds(300, (random) => {
      const set = new SeqSet()
      const plain = new Set<number>()
      for (let i = 0; i < random.int(40); i++) {
        const seq = 1 + random.int(30)
        set.add(seq)
        plain.add(seq)
      }
      let hw = 0
      while (plain.has(hw + 1)) hw++
      expect(set.highWater).toBe(hw)
      const upTo = random.int(35)
      const missing = Array.from({ length: upTo }, (_, i) => i + 1).filter((s) => !plain.has(s))
      expect(set.missing(upTo)).toEqual(missing)
      expect(new SeqSet(set.toJSON()).missing(upTo)).toEqual(missing)
    })
  })

  it('invite codes round-trip and every single-character change is caught', async () => {
    await forAllSeeds(100, (random) => {
      const code = encodeInviteCode({ storage: 'file:///tmp/x', relay: 'ws://127.0.0.1:1', ws: randomHex(random, 16), secret: random.bytes(32) })
      expect(parseInviteCode(code).ok).toBe(true)
      const at = random.int(code.length)
      const replacement = code[at] === 'A' ? 'B' : 'A'
      const mutated = code.slice(0, at) + replacement + code.slice(at + 1)
      expect(parseInviteCode(mutated).ok).toBe(false)
    })
  })

  it('relay frames round-trip', async () => {
    await forAllSeeds(100, (random) => {
      const frame = { type: FrameType.Publish, room: random.bytes(32), payload: random.bytes(random.int(100)) } as const
      const decoded = decodeFrame(encodeFrame(frame))
      expect(decoded).toEqual(frame)
    })
  })
})

describe('oversized and unknown input', () => {
  it('an oversized membership entry, envelope or marker is refused unread as malformed', () => {
    const big = utf8Encode(JSON.stringify({ format: 'clientful/member-entry', v: 1, pad: 'x'.repeat(70 * 1024) }))
    expect(parseMemberEntry(big)).toMatchObject({ ok: false, reason: 'malformed' })
    expect(parseMarker(utf8Encode(JSON.stringify({ format: 'clientful/marker', v: 1, pad: 'x'.repeat(5000) })))).toMatchObject({ ok: false, reason: 'malformed' })
  })

  it('a membership entry of a newer format version is refused as such', () => {
    const newer = utf8Encode(JSON.stringify({ format: 'clientful/member-entry', v: 7 }))
    expect(parseMemberEntry(newer)).toMatchObject({ ok: false, reason: 'unsupported-version' })
  })
})

describe('parsers never throw on hostile input', () => {
  const parsers = [parseEnvelope, parseMarker, parseGenesis, parseMemberEntry, decodeChangeBatch, decodeFrame]
  const sample = utf8Encode(
    JSON.stringify({ format: 'clientful/envelope', v: 1, ws: 'a'.repeat(32), device: 'b'.repeat(64), seq: 1, epoch: 0, ct: 'AAAA', sig: 'BBBB' }),
  )

  it('random bytes and mutated valid files give typed failures, not exceptions', async () => {
    await forAllSeeds(500, (random) => {
      const input = random.next() < 0.5 ? random.bytes(random.int(200)) : mutate(sample, random)
      for (const parse of parsers) expect(() => parse(input)).not.toThrow()
      expect(() => parseInviteCode(new TextDecoder().decode(input))).not.toThrow()
    })
  })
})

function mutate(bytes: Uint8Array, random: Random): Uint8Array {
  const out = new Uint8Array(bytes)
  for (let i = 0; i < 1 + random.int(4); i++) out[random.int(out.length)] = random.int(256)
  return random.next() < 0.3 ? out.subarray(0, random.int(out.length)) : out
}
