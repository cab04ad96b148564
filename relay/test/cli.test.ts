import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parseCliArgs } from '../src/parse-cli-args.ts'
import { CloseCode } from '@clientful/relay-protocol'
import { createRoomKey, TestClient, withGuard } from './helpers.ts'

const BIN = fileURLToPath(new URL('../bin/clientful-relay.js', import.meta.url))

describe('clientful-relay command', () => {
  it('parses flags, falls back to the environment, and names a bad flag', () => {
    expect(parseCliArgs(['--port', '0', '--max-frame-bytes', '4096', '--redis', 'redis://r:6379'])).toEqual({
      kind: 'run',
      options: { port: 0, maxFrameBytes: 4096, redisUrl: 'redis://r:6379' },
    })
    expect(parseCliArgs([], { PORT: '9000', HOST: '0.0.0.0' })).toEqual({ kind: 'run', options: { port: 9000, host: '0.0.0.0' } })
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' })
    expect(() => parseCliArgs(['--max-connections', 'lots'])).toThrow(/--max-connections/)
    expect(() => parseCliArgs(['--colour'])).toThrow()
  })

  it('prints one listening line, applies its flags, and exits cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, '--port', '0', '--max-frame-bytes', '4096'], { stdio: ['ignore', 'pipe', 'pipe'] })
    const exited = once(child, 'exit')
    try {
      const line = await withGuard(
        new Promise<string>((resolve) => {
          let out = ''
          child.stdout.on('data', (chunk: Buffer) => {
            out += chunk.toString()
            if (out.includes('\n')) resolve(out.split('\n')[0]!)
          })
        }),
        'the listening line',
      )
      const match = /^clientful relay listening on (ws:\/\/127\.0\.0\.1:\d+)$/.exec(line)
      expect(match).not.toBeNull()
      const url = match![1]!

      const health = await fetch(url.replace('ws://', 'http://') + '/healthz')
      expect(await health.json()).toEqual({ ok: true, connections: 0, rooms: 0 })

      const c = await TestClient.connect(url)
      const key = await createRoomKey()
      await c.join(key)
      await c.publish(key.room, new Uint8Array(5000)) // over --max-frame-bytes
      expect((await withGuard(c.closed, 'close')).code).toBe(CloseCode.TooBig)

      child.kill('SIGTERM')
      const [code] = await withGuard(exited, 'exit')
      expect(code).toBe(0)
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL')
    }
  })

  it('refuses a bad flag value with exit code 2 and the usage', async () => {
    const child = spawn(process.execPath, [BIN, '--max-frame-bytes', 'big'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const [code] = await withGuard(once(child, 'exit'), 'exit')
    expect(code).toBe(2)
    expect(stderr).toMatch(/--max-frame-bytes must be a number/)
    expect(stderr).toMatch(/Usage: clientful-relay/)
  })
})
