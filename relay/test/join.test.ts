import { describe, expect, it } from 'vitest'
import { ErrorCode, FrameType, joinChallenge } from '@clientful/relay-protocol'
import { createRoomKey, relayHarness, until } from './helpers.ts'

const { relay, client } = relayHarness()

describe('joining a room', () => {
  it('greets each connection with a fresh 32-byte nonce', async () => {
    const server = await relay()
    const [a, b] = [await client(server), await client(server)]
    expect(a.nonce).toHaveLength(32)
    expect(Buffer.from(a.nonce).equals(Buffer.from(b.nonce))).toBe(false)
  })

  it('accepts a signature of the nonce by the room key', async () => {
    const server = await relay()
    const key = await createRoomKey()
    const a = await client(server)
    const answer = await a.join(key)
    expect(answer).toEqual({ type: FrameType.Joined, room: key.room })
    expect(server.stats()).toMatchObject({ connections: 1, rooms: 1, joins: 1 })
  })

  it('refuses a signature by another key', async () => {
    const server = await relay()
    const [key, impostor] = [await createRoomKey(), await createRoomKey()]
    const a = await client(server)
    const signature = await impostor.sign(joinChallenge(a.nonce, key.room))
    await a.send({ type: FrameType.Join, room: key.room, signature })
    expect(await a.next()).toMatchObject({ type: FrameType.Error, code: ErrorCode.JoinRefused, room: key.room })
    expect(server.stats().rooms).toBe(0)
  })

  it('refuses a signature replayed from another connection (wrong nonce)', async () => {
    const server = await relay()
    const key = await createRoomKey()
    const [a, eavesdropper] = [await client(server), await client(server)]
    const signature = await key.sign(joinChallenge(a.nonce, key.room))
    await eavesdropper.send({ type: FrameType.Join, room: key.room, signature })
    expect(await eavesdropper.next()).toMatchObject({ type: FrameType.Error, code: ErrorCode.JoinRefused })
  })

  it('refuses a room id that is not a valid public key', async () => {
    const server = await relay()
    const a = await client(server)
    await a.send({ type: FrameType.Join, room: new Uint8Array(32).fill(0xff), signature: new Uint8Array(64) })
    expect(await a.next()).toMatchObject({ type: FrameType.Error, code: ErrorCode.JoinRefused })
  })

  it('answers RoomFull beyond maxConnectionsPerRoom', async () => {
    const server = await relay({ maxConnectionsPerRoom: 1 })
    const key = await createRoomKey()
    const [a, b] = [await client(server), await client(server)]
    expect((await a.join(key)).type).toBe(FrameType.Joined)
    expect(await b.join(key)).toMatchObject({ type: FrameType.Error, code: ErrorCode.RoomFull })
  })

  it('answers TooManyRooms beyond maxRoomsPerConnection', async () => {
    const server = await relay({ maxRoomsPerConnection: 1 })
    const [first, second] = [await createRoomKey(), await createRoomKey()]
    const a = await client(server)
    expect((await a.join(first)).type).toBe(FrameType.Joined)
    expect(await a.join(second)).toMatchObject({ type: FrameType.Error, code: ErrorCode.TooManyRooms })
  })

  it('lets one connection be in several rooms', async () => {
    const server = await relay()
    const keys = [await createRoomKey(), await createRoomKey(), await createRoomKey()]
    const a = await client(server)
    for (const key of keys) expect((await a.join(key)).type).toBe(FrameType.Joined)
    expect(server.stats().rooms).toBe(3)
  })

  it('forgets a room when its last member leaves or disconnects', async () => {
    const server = await relay()
    const key = await createRoomKey()
    const [a, b] = [await client(server), await client(server)]
    await a.join(key)
    await b.join(key)
    await a.send({ type: FrameType.Leave, room: key.room })
    await a.barrier() // the Leave has been handled
    expect(server.stats().rooms).toBe(1)
    b.close()
    await b.closed
    await until(() => server.stats().rooms === 0, () => a.barrier(), 'the room to be forgotten')
    expect(server.stats().connections).toBe(1)
  })
})

describe('room keys that anyone could join (small-order and non-canonical Ed25519 points)', () => {
  // Each of these verifies a trivial signature (R = the identity point, S = 0) over any message
  // in WebCrypto; the relay must refuse them before the signature is even checked.
  const TRIVIAL_SIGNATURE = new Uint8Array(64)
  TRIVIAL_SIGNATURE[0] = 1 // R = (0, 1), the identity; S = 0
  const freeRooms: Record<string, string> = {
    'the identity point': '0100000000000000000000000000000000000000000000000000000000000000',
    'the point of order 2, (0, -1)': 'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    'a non-canonical identity (y = p + 1)': 'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
    'a point of order 8': 'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
    'a point of order 4 with the sign bit set on x = 0 ("-0")': '0000000000000000000000000000000000000000000000000000000000000080',
  }

  for (const [name, hex] of Object.entries(freeRooms)) {
    it(`refuses a join to ${name} with a trivial signature`, async () => {
      const server = await relay()
      const a = await client(server)
      const room = new Uint8Array(Buffer.from(hex, 'hex'))
      await a.send({ type: FrameType.Join, room, signature: TRIVIAL_SIGNATURE })
      expect(await a.next()).toMatchObject({ type: FrameType.Error, code: ErrorCode.JoinRefused, room })
      expect(server.stats()).toMatchObject({ rooms: 0, joins: 0, joinsRefused: 1 })
    })
  }

  it('WebCrypto alone would have admitted the identity key (why the relay decodes keys itself)', async () => {
    const room = new Uint8Array(Buffer.from(freeRooms['the identity point']!, 'hex'))
    const key = await crypto.subtle.importKey('raw', room, { name: 'Ed25519' }, false, ['verify'])
    const anyMessage = joinChallenge(new Uint8Array(32).fill(7), room)
    expect(await crypto.subtle.verify({ name: 'Ed25519' }, key, TRIVIAL_SIGNATURE, anyMessage)).toBe(true)
  })
})
