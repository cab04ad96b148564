import { describe, expect, it } from 'vitest'
import * as A from '@automerge/automerge'
import { generateKeyPair, sign, verify } from '../src/crypto/keys.ts'

describe('smoke', () => {
  it('loads automerge and webcrypto', async () => {
    const d = A.from({ a: 1 })
    expect(d.a).toBe(1)
    const k = await generateKeyPair('Ed25519', true)
    const s = await sign(k.privateKey, new Uint8Array([1]))
    expect(await verify(k.publicKey, new Uint8Array([1]), s)).toBe(true)
  })
})
