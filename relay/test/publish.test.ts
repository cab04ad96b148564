import { describe, expect, it } from 'vitest'
import { ErrorCode, FrameType } from '@clientful/relay-protocol'
import { bytes, createRoomKey, relayHarness, text } from './helpers.ts'

const { relay, client } = relayHarness()

describe('publishing', () => {
  it('delivers to every other member of the room, never back to the sender', async () => {
    const server = await relay()
    const key = await createRoomKey()
    const [a, b, c] = [await client(server), await client(server), await client(server)]
    for (const member of [a, b, c]) await member.join(key)

    await a.publish(key.room, bytes('ciphertext'))
    for (const member of [b, c]) {
      const frame = await member.next(FrameType.Deliver)
      expect(frame.room).toEqual(key.room)
      expect(text(frame.payload)).toBe('ciphertext')
    }
    await a.barrier()
    expect(a.pending()).toEqual([])
  })

  it('keeps rooms apart', async () => {
    const server = await relay()
    const [one, two] = [await createRoomKey(), await createRoomKey()]
    const [a, b, outsider] = [await client(server), await client(server), await client(server)]
    await a.join(one)
    await a.join(two)
    await b.join(one)
    await outsider.join(two)

    await a.publish(one.room, bytes('for room one'))
    await a.publish(two.room, bytes('for room two'))
    // The outsider's first frame is room two's: room one's, sent earlier, never came.
    const first = await outsider.next()
    expect(first.type === FrameType.Deliver && text(first.payload)).toBe('for room two')
    const forB = await b.next()
    expect(forB.type === FrameType.Deliver && text(forB.payload)).toBe('for room one')
    await b.barrier()
    expect(b.pending()).toEqual([])
  })

  it('refuses a publish to a room the connection has not joined', async () => {
    const server = await relay()
    const key = await createRoomKey()
    const [member, stranger] = [await client(server), await client(server)]
    await member.join(key)
    await stranger.publish(key.room, bytes('let me in'))
    expect(await stranger.next()).toMatchObject({ type: FrameType.Error, code: ErrorCode.NotJoined, room: key.room })
    await member.barrier()
    expect(member.pending()).toEqual([])
  })

  it('keeps nothing: a frame published before a member joins never reaches it', async () => {
    const server = await relay()
    const key = await createRoomKey()
    const [early, late] = [await client(server), await client(server)]
    await early.join(key)
    await early.publish(key.room, bytes('before'))
    await early.barrier()
    await late.join(key)
    await early.publish(key.room, bytes('after'))
    const first = await late.next(FrameType.Deliver)
    expect(text(first.payload)).toBe('after')
  })

  it('forwards payloads byte for byte, including an empty one and one near the frame limit', async () => {
    const server = await relay({ maxFrameBytes: 64 * 1024 })
    const key = await createRoomKey()
    const [a, b] = [await client(server), await client(server)]
    await a.join(key)
    await b.join(key)
    const big = crypto.getRandomValues(new Uint8Array(64 * 1024 - 33))
    await a.publish(key.room, new Uint8Array(0))
    await a.publish(key.room, big)
    expect((await b.next(FrameType.Deliver)).payload).toEqual(new Uint8Array(0))
    expect((await b.next(FrameType.Deliver)).payload).toEqual(big)
  })

  it('reports counts only on /healthz', async () => {
    const server = await relay()
    const key = await createRoomKey()
    const a = await client(server)
    await a.join(key)
    const response = await fetch(server.url.replace('ws://', 'http://') + '/healthz')
    expect(response.status).toBe(200)
    expect(await response.json()).toEqual({ ok: true, connections: 1, rooms: 1 })
  })
})
