// The tab channel over a BroadcastChannel (browsers; Node has one too, which the tests use):
// every other tab of the same origin with the same name hears each message, in order.

import type { TabChannel, TabMessage } from './tab-protocol.ts'

export function broadcastTabChannel(name: string): TabChannel {
  const channel = new BroadcastChannel(name)
  const listeners = new Set<(message: TabMessage) => void>()
  channel.onmessage = (event: MessageEvent<TabMessage>) => {
    for (const listener of [...listeners]) listener(event.data)
  }
  return {
    post: (message) => channel.postMessage(message),
    on(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    close: () => channel.close(),
  }
}
