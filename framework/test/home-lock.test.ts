// One engine per Node home within one process: a second open is refused at once, and the home
// is free again once released. (Across processes, through the CLI: cli/test/one-engine.test.ts.)

import { describe, expect, it } from 'vitest'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { lockHome } from '../src/platform/node/home-lock.ts'

describe('the home lock', () => {
  it('a second open in the same process is refused, and one that cannot wait says who holds the home', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'clientful-lock-'))
    const held = await lockHome(dir)
    await expect(lockHome(dir)).rejects.toThrow(/already open in this process/)
    await held.release()
    const again = await lockHome(dir, { waitMs: 0 })
    await again.release()
    await rm(dir, { recursive: true, force: true })
  })
})
