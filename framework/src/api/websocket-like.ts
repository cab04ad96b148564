// The slice of the WebSocket API the relay client uses. The browser's WebSocket and Node's
// `ws` both satisfy it, so the core imports neither: the app passes a factory.

/** Handler types are declared bivariantly so both DOM and `ws` event classes fit. */
type Handler<E> = { bivarianceHack(event: E): void }['bivarianceHack']

export interface WebSocketLike {
  binaryType: string
  readonly readyState: number
  send(data: Uint8Array<ArrayBuffer>): void
  close(code?: number, reason?: string): void
  onopen: Handler<unknown> | null
  onmessage: Handler<{ readonly data: unknown }> | null
  onclose: Handler<{ readonly code: number; readonly reason: string }> | null
  onerror: Handler<unknown> | null
}

/** e.g. `(url) => new WebSocket(url)` in the browser, or the same with `ws` in Node. */
export type WebSocketFactory = (url: string) => WebSocketLike
