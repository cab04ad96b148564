// Test helpers: Ed25519 room keys, a raw protocol client over a real `ws` socket that
// queues decoded frames so tests wait for events instead of sleeping, and a per-file harness
// that starts relays and clients and closes them after each test.

import { afterEach } from 'vitest'
import { WebSocket } from 'ws'
import {
  decodeFrame,
  encodeFrame,
  FrameType,
  joinChallenge,
  ROOM_BYTES,
  type Frame,
} from '@clientful/relay-protocol'
import { createRelayServer, type RelayOptions, type RelayServer } from '../src/index.ts'

export const GUARD_MS = 10_000

export interface RoomKey {
  readonly room: Uint8Array
  sign(message: Uint8Array): Promise<Uint8Array>
}

export async function createRoomKey(): Promise<RoomKey> {
  const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify'])) as CryptoKeyPair
  const room = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey))
  return {
    room,
    sign: async (message) => new Uint8Array(await crypto.subtle.sign('Ed25519', pair.privateKey, new Uint8Array(message))),
  }
}

/** Rejects after `ms` unless `promise` settles first: a failure guard, never a wait. */
export function withGuard<T>(promise: Promise<T>, what: string, ms = GUARD_MS): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)
  })
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer))
}

export type ErrorFrame = Extract<Frame, { type: typeof FrameType.Error }>
export type DeliverFrame = Extract<Frame, { type: typeof FrameType.Deliver }>

export class TestClient {
  readonly ws: WebSocket
  readonly nonce: Uint8Array
  readonly closed: Promise<{ code: number; reason: string }>
  readonly #queue: Frame[] = []
  readonly #waiters: Array<() => void> = []

  private constructor(ws: WebSocket, nonce: Uint8Array, queue: Frame[], closed: Promise<{ code: number; reason: string }>) {
    this.ws = ws
    this.nonce = nonce
    this.#queue = queue
    this.closed = closed
    ws.on('message', (data: Buffer) => {
      const frame = decodeFrame(new Uint8Array(data))
      if (!frame) throw new Error('the relay sent a malformed frame')
      this.#queue.push(frame)
      for (const wake of this.#waiters.splice(0)) wake()
    })
  }

  /** Connects and waits for Hello. */
  static async connect(url: string, options: { autoPong?: boolean } = {}): Promise<TestClient> {
    const ws = new WebSocket(url, { autoPong: options.autoPong ?? true })
    const closed = new Promise<{ code: number; reason: string }>((resolve) =>
      ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    )
    const hello = await withGuard(
      new Promise<Frame>((resolve, reject) => {
        ws.once('message', (data: Buffer) => {
          const frame = decodeFrame(new Uint8Array(data))
          if (frame) resolve(frame)
          else reject(new Error('bad hello'))
        })
        ws.once('error', reject)
      }),
      'Hello',
    )
    if (hello.type !== FrameType.Hello) throw new Error('first frame was not Hello')
    return new TestClient(ws, hello.nonce, [], closed)
  }

  /** The next frame the relay sent (optionally: the next one of a type), in arrival order. */
  async next<T extends Frame['type']>(type?: T): Promise<Extract<Frame, { type: T }>> {
    return withGuard(
      (async () => {
        for (;;) {
          const index = this.#queue.findIndex((frame) => type === undefined || frame.type === type)
          if (index >= 0) return this.#queue.splice(index, 1)[0] as Extract<Frame, { type: T }>
          await new Promise<void>((wake) => this.#waiters.push(wake))
        }
      })(),
      `a frame of type ${type ?? 'any'}`,
    )
  }

  send(frame: Frame | Uint8Array): Promise<void> {
    const bytes = frame instanceof Uint8Array ? frame : encodeFrame(frame)
    return new Promise((resolve, reject) => this.ws.send(bytes, (error) => (error ? reject(error) : resolve())))
  }

  async join(key: RoomKey): Promise<Frame> {
    const signature = await key.sign(joinChallenge(this.nonce, key.room))
    await this.send({ type: FrameType.Join, room: key.room, signature })
    return this.next()
  }

  publish(room: Uint8Array, payload: Uint8Array): Promise<void> {
    return this.send({ type: FrameType.Publish, room, payload })
  }

  /**
   * Publishes to a room this client never joined and returns the NotJoined answer. The relay
   * handles one connection's frames in order, so anything meant for this client before the
   * probe has arrived once the answer is here: a barrier for "nothing else was delivered".
   */
  async barrier(): Promise<void> {
    await this.publish(new Uint8Array(ROOM_BYTES).fill(0xee), new Uint8Array(0))
    const frame = await this.next()
    if (frame.type !== FrameType.Error) throw new Error(`expected the barrier's Error, got frame type ${frame.type}`)
  }

  /** Frames received and not yet taken by next(). */
  pending(): readonly Frame[] {
    return this.#queue
  }

  close(): void {
    this.ws.close()
  }
}

export function bytes(text: string): Uint8Array {
  return new TextEncoder().encode(text)
}

export function text(payload: Uint8Array): string {
  return new TextDecoder().decode(payload)
}

/**
 * Repeats `step` (a round trip through the relay, never a sleep) until `check` holds. For
 * effects of another connection, whose events the relay may handle a moment later.
 */
export async function until(check: () => boolean, step: () => Promise<unknown>, what: string): Promise<void> {
  await withGuard(
    (async () => {
      while (!check()) await step()
    })(),
    what,
  )
}

export interface RelayHarness {
  /** A relay on a free port, closed after the test. */
  relay(options?: RelayOptions): Promise<RelayServer>
  /** A client connected to `server` (Hello received), closed after the test. */
  client(server: RelayServer): Promise<TestClient>
  /** Runs `step` after the test; steps run latest first. */
  onCleanup(step: () => unknown): void
}

/**
 * Call once at the top of a test file: registers an afterEach that undoes, latest first,
 * everything the returned functions started during the test.
 */
export function relayHarness(): RelayHarness {
  const cleanup: Array<() => unknown> = []
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step()
  })
  return {
    async relay(options = {}) {
      const server = await createRelayServer({ port: 0, ...options })
      cleanup.push(() => server.close())
      return server
    },
    async client(server) {
      const c = await TestClient.connect(server.url)
      cleanup.push(() => c.close())
      return c
    },
    onCleanup(step) {
      cleanup.push(step)
    },
  }
}
