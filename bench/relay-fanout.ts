// Relay fan-out: one publisher sends MESSAGES messages into one room as fast as it can; the run
// ends when each of SUBSCRIBERS members has received every one of them. Deliveries per second =
// SUBSCRIBERS × MESSAGES / time. The same payload bytes go through three servers, each in its
// own process:
// - `clientful relay`: the relay command, signed joins, its Publish/Deliver framing (33 bytes
//   more per frame), limits raised so that they measure the forwarding, not the policy;
// - `raw ws broadcast`: a bare `ws` server sending each message to every other connection;
// - `y-websocket`: y-websocket's server handler; the payloads are real Yjs updates (a map key
//   set per message, as sync messages), which it applies to its copy of the document and
//   broadcasts. For the relay and the raw server the same bytes are opaque.

import { WebSocket } from 'ws'
import * as Y from 'yjs'
import { decodeFrame, encodeFrame, FrameType, joinChallenge, ROOM_BYTES } from '@clientful/relay-protocol'
import { connectCountingSubscriber, frameBytes, type CountingSubscriber } from './counting-subscriber.ts'
import type { RunResult, Variant } from './harness.ts'
import { startRawBroadcastServer, startRelayProcess, startYWebsocketServer, type BenchServer } from './relay-servers.ts'

export const SUBSCRIBERS = 100
export const MESSAGES = 5_000
export const RELAY = 'clientful relay'
export const RAW = 'raw ws broadcast'
export const Y_WEBSOCKET = 'y-websocket'

/** Limits out of the way: the bench measures forwarding, and one publisher far exceeds a client's share. */
const RELAY_BENCH_ENV = {
  CLIENTFUL_RELAY_MESSAGES_PER_SECOND: '1000000000',
  CLIENTFUL_RELAY_MESSAGE_BURST: '1000000000',
  CLIENTFUL_RELAY_BYTES_PER_SECOND: '1000000000000',
  CLIENTFUL_RELAY_BYTE_BURST: '1000000000000',
  CLIENTFUL_RELAY_ROOM_MESSAGES_PER_SECOND: '1000000000',
  CLIENTFUL_RELAY_ROOM_MESSAGE_BURST: '1000000000',
  CLIENTFUL_RELAY_MAX_CONNECTIONS_PER_ROOM: '1000',
  CLIENTFUL_RELAY_MAX_BUFFERED_BYTES: String(256 * 1024 * 1024),
}

export interface FanoutServers {
  readonly relay: BenchServer
  readonly raw: BenchServer
  readonly yWebsocket: BenchServer
  stop(): Promise<void>
}

export async function startFanoutServers(): Promise<FanoutServers> {
  const relay = await startRelayProcess(RELAY_BENCH_ENV)
  const raw = await startRawBroadcastServer()
  const yWebsocket = await startYWebsocketServer()
  return { relay, raw, yWebsocket, stop: async () => void (await Promise.all([relay.stop(), raw.stop(), yWebsocket.stop()])) }
}

/** MESSAGES Yjs updates as y-websocket sync messages: [messageSync 0][update 2][varuint length][update]. */
export function yjsSyncMessages(): Uint8Array[] {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (update: Uint8Array) => updates.push(update))
  const map = doc.getMap<string>('tasks')
  for (let i = 0; i < MESSAGES; i++) map.set(`task-${i % 100}`, `a task title that someone typed, edit ${i}`)
  return updates.map((update) => new Uint8Array([0, 2, ...varUint(update.length), ...update]))
}

function varUint(value: number): number[] {
  const out: number[] = []
  while (value > 0x7f) {
    out.push((value & 0x7f) | 0x80)
    value >>>= 7
  }
  out.push(value)
  return out
}

export function fanoutVariants(servers: FanoutServers, messages: readonly Uint8Array[]): Variant[] {
  return [
    { name: RELAY, run: () => runFanout(servers.relay, relayClients, messages) },
    { name: RAW, run: () => runFanout(servers.raw, rawClients, messages) },
    { name: Y_WEBSOCKET, run: () => runFanout(servers.yWebsocket, yWebsocketClients, messages) },
  ]
}

/** How one kind of server is joined and published to, and what a delivery costs on the wire. */
interface ClientKind {
  /** A member ready to receive (greeted, joined); it only counts bytes from then on. */
  subscribe(url: string, room: string): Promise<CountingSubscriber>
  /** The member that publishes, as a full `ws` client. */
  publisher(url: string, room: string): Promise<{ ws: WebSocket; publish(payload: Uint8Array): void }>
  /** Bytes one delivered message of `payloadLength` takes on a subscriber's socket. */
  deliveryBytes(payloadLength: number): number
}

