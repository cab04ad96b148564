import { describe, expect, it } from 'vitest'
import { decodeFrame, encodeFrame, ErrorCode, FrameType, joinChallenge, roomToHex, type Frame } from '@clientful/relay-protocol'

const room = new Uint8Array(32).map((_, i) => i)

/** mulberry32: a seeded generator, so a failing fuzz case can be replayed. */
function seededRandom(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('relay protocol', () => {
  it('round-trips every frame type', () => {
    const frames: Frame[] = [
      { type: FrameType.Hello, version: 1, nonce: new Uint8Array(32).fill(7) },
      { type: FrameType.Join, room, signature: new Uint8Array(64).fill(9) },
      { type: FrameType.Joined, room },
      { type: FrameType.Leave, room },
      { type: FrameType.Publish, room, payload: new Uint8Array([1, 2, 3]) },
      { type: FrameType.Deliver, room, payload: new Uint8Array(0) },
      { type: FrameType.Error, code: ErrorCode.RoomFull, room, detail: 'room is full ✓' },
    ]
    for (const frame of frames) expect(decodeFrame(encodeFrame(frame))).toEqual(frame)
  })

  it('never throws on arbitrary bytes (seeded fuzz)', () => {
    const random = seededRandom(20261127)
    for (let i = 0; i < 20_000; i++) {
      const data = new Uint8Array(Math.floor(random() * 140)).map(() => Math.floor(random() * 256))
      if (data.length > 0 && random() < 0.5) data[0] = 1 + Math.floor(random() * 7) // mostly known types
      expect(() => decodeFrame(data)).not.toThrow()
    }
  })

  it('rejects wrong lengths and invalid UTF-8 in error details', () => {
    expect(decodeFrame(new Uint8Array([FrameType.Joined, ...room, 0]))).toBeUndefined()
    expect(decodeFrame(new Uint8Array([FrameType.Hello, 1, ...room.subarray(1)]))).toBeUndefined()
    expect(decodeFrame(new Uint8Array([FrameType.Error, 1, ...room, 0xff]))).toBeUndefined()
  })

  it('copies rooms out of Node Buffers instead of aliasing them', () => {
    const buffer = Buffer.from(encodeFrame({ type: FrameType.Joined, room }))
    const frame = decodeFrame(buffer)
    buffer.fill(0)
    expect(frame?.type === FrameType.Joined && roomToHex(frame.room)).toBe(roomToHex(room))
  })

  it('builds an unambiguous join challenge and refuses wrong lengths', () => {
    const nonce = new Uint8Array(32).fill(1)
    const challenge = joinChallenge(nonce, room)
    expect(new TextDecoder().decode(challenge.subarray(0, 24))).toBe('clientful/v1/relay-join\n')
    expect(challenge.length).toBe(24 + 32 + 32)
    expect(() => joinChallenge(new Uint8Array(40), room)).toThrow(/nonce/)
    expect(() => joinChallenge(nonce, new Uint8Array(31))).toThrow(/room/)
    expect(() => encodeFrame({ type: FrameType.Hello, version: 1, nonce: new Uint8Array(8) })).toThrow(/nonce/)
  })
})
