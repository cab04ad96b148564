// Everything a client may send: Join, Leave, Publish. Each incoming message is charged to
// the connection's rate limits before it is even decoded; anything else is a bad frame.

import type { RawData } from 'ws'
import { CloseCode, decodeFrame, encodeFrame, ErrorCode, FrameType, roomToHex } from '@clientful/relay-protocol'
import { roomSeatKey, type RelayConnection } from './relay-connection.ts'
import type { JoinRefusal } from './refusal-reasons.ts'
import type { RelayContext } from './relay-context.ts'
import { isAcceptableRoomKey } from './room-key.ts'
import { verifyJoinSignature } from './verify-join.ts'

export function handleClientMessage(conn: RelayConnection, data: RawData, isBinary: boolean, ctx: RelayContext): void {
  conn.alive = true
  if (!conn.isOpen) return
  const bytes = rawDataToBytes(data)
  ctx.counters.framesIn += 1
  ctx.counters.bytesIn += bytes.length

  const admission = conn.admitFrame(bytes.length)
  if (admission !== 'ok') {
    ctx.counters.rateLimited += 1
    ctx.counters.drops.rate_limited += 1
    if (admission === 'abusive') return closeForPolicy(conn, ctx, 'rate limit exceeded repeatedly')
    return conn.sendError(ErrorCode.RateLimited, undefined, 'rate limit: frame dropped, slow down')
  }

  const frame = isBinary ? decodeFrame(bytes) : undefined
  switch (frame?.type) {
    case FrameType.Join:
      void handleJoin(conn, frame.room, frame.signature, ctx)
      return
    case FrameType.Leave:
      conn.leaveRoom(roomToHex(frame.room))
      return
    case FrameType.Publish:
      return handlePublish(conn, frame.room, frame.payload, ctx)
    default:
      return handleBadFrame(conn, ctx, isBinary ? 'malformed or server-only frame' : 'text frames are not part of the protocol')
  }
}

async function handleJoin(conn: RelayConnection, room: Uint8Array, signature: Uint8Array, ctx: RelayContext): Promise<void> {
  const roomHex = roomToHex(room)
  if (conn.rooms.has(roomHex)) return void conn.send(encodeFrame({ type: FrameType.Joined, room }))
  // Cheap refusals first, so a full room or a greedy client costs no signature check.
  const claimed = conn.rooms.size + conn.pendingJoins.size - (conn.pendingJoins.has(roomHex) ? 1 : 0)
  if (claimed >= ctx.options.maxRoomsPerConnection) {
    return refuseJoin(conn, ctx, 'too_many_rooms', room, 'too many rooms on this connection')
  }
  if (ctx.rooms.isFull(roomHex)) return refuseJoin(conn, ctx, 'room_full', room, 'room is full')
  if (!isAcceptableRoomKey(room)) return refuseJoin(conn, ctx, 'bad_key', room, 'room id is not an acceptable Ed25519 public key')

  const attempt = Symbol('join')
  conn.pendingJoins.set(roomHex, attempt)
  // A Leave, a newer Join or a close while awaiting makes this attempt moot.
  const moot = (): boolean => conn.pendingJoins.get(roomHex) !== attempt || !conn.isOpen
  const valid = await verifyJoinSignature(room, conn.nonce, signature)
  if (moot()) return
  if (!valid) {
    conn.pendingJoins.delete(roomHex)
    return refuseJoin(conn, ctx, 'bad_signature', room, 'signature does not match room and nonce')
  }
  // Members are counted across the fleet (with Redis), so "room is full" does not depend on
  // which node a client landed on.
  const seat = await ctx.fleet.acquire(roomSeatKey(roomHex), ctx.options.maxConnectionsPerRoom)
  if (moot()) {
    if (seat) ctx.fleet.release(roomSeatKey(roomHex))
    return
  }
  conn.pendingJoins.delete(roomHex)
  if (!seat || ctx.rooms.add(roomHex, conn) === 'full') {
    if (seat) ctx.fleet.release(roomSeatKey(roomHex))
    return refuseJoin(conn, ctx, 'room_full', room, 'room is full')
  }
  conn.rooms.add(roomHex)
  ctx.counters.joins += 1
  // Joined means "you will receive what others publish from now on", across nodes too.
  await ctx.fanout.subscribe(roomHex)
  if (conn.rooms.has(roomHex)) conn.send(encodeFrame({ type: FrameType.Joined, room }))
}

const JOIN_ERROR_CODES: Readonly<Record<JoinRefusal, ErrorCode>> = {
  bad_key: ErrorCode.JoinRefused,
  bad_signature: ErrorCode.JoinRefused,
  room_full: ErrorCode.RoomFull,
  too_many_rooms: ErrorCode.TooManyRooms,
}

function refuseJoin(conn: RelayConnection, ctx: RelayContext, reason: JoinRefusal, room: Uint8Array, detail: string): void {
  ctx.counters.joinsRefused += 1
  ctx.counters.joinRefusals[reason] += 1
  conn.sendError(JOIN_ERROR_CODES[reason], room, detail)
}

function handlePublish(conn: RelayConnection, room: Uint8Array, payload: Uint8Array, ctx: RelayContext): void {
  const roomHex = roomToHex(room)
  if (!conn.rooms.has(roomHex)) {
    ctx.counters.drops.not_joined += 1
    return conn.sendError(ErrorCode.NotJoined, room, 'join the room before publishing')
  }
  if (!ctx.roomRates.admit(roomHex)) {
    ctx.counters.drops.room_rate_limited += 1
    return conn.sendError(ErrorCode.RateLimited, room, 'room rate limit: frame dropped, slow down')
  }
  deliverToLocalMembers(ctx, roomHex, encodeFrame({ type: FrameType.Deliver, room, payload }), conn)
  ctx.fanout.publish(roomHex, payload)
}

/** Sends one encoded Deliver frame to the room's members on this node, except the sender. */
export function deliverToLocalMembers(ctx: RelayContext, roomHex: string, frame: Uint8Array, except?: RelayConnection): void {
  // One Buffer for every member: ws would otherwise wrap the Uint8Array anew for each send.
  const shared = Buffer.from(frame.buffer, frame.byteOffset, frame.byteLength)
  let delivered = 0
  // Copy: a slow member is removed from the room while we iterate.
  for (const member of [...ctx.rooms.members(roomHex)]) {
    if (member !== except && member.send(shared)) delivered += 1
  }
  ctx.counters.framesDelivered += delivered
}

function handleBadFrame(conn: RelayConnection, ctx: RelayContext, detail: string): void {
  ctx.counters.badFrames += 1
  ctx.counters.drops.bad_frame += 1
  if (conn.noteBadFrame()) return closeForPolicy(conn, ctx, 'too many malformed frames')
  conn.sendError(ErrorCode.BadFrame, undefined, detail)
}

function closeForPolicy(conn: RelayConnection, ctx: RelayContext, reason: string): void {
  ctx.counters.policyCloses += 1
  ctx.report('policy-close', { policyCloses: ctx.counters.policyCloses })
  conn.closeWith(CloseCode.Policy, reason)
}

/** ws hands over a Buffer, an ArrayBuffer or fragments; a plain Uint8Array view of each. */
function rawDataToBytes(data: RawData): Uint8Array {
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}
