// The fan-out baseline with nothing in the way: a bare `ws` server that sends every message it
// receives to every other connection. No rooms, no limits, no protocol. Own process, like the
// relay under test, so the bench measures the server's work and not its own.

import { WebSocketServer, type RawData } from 'ws'

const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false })
wss.on('connection', (ws) => {
  ws.on('message', (data: RawData, isBinary) => {
    for (const peer of wss.clients) if (peer !== ws && peer.readyState === peer.OPEN) peer.send(data, { binary: isBinary })
  })
})
wss.on('listening', () => {
  const address = wss.address()
  if (typeof address === 'object' && address !== null) console.log(`listening on 127.0.0.1:${address.port}`)
})
