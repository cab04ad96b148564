// The conformance suite of the key store seam (identity/key-store.ts): IndexedDBKeyStore,
// FileKeyStore, or an app's own. Runner-agnostic, as the other suites:
//
//   for (const c of keyStoreConformanceCases()) it(c.name, () => c.run(subject))
//
// `open()` must give a new instance over the same place each call (a restart), starting empty.

import { agree, generateKeyPair, sign, verify } from '../crypto/keys.ts'
import type { KeyStore } from '../identity/key-store.ts'
import { check, checkBytes, patternBytes } from './storage-conformance-checks.ts'

export interface KeyStoreSubject {
  open(): Promise<KeyStore>
}

export interface KeyStoreConformanceCase {
  readonly name: string
  readonly run: (subject: KeyStoreSubject) => Promise<void>
}

const MESSAGE = new TextEncoder().encode('clientful key store conformance')

const cases: Record<string, (subject: KeyStoreSubject) => Promise<void>> = {
  'nothing saved loads as undefined': async ({ open }) => {
    const store = await open()
    check((await store.loadKeyPair('missing')) === undefined, 'a key pair never saved')
    check((await store.loadSecret('missing')) === undefined, 'a secret never saved')
  },

  'an Ed25519 pair saved comes back, after a restart too, and signs for its public key': async ({ open }) => {
    const store = await open()
    const pair = await generateKeyPair('Ed25519', store.persistsSeeds)
    await store.saveKeyPair('device-signing', pair)
    for (const reader of [store, await open()]) {
      const loaded = await reader.loadKeyPair('device-signing')
      check(loaded !== undefined, 'the saved pair must load')
      checkBytes(loaded!.publicKey, pair.publicKey, 'its public key')
      check(loaded!.privateKey.algorithm === 'Ed25519', 'its algorithm')
      check(await verify(pair.publicKey, MESSAGE, await sign(loaded!.privateKey, MESSAGE)), 'a signature by the loaded key verifies under the original public key')
    }
  },

  'an X25519 pair saved comes back and agrees as before': async ({ open }) => {
    const store = await open()
    const [mine, peer] = [await generateKeyPair('X25519', store.persistsSeeds), await generateKeyPair('X25519', true)]
    const before = await agree(mine.privateKey, peer.publicKey)
    await store.saveKeyPair('device-box', mine)
    const loaded = await (await open()).loadKeyPair('device-box')
    check(loaded !== undefined && loaded.privateKey.algorithm === 'X25519', 'the saved X25519 pair must load')
    checkBytes(await agree(loaded!.privateKey, peer.publicKey), before, 'the shared secret')
  },

  'a key pair kept as a seed comes back with it (the user key travels sealed)': async ({ open }) => {
    const store = await open()
    const pair = await generateKeyPair('Ed25519', true)
    await store.saveKeyPair('user', pair)
    checkBytes((await (await open()).loadKeyPair('user'))?.privateKey.seed, pair.privateKey.seed!, 'the seed')
  },

  'saving a name again replaces the pair': async ({ open }) => {
    const store = await open()
    const [first, second] = [await generateKeyPair('Ed25519', store.persistsSeeds), await generateKeyPair('Ed25519', store.persistsSeeds)]
    await store.saveKeyPair('replaced', first)
    await store.saveKeyPair('replaced', second)
    checkBytes((await (await open()).loadKeyPair('replaced'))?.publicKey, second.publicKey, 'the newer pair')
  },

  'secrets round-trip byte for byte, and never collide with a pair of the same name': async ({ open }) => {
    const store = await open()
    const secret = patternBytes(32, 4)
    await store.saveSecret('epoch:ws:1', secret)
    await store.saveSecret('same-name', patternBytes(48, 5))
    await store.saveKeyPair('same-name', await generateKeyPair('Ed25519', store.persistsSeeds))
    const reloaded = await open()
    checkBytes(await reloaded.loadSecret('epoch:ws:1'), secret, 'a 32-byte secret')
    checkBytes(await reloaded.loadSecret('same-name'), patternBytes(48, 5), 'a secret beside a pair of the same name')
    check((await reloaded.loadKeyPair('same-name')) !== undefined, 'the pair beside it')
  },

  'concurrent saves of different names all persist': async ({ open }) => {
    const store = await open()
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.saveSecret(`s${i}`, patternBytes(32, i + 1))))
    const reloaded = await open()
    for (let i = 0; i < 20; i++) checkBytes(await reloaded.loadSecret(`s${i}`), patternBytes(32, i + 1), `secret s${i}`)
  },

  'a store that keeps no seeds keeps non-extractable keys usable; one that does refuses them': async ({ open }) => {
    const store = await open()
    const held = await generateKeyPair('Ed25519', false)
    if (held.privateKey.seed !== undefined) return // this runtime has no WebCrypto Ed25519: every key has a seed
    if (store.persistsSeeds) {
      const refused = await store.saveKeyPair('held', held).then(() => false, () => true)
      check(refused, 'a store that persists seeds must refuse a key it cannot write down')
      return
    }
    await store.saveKeyPair('held', held)
    const loaded = await (await open()).loadKeyPair('held')
    check(loaded?.privateKey.seed === undefined, 'a non-extractable key stays without a seed')
    check(await verify(held.publicKey, MESSAGE, await sign(loaded!.privateKey, MESSAGE)), 'and still signs')
  },
}

export function keyStoreConformanceCases(): KeyStoreConformanceCase[] {
  return Object.entries(cases).map(([name, run]) => ({ name, run }))
}
