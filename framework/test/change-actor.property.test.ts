// The fast header read of a change's actor agrees with Automerge's full decoder on every
// change a random session produces (small and large, compressed or not).

import { describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { changeActor } from '../src/docs/change-actor.ts'
import { toHex } from '../src/util/bytes.ts'
import { forAllSeeds } from './support/random.ts'

describe('changeActor', () => {
  it('matches decodeChange for random changes, including large compressed ones (200 seeds)', async () => {
    await forAllSeeds(200, (random) => {
      const actor = toHex(random.bytes(36))
      let doc = A.init<Record<string, unknown>>({ actor })
      const other = A.change(A.init<Record<string, unknown>>({ actor: toHex(random.bytes(36)) }), (d) => void (d.x = 1))
      doc = A.merge(doc, other)
      for (let i = 0; i < 1 + random.int(4); i++) {
        doc = A.change(doc, (d) => {
          const big = random.next() < 0.3
          d[`k${random.int(5)}`] = big ? 'x'.repeat(500 + random.int(3000)) : random.int(1000)
        })
      }
      for (const change of A.getAllChanges(doc)) expect(changeActor(change)).toBe(A.decodeChange(change).actor)
    })
  })

  it('throws on bytes that are not a change', () => {
    expect(() => changeActor(new Uint8Array([1, 2, 3]))).toThrow()
  })
})
