// Keys for simulated membership histories, made once per test file: users, devices with
// their X25519 keys, one invite key, and a genesis founded by device 0 of user 0. Device
// records are certified on first use for any (device, user) pair.

import { certifyDevice, type DeviceRecord } from '../../src/identity/device-identity.ts'
import { keyPairFromSeed, type KeyPair } from '../../src/crypto/keys.ts'
import { GENESIS_FORMAT, hashRecord, signGenesis, type GenesisFile } from '../../src/membership/entries.ts'

const USERS = 7
const DEVICES = 16
const EPOCH = 'e'.repeat(16)

export interface KeyPool {
  readonly users: readonly KeyPair[]
  readonly devices: readonly { readonly signing: KeyPair; readonly box: KeyPair }[]
  readonly invite: KeyPair
  readonly genesis: GenesisFile
  readonly genesisHash: string
  record(device: number, user: number): Promise<DeviceRecord>
}

const seed = (n: number): Uint8Array => Uint8Array.from({ length: 32 }, (_, i) => (n * 31 + i * 7 + 1) & 0xff)

export async function createKeyPool(): Promise<KeyPool> {
  const users = await Promise.all(Array.from({ length: USERS }, (_, i) => keyPairFromSeed('Ed25519', seed(1000 + i))))
  const devices = await Promise.all(
    Array.from({ length: DEVICES }, async (_, i) => ({ signing: await keyPairFromSeed('Ed25519', seed(2000 + i)), box: await keyPairFromSeed('X25519', seed(3000 + i)) })),
  )
  const records = new Map<string, Promise<DeviceRecord>>()
  const record = (device: number, user: number): Promise<DeviceRecord> => {
    const key = `${device}/${user}`
    if (!records.has(key)) records.set(key, certifyDevice(users[user]!, devices[device]!.signing, devices[device]!.box))
    return records.get(key)!
  }
  const founder = await record(0, 0)
  const genesis = await signGenesis(
    { format: GENESIS_FORMAT, v: 1, nonce: 'AAAA', at: 1, founder, name: 'AAAA', lockbox: { to: founder.id, epoch: EPOCH, box: 'AAAA' } },
    devices[0]!.signing.privateKey,
  )
  return { users, devices, invite: await keyPairFromSeed('Ed25519', seed(4000)), genesis, genesisHash: await hashRecord(genesis), record }
}
