// The recovery kit: the user key and a recovery key, as text the user can save or print.
// The recovery key is registered in each workspace as a device that never writes, so every
// key rotation seals the new epoch to it too. With the kit, a new device becomes a device of
// the same user and opens the recovery key's lockboxes; without it, nobody can — not the
// storage provider, not the relay. A new kit retires the previous recovery key.

import { certifyDevice, type DeviceRecord } from '../identity/device-identity.ts'
import { keyPairFromSeed, type KeyPair } from '../crypto/keys.ts'
import { hkdf, randomBytes } from '../crypto/webcrypto.ts'
import { decodeSecretCode, encodeSecretCode, secretField } from '../format/secret-code.ts'
import { b64, checkShape, hex, list, object, optional, string, type Shape } from '../format/record-shape.ts'
import { toBase64Url } from '../util/bytes.ts'
import { ClientfulError } from '../util/errors.ts'
import type { WorkspaceLocator } from '../workspace/adopt-workspace.ts'

const PREFIX = 'cr1'

export interface RecoveryKeys {
  readonly signing: KeyPair
  readonly box: KeyPair
}

export async function recoveryKeys(seed: Uint8Array): Promise<RecoveryKeys> {
  const [signSeed, boxSeed] = await Promise.all([hkdf(seed, 'clientful/v1/recovery-sign'), hkdf(seed, 'clientful/v1/recovery-box')])
  return { signing: await keyPairFromSeed('Ed25519', signSeed), box: await keyPairFromSeed('X25519', boxSeed) }
}

export async function recoveryRecord(user: KeyPair, seed: Uint8Array): Promise<DeviceRecord> {
  const keys = await recoveryKeys(seed)
  return certifyDevice(user, keys.signing, keys.box, 'recovery')
}

export interface RecoveryKit {
  readonly userSeed: Uint8Array
  readonly recoverySeed: Uint8Array
  readonly workspaces: WorkspaceLocator[]
}

export function formatRecoveryKit(kit: RecoveryKit, userId: string, names: ReadonlyMap<string, string>, now: Date): string {
  const code = encodeSecretCode(PREFIX, {
    u: toBase64Url(kit.userSeed),
    r: toBase64Url(kit.recoverySeed),
    w: kit.workspaces.map((w) => ({ i: w.id, s: w.storage, ...(w.relay ? { r: w.relay } : {}) })),
  })
  return [
    'CLIENTFUL RECOVERY KIT',
    '',
    'Whoever holds this kit can act as you in every workspace listed below. Print it or keep it',
    'in a password manager; do not send it to anyone. Making a new kit retires this one.',
    '',
    `User:    ${userId}`,
    `Created: ${now.toISOString()}`,
    'Workspaces:',
    ...kit.workspaces.map((w) => `  - ${names.get(w.id) ?? w.id} (${w.id})`),
    '',
    'Recovery code:',
    code,
    '',
  ].join('\n')
}

/** The code's payload: both seeds and where each workspace is. */
const KIT_SHAPE: Shape = {
  u: b64(43, 'must be a 32-byte key'),
  r: b64(43, 'must be a 32-byte key'),
  w: list(object({ i: hex(16, 'workspace id'), s: string(8192), r: optional(string(8192)) }), 4096),
}

export function parseRecoveryKit(text: string): RecoveryKit {
  const decoded = decodeSecretCode(PREFIX, text)
  const fail = (detail: string) => new ClientfulError('invalid-argument', `invalid recovery kit: ${detail}`)
  if (!decoded.ok) throw fail(decoded.detail)
  const bad = checkShape(decoded.value, KIT_SHAPE)
  if (bad) throw fail(bad.detail)
  const { u, r, w } = decoded.value as { u: string; r: string; w: { i: string; s: string; r?: string }[] }
  const userSeed = secretField(u)
  const recoverySeed = secretField(r)
  if (!userSeed || !recoverySeed) throw fail('missing keys')
  return { userSeed, recoverySeed, workspaces: w.map((x) => ({ id: x.i, storage: x.s, relay: x.r })) }
}

export function newRecoverySeed(): Uint8Array {
  return randomBytes(32)
}
