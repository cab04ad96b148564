// Getting and giving epoch secrets. Secrets reach a device only sealed to its X25519 key (a
// rotation, a grant, an add-device entry), through an invite's lockbox, or through the key
// chain of a newer epoch. Every secret is checked against the epoch id it claims: a
// tampered lockbox opens to another id (or not at all) and is refused.

import { openRandom, sealRandom } from '../crypto/aead.ts'
import { deriveEpochKeys, epochIdOf } from '../crypto/epoch-keys.ts'
import type { KeyPair } from '../crypto/keys.ts'
import { openSealed, sealTo } from '../crypto/sealed-box.ts'
import { randomBytes } from '../crypto/primitives.ts'
import { boxPublicKey, type DeviceRecord } from '../identity/device-identity.ts'
import { fromBase64Url, toBase64Url, utf8Decode, utf8Encode } from '../util/bytes.ts'
import type { Keyring } from './keyring.ts'
import type { Lockbox, Rotation } from './entries.ts'
import { currentDevices, type MembershipState } from './state.ts'

export const lockboxContext = (epoch: string, device: string): string => `lockbox/${epoch}/${device}`
const keyChainAad = (epoch: string): Uint8Array => utf8Encode(`clientful/v1/key-chain/${epoch}`)

/** A device (or recovery key) that can open lockboxes addressed to `deviceId`. */
export interface LockboxOpener {
  readonly deviceId: string
  readonly box: KeyPair
}

export interface KeyProblem {
  readonly epoch: string
  readonly detail: string
}

export async function sealLockbox(record: DeviceRecord, epoch: string, secret: Uint8Array): Promise<Lockbox> {
  return { to: record.id, epoch, box: toBase64Url(await sealTo(boxPublicKey(record), secret, lockboxContext(epoch, record.id))) }
}

/** A fresh epoch sealed to every current device except `leaving`, carrying the older secrets. */
export async function createRotation(state: MembershipState, keyring: Keyring, leaving: readonly string[]): Promise<{ rotation: Rotation; secret: Uint8Array }> {
  const secret = randomBytes(32)
  const recipients = currentDevices(state).filter((id) => !leaving.includes(id)).map((id) => state.devices.get(id)!.record)
  const held = new Map(keyring.held().map((id) => [id, keyring.get(id)!.secret]))
  return { rotation: await sealRotation(secret, recipients, held), secret }
}

/** The rotation entry body for epoch `secret`: a lockbox per recipient, and the key chain of `held` secrets. */
export async function sealRotation(secret: Uint8Array, recipients: readonly DeviceRecord[], held: ReadonlyMap<string, Uint8Array>): Promise<Rotation> {
  const keys = await deriveEpochKeys(secret)
  const lockboxes = await Promise.all(recipients.map((record) => sealLockbox(record, keys.id, secret)))
  const chain: Record<string, string> = {}
  for (const [id, old] of held) chain[id] = toBase64Url(old)
  const prev = toBase64Url(await sealRandom(keys.content, utf8Encode(JSON.stringify(chain)), keyChainAad(keys.id)))
  return { epoch: keys.id, lockboxes, prev }
}

/** Opens every lockbox and key chain this device can, until nothing new opens. */
export async function adoptEpochKeys(state: MembershipState, keyring: Keyring, openers: readonly LockboxOpener[]): Promise<KeyProblem[]> {
  const problems: KeyProblem[] = []
  const failed = new Set<string>()
  for (let progress = true; progress; ) {
    progress = false
    for (const epoch of state.epochs.values()) {
      if (keyring.has(epoch.id)) {
        if (epoch.prev && !failed.has(`chain/${epoch.id}`)) {
          const added = await openKeyChain(keyring, epoch.id, epoch.prev)
          if (added === undefined) {
            failed.add(`chain/${epoch.id}`)
            problems.push({ epoch: epoch.id, detail: `the key chain of epoch ${epoch.id} does not open` })
          } else if (added > 0) progress = true
        }
        continue
      }
      opening: for (const opener of openers) {
        // Every copy sealed to this device, in fold order: one garbage copy never hides a good one.
        for (const copy of epoch.lockboxes.get(opener.deviceId) ?? []) {
          const tried = `${epoch.id}/${opener.deviceId}/${copy.granter}`
          if (failed.has(tried)) continue
          const secret = await openLockbox(opener, epoch.id, copy.box)
          if (secret) {
            await keyring.add(secret)
            progress = true
            break opening
          }
          failed.add(tried)
          problems.push({
            epoch: epoch.id,
            detail: `the lockbox of epoch ${epoch.id} for this device from ${copy.granter.slice(0, 12)}… does not open to that epoch's key (tampered?)`,
          })
        }
      }
    }
  }
  return problems
}

/** The epoch secret in a lockbox, or undefined when it does not open to that epoch's secret. */
async function openLockbox(opener: LockboxOpener, epoch: string, box: string): Promise<Uint8Array | undefined> {
  const secret = await openSealed(opener.box, fromBase64Url(box), lockboxContext(epoch, opener.deviceId))
  return secret && secret.length === 32 && (await epochIdOf(secret)) === epoch ? secret : undefined
}

/** Adds the secrets in an epoch's key chain; undefined when the chain does not open. */
async function openKeyChain(keyring: Keyring, epoch: string, prev: string): Promise<number | undefined> {
  const keys = keyring.get(epoch)!
  const plain = await openRandom(keys.content, fromBase64Url(prev), keyChainAad(epoch))
  if (!plain) return undefined
  let chain: Record<string, unknown>
  try {
    chain = JSON.parse(utf8Decode(plain)) as Record<string, unknown>
  } catch {
    return undefined
  }
  let added = 0
  for (const [id, value] of Object.entries(chain)) {
    if (keyring.has(id) || typeof value !== 'string') continue
    const secret = fromBase64Url(value)
    if (secret.length === 32 && (await epochIdOf(secret)) === id) {
      await keyring.add(secret)
      added++
    }
  }
  return added
}