async function runFanout(server: BenchServer, kind: ClientKind, messages: readonly Uint8Array[]): Promise<RunResult> {
  const room = `bench-${crypto.randomUUID()}`
  const subscribers = await Promise.all(Array.from({ length: SUBSCRIBERS }, () => kind.subscribe(server.url, room)))
  const publisher = await kind.publisher(server.url, room)
  try {
    const expectedBytes = messages.reduce((sum, m) => sum + kind.deliveryBytes(m.length), 0)
    const allReceived = Promise.all(subscribers.map((s) => s.expect(expectedBytes)))
    const cpuBefore = server.cpuMs()
    const start = performance.now()
    for (const message of messages) publisher.publish(message)
    await allReceived
    const ms = performance.now() - start
    const deliveries = SUBSCRIBERS * messages.length
    return { ms: { 'fan-out': ms, 'server cpu': server.cpuMs() - cpuBefore }, counts: { 'deliveries/s': Math.round(deliveries / (ms / 1000)) } }
  } finally {
    publisher.ws.terminate()
    for (const subscriber of subscribers) subscriber.close()
  }
}

function open(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: false })
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

interface RoomKey {
  readonly room: Uint8Array
  sign(message: Uint8Array): Promise<Uint8Array>
}

/** Every relay room is an Ed25519 public key; the bench makes one per room name. */
const roomKeys = new Map<string, Promise<RoomKey>>()
function roomKey(name: string): Promise<RoomKey> {
  let key = roomKeys.get(name)
  if (!key) {
    key = (async () => {
      const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify'])) as CryptoKeyPair
      const room = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey))
      return { room, sign: async (message: Uint8Array) => new Uint8Array(await crypto.subtle.sign('Ed25519', pair.privateKey, new Uint8Array(message))) }
    })()
    roomKeys.set(name, key)
  }
  return key
}

/** Answers Hello with a signed Join; ready at Joined. */
function joinRelayRoom(key: RoomKey) {
  return (message: Uint8Array, sub: { send(payload: Uint8Array): void }): boolean => {
    const frame = decodeFrame(message)
    if (frame?.type === FrameType.Hello) {
      void key.sign(joinChallenge(frame.nonce, key.room)).then((signature) => sub.send(encodeFrame({ type: FrameType.Join, room: key.room, signature })))
    } else if (frame?.type === FrameType.Error) {
      throw new Error(`relay refused: ${frame.detail}`)
    }
    return frame?.type === FrameType.Joined
  }
}

const relayClients: ClientKind = {
  async subscribe(url, roomName) {
    return connectCountingSubscriber(url, joinRelayRoom(await roomKey(roomName)))
  },
  async publisher(url, roomName) {
    const key = await roomKey(roomName)
    const ws = new WebSocket(url, { perMessageDeflate: false })
    const join = joinRelayRoom(key)
    // Listening from the start: Hello can arrive in the same read as the 101.
    await new Promise<void>((resolve, reject) => {
      ws.on('message', (data: Buffer) => join(new Uint8Array(data), { send: (p) => ws.send(p) }) && resolve())
      ws.once('error', reject)
    })
    const header = new Uint8Array([FrameType.Publish, ...key.room])
    return { ws, publish: (payload) => ws.send(Buffer.concat([header, payload])) }
  },
  deliveryBytes: (length) => frameBytes(1 + ROOM_BYTES + length),
}

const rawClients: ClientKind = {
  subscribe: (url) => connectCountingSubscriber(url),
  async publisher(url) {
    const ws = await open(url)
    return { ws, publish: (payload) => ws.send(payload) }
  },
  deliveryBytes: frameBytes,
}

/** y-websocket greets with sync step 1 ([0][0]…) once the connection is on the document. */
const isSyncStep1 = (message: Uint8Array): boolean => message[0] === 0 && message[1] === 0

const yWebsocketClients: ClientKind = {
  subscribe: (url, room) => connectCountingSubscriber(`${url}/${room}`, isSyncStep1),
  async publisher(url, room) {
    const ws = new WebSocket(`${url}/${room}`, { perMessageDeflate: false })
    await new Promise<void>((resolve, reject) => {
      ws.on('message', (data: Buffer) => isSyncStep1(new Uint8Array(data)) && resolve())
      ws.once('error', reject)
    })
    return { ws, publish: (payload) => ws.send(payload) }
  },
  deliveryBytes: frameBytes,
}
