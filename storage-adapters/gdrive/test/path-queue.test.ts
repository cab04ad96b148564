import { describe, expect, it } from 'vitest'
import { createPathQueue } from '../src/path-queue.ts'

function gate() {
  let open!: () => void
  const opened = new Promise<void>((resolve) => (open = resolve))
  return { open, opened }
}

describe('createPathQueue', () => {
  it('runs operations on one path one at a time, and coalesces the ones waiting', async () => {
    const queue = createPathQueue()
    const ran: string[] = []
    const first = gate()
    const done = [
      queue.run('a', async () => {
        ran.push('v1')
        await first.opened
      }),
      queue.run('a', async () => void ran.push('v2')),
      queue.run('a', async () => void ran.push('v3')),
      queue.run('a', async () => void ran.push('v4')),
    ]
    expect(ran).toEqual(['v1'])
    first.open()
    await Promise.all(done)
    expect(ran).toEqual(['v1', 'v4']) // v2 and v3 were made moot by v4; their callers waited for it
  })

  it('keeps paths independent', async () => {
    const queue = createPathQueue()
    const blocked = gate()
    const ran: string[] = []
    const slow = queue.run('a', () => blocked.opened)
    await queue.run('b', async () => void ran.push('b'))
    expect(ran).toEqual(['b'])
    blocked.open()
    await slow
  })

  it('passes each failure to the callers of that operation only, and goes on', async () => {
    const queue = createPathQueue()
    const first = gate()
    const failing = queue.run('a', async () => {
      await first.opened
      throw new Error('first failed')
    })
    const next = queue.run('a', async () => undefined)
    first.open()
    await expect(failing).rejects.toThrow('first failed')
    await expect(next).resolves.toBeUndefined()
    await expect(queue.run('a', () => Promise.reject(new Error('later')))).rejects.toThrow('later')
  })
})
