import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { describe, expect, it } from 'vitest'
import { parseCliArgs } from '../src/parse-cli-args.ts'
import { SETTINGS } from '../src/cli-options.ts'
import { CloseCode } from '@clientful/relay-protocol'
import { createRoomKey, TestClient, withGuard } from './helpers.ts'
import { startRelayCli } from './relay-cli.ts'
import { fromSource, RELAY_CLI } from '../../scripts/services/from-source.ts'

/** Runs the command to its exit and returns its exit code and stderr. */
async function runToExit(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [...fromSource(RELAY_CLI), ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  child.stdout.resume()
  const [code] = (await withGuard(once(child, 'exit'), 'exit')) as [number | null]
  return { code, stderr }
}

describe('clientful-relay settings', () => {
  it('parses flags, falls back to the environment, and names a bad flag', () => {
    expect(parseCliArgs(['--port', '0', '--max-frame-bytes', '4096', '--redis', 'redis://r:6379'])).toMatchObject({
      kind: 'run',
      options: { port: 0, maxFrameBytes: 4096, redisUrl: 'redis://r:6379' },
      sources: { port: '--port', maxFrameBytes: '--max-frame-bytes', redisUrl: '--redis' },
    })
    expect(parseCliArgs([], { PORT: '9000', HOST: '0.0.0.0' })).toMatchObject({ kind: 'run', options: { port: 9000, host: '0.0.0.0' } })
    expect(parseCliArgs(['--help'])).toEqual({ kind: 'help' })
    expect(() => parseCliArgs(['--max-connections', 'lots'])).toThrow(/--max-connections/)
    expect(() => parseCliArgs(['--colour'])).toThrow()
  })

  it('reads every setting from its CLIENTFUL_RELAY_ variable', () => {
    const env = {
      CLIENTFUL_RELAY_PORT: '9001',
      CLIENTFUL_RELAY_HOST: '0.0.0.0',
      CLIENTFUL_RELAY_REDIS_URL: 'redis://redis:6379',
      CLIENTFUL_RELAY_METRICS_PORT: '9464',
      CLIENTFUL_RELAY_METRICS_HOST: '0.0.0.0',
      CLIENTFUL_RELAY_LOG_LEVEL: 'warn',
      CLIENTFUL_RELAY_MAX_CONNECTIONS: '5000',
      CLIENTFUL_RELAY_MAX_CONNECTIONS_PER_IP: '32',
      CLIENTFUL_RELAY_MAX_CONNECTIONS_PER_ROOM: '100',
      CLIENTFUL_RELAY_MAX_ROOMS_PER_CONNECTION: '8',
      CLIENTFUL_RELAY_CONNECTIONS_PER_SECOND: '250.5',
      CLIENTFUL_RELAY_CONNECTION_BURST: '128',
      CLIENTFUL_RELAY_MAX_PENDING_UPGRADES: '1000',
      CLIENTFUL_RELAY_RETRY_AFTER_SECONDS: '3',
      CLIENTFUL_RELAY_MAX_FRAME_BYTES: '65536',
      CLIENTFUL_RELAY_MESSAGES_PER_SECOND: '50',
      CLIENTFUL_RELAY_MESSAGE_BURST: '60',
      CLIENTFUL_RELAY_BYTES_PER_SECOND: '100000',
      CLIENTFUL_RELAY_BYTE_BURST: '131072',
      CLIENTFUL_RELAY_ROOM_MESSAGES_PER_SECOND: '300',
      CLIENTFUL_RELAY_ROOM_MESSAGE_BURST: '600',
      CLIENTFUL_RELAY_MAX_BUFFERED_BYTES: '1048576',
      CLIENTFUL_RELAY_MAX_BAD_FRAMES: '4',
      CLIENTFUL_RELAY_MAX_RATE_LIMIT_STRIKES: '20',
      CLIENTFUL_RELAY_HEARTBEAT_INTERVAL_MS: '15000',
      CLIENTFUL_RELAY_TRUSTED_PROXIES: '1',
      CLIENTFUL_RELAY_DRAIN_MS: '2000',
    }
    // One variable per setting, none forgotten.
    expect(Object.keys(env).sort()).toEqual(SETTINGS.map((s) => s.env).sort())
    const command = parseCliArgs([], env)
    expect(command).toEqual({
      kind: 'run',
      logLevel: 'warn',
      options: {
        port: 9001,
        host: '0.0.0.0',
        redisUrl: 'redis://redis:6379',
        metricsPort: 9464,
        metricsHost: '0.0.0.0',
        maxConnections: 5000,
        maxConnectionsPerIp: 32,
        maxConnectionsPerRoom: 100,
        maxRoomsPerConnection: 8,
        connectionsPerSecond: 250.5,
        connectionBurst: 128,
        maxPendingUpgrades: 1000,
        retryAfterSeconds: 3,
        maxFrameBytes: 65536,
        messagesPerSecond: 50,
        messageBurst: 60,
        bytesPerSecond: 100000,
        byteBurst: 131072,
        roomMessagesPerSecond: 300,
        roomMessageBurst: 600,
        maxBufferedBytes: 1048576,
        maxBadFrames: 4,
        maxRateLimitStrikes: 20,
        heartbeatIntervalMs: 15000,
        trustedProxies: 1,
        drainMs: 2000,
      },
      sources: expect.objectContaining({ maxConnections: 'CLIENTFUL_RELAY_MAX_CONNECTIONS', logLevel: 'CLIENTFUL_RELAY_LOG_LEVEL' }),
    })
  })

  it('lets a flag win over its variable, and the new variable over the old generic one', () => {
    const command = parseCliArgs(['--max-connections', '7'], { CLIENTFUL_RELAY_MAX_CONNECTIONS: '9', PORT: '1', CLIENTFUL_RELAY_PORT: '2' })
    expect(command).toMatchObject({ options: { maxConnections: 7, port: 2 }, sources: { maxConnections: '--max-connections', port: 'CLIENTFUL_RELAY_PORT' } })
  })

  it('names the variable of a bad value, and never echoes a Redis URL (it may hold a password)', () => {
    expect(() => parseCliArgs([], { CLIENTFUL_RELAY_MAX_CONNECTIONS: 'lots' })).toThrow(
      'CLIENTFUL_RELAY_MAX_CONNECTIONS must be a positive integer, got "lots"',
    )
    expect(() => parseCliArgs([], { CLIENTFUL_RELAY_MAX_CONNECTIONS: '1.5' })).toThrow(/positive integer/)
    expect(() => parseCliArgs([], { CLIENTFUL_RELAY_LOG_LEVEL: 'chatty' })).toThrow(/CLIENTFUL_RELAY_LOG_LEVEL must be one of/)
    let message = ''
    try {
      parseCliArgs([], { CLIENTFUL_RELAY_REDIS_URL: 'http://user:hunter2@redis' })
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toBe('CLIENTFUL_RELAY_REDIS_URL must be a redis:// or rediss:// URL')
  })
})

describe('clientful-relay command', () => {
  it('logs JSON with its listening URL, applies its settings, and drains on SIGTERM with exit 0', async () => {
    const relay = await startRelayCli(['--port', '0', '--max-frame-bytes', '4096'])
    try {
      expect(relay.listening).toMatchObject({ level: 30, event: 'listening', service: 'clientful-relay' })
      const health = await fetch(relay.url.replace('ws://', 'http://') + '/healthz')
      expect(await health.json()).toEqual({ ok: true, connections: 0, rooms: 0 })

      const c = await TestClient.connect(relay.url)
      const key = await createRoomKey()
      await c.join(key)
      await c.publish(key.room, new Uint8Array(5000)) // over --max-frame-bytes
      expect((await withGuard(c.closed, 'close')).code).toBe(CloseCode.TooBig)

      relay.child.kill('SIGTERM')
      expect(await relay.exited).toBe(0)
    } finally {
      relay.kill()
    }
  })

  it('takes its settings from the environment', async () => {
    const relay = await startRelayCli([], { CLIENTFUL_RELAY_PORT: '0', CLIENTFUL_RELAY_MAX_FRAME_BYTES: '4096', CLIENTFUL_RELAY_DRAIN_MS: '0' })
    try {
      const c = await TestClient.connect(relay.url)
      const key = await createRoomKey()
      await c.join(key)
      await c.publish(key.room, new Uint8Array(5000))
      expect((await withGuard(c.closed, 'close')).code).toBe(CloseCode.TooBig)
    } finally {
      relay.kill()
    }
  })

  it('refuses a bad flag value with one line naming the flag, exit code 2', async () => {
    const { code, stderr } = await runToExit(['--max-frame-bytes', 'big'])
    expect(code).toBe(2)
    expect(stderr).toBe('clientful-relay: --max-frame-bytes must be a positive integer, got "big" (see clientful-relay --help)\n')
  })

  it('refuses a bad environment value with one line naming the variable, exit code 2', async () => {
    const { code, stderr } = await runToExit([], { CLIENTFUL_RELAY_MAX_CONNECTIONS: '-3' })
    expect(code).toBe(2)
    expect(stderr).toBe('clientful-relay: CLIENTFUL_RELAY_MAX_CONNECTIONS must be a positive integer, got "-3" (see clientful-relay --help)\n')
  })

  it('names the variable when two settings disagree', async () => {
    const { code, stderr } = await runToExit(['--max-frame-bytes', '8192'], { CLIENTFUL_RELAY_BYTE_BURST: '4096' })
    expect(code).toBe(2)
    expect(stderr).toMatch(/^clientful-relay: CLIENTFUL_RELAY_BYTE_BURST must be at least maxFrameBytes/)
    expect(stderr.trim().split('\n')).toHaveLength(1)
  })
})
