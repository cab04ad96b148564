// A device's identity: its own Ed25519 (signing) and X25519 (receiving keys) pairs, and the
// user it belongs to. The device id is the hex Ed25519 public key; the user id is the hex
// public key of the user key, which certifies each of the user's devices.

import { fromBase64Url, fromHex, toBase64Url, toHex } from '../util/bytes.ts'
import { generateKeyPair, type KeyPair } from '../crypto/keys.ts'
import { randomBytes } from '../crypto/webcrypto.ts'
import { signRecord, verifyRecord } from '../format/signed-record.ts'
import type { KeyStore } from './key-store.ts'

/** A device as other members see it: public keys and the user's certificate. */
export interface DeviceRecord {
  /** hex Ed25519 public key */
  readonly id: string
  /** base64url X25519 public key */
  readonly box: string
  /** hex Ed25519 public key of the user */
  readonly user: string
  /** The user key's signature over { id, box, user } (and kind, when present) */
  readonly cert: string
  /** A recovery key registered as a device: it only ever receives lockboxes, never writes. */
  readonly kind?: 'recovery'
}

export interface DeviceIdentity {
  readonly deviceId: string
  readonly userId: string
  readonly signing: KeyPair
  readonly box: KeyPair
  /** The user key: certifies the user's devices; travels only sealed (device link, recovery kit). */
  readonly user: KeyPair
  readonly record: DeviceRecord
}

interface CertFields {
  id: string
  box: string
  user: string
  kind?: 'recovery'
  sig: string
}

export async function certifyDevice(user: KeyPair, signing: KeyPair, box: KeyPair, kind?: 'recovery'): Promise<DeviceRecord> {
  const fields = { id: toHex(signing.publicKey), box: toBase64Url(box.publicKey), user: toHex(user.publicKey), ...(kind ? { kind } : {}) }
  const signed = await signRecord<CertFields>('device-cert', fields, user.privateKey)
  return { ...fields, cert: signed.sig }
}

export function verifyDeviceRecord(record: DeviceRecord): Promise<boolean> {
  const { cert, ...fields } = record
  return verifyRecord('device-cert', { ...fields, sig: cert }, fromHex(record.user))
}

export function boxPublicKey(record: DeviceRecord): Uint8Array {
  return fromBase64Url(record.box)
}

const NAMES = { signing: 'device-signing', box: 'device-box', user: 'user' } as const

/** Loads this device's identity, creating keys the first time (idempotent). */
export async function loadOrCreateIdentity(keys: KeyStore): Promise<DeviceIdentity> {
  let signing = await keys.loadKeyPair(NAMES.signing)
  let box = await keys.loadKeyPair(NAMES.box)
  let user = await keys.loadKeyPair(NAMES.user)
  if (!signing || !box || !user) {
    signing = await generateKeyPair('Ed25519', keys.persistsSeeds)
    box = await generateKeyPair('X25519', keys.persistsSeeds)
    // The user key travels (sealed) to the user's other devices, so it is always kept as a seed.
    user = await generateKeyPair('Ed25519', true)
    // User key last: its presence marks a complete identity.
    await keys.saveKeyPair(NAMES.signing, signing)
    await keys.saveKeyPair(NAMES.box, box)
    await keys.saveKeyPair(NAMES.user, user)
  }
  const record = await certifyDevice(user, signing, box)
  return { deviceId: record.id, userId: record.user, signing, box, user, record }
}

/** Makes this device a device of another user (linking, recovery): its own keys stay. */
export async function adoptUserKey(keys: KeyStore, user: KeyPair): Promise<DeviceIdentity> {
  await keys.saveKeyPair(NAMES.user, user)
  return loadOrCreateIdentity(keys)
}

/** Automerge actor id: the device key plus a random per-session suffix (see docs/ARCHITECTURE.md). */
export function sessionActorId(deviceId: string): string {
  return deviceId + toHex(randomBytes(4))
}

export function actorBelongsTo(actor: string, deviceId: string): boolean {
  return actor.length === deviceId.length + 8 && actor.startsWith(deviceId)
}
