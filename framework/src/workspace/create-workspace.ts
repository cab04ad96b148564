// Founding a workspace: a fresh epoch-0 secret sealed to this device, a signed genesis whose
// hash names the workspace, written to the storage the user chose.

import type { CreateWorkspaceOptions } from '../api/options.ts'
import { encodeRecord } from '../format/signed-record.ts'
import { paths } from '../format/paths.ts'
import { FORMAT_VERSION } from '../format/version.ts'
import { sealRandom } from '../crypto/aead.ts'
import { deriveEpochKeys, type EpochKeys } from '../crypto/epoch-keys.ts'
import { sealTo } from '../crypto/sealed-box.ts'
import { randomBytes } from '../crypto/primitives.ts'
import { boxPublicKey, type DeviceIdentity } from '../identity/device-identity.ts'
import { lockboxContext } from '../membership/key-access.ts'
import { GENESIS_FORMAT, WORKSPACE_NAME_AAD, hashRecord, signGenesis, workspaceIdOf, type GenesisFile } from '../membership/entries.ts'
import { checkRootMarker } from '../storage/root-marker.ts'
import { withRetries } from '../storage/retrying-storage.ts'
import { invalidArgument } from '../util/errors.ts'
import { toBase64Url, utf8Encode } from '../util/bytes.ts'
import { Keyring } from '../membership/keyring.ts'
import { saveWorkspaceConfig } from './workspace-config.ts'
import type { WorkspaceConfig } from '../api/workspace-config.ts'
import type { WorkspaceDeps } from './workspace-deps.ts'


/** The genesis of a new workspace: `keys` are its first epoch's, sealed to the founder only. */
export async function signNewGenesis(founder: DeviceIdentity, keys: EpochKeys, name: string, at: number): Promise<GenesisFile> {
  return signGenesis(
    {
      format: GENESIS_FORMAT,
      v: FORMAT_VERSION,
      nonce: toBase64Url(randomBytes(16)),
      at,
      founder: founder.record,
      name: toBase64Url(await sealRandom(keys.content, utf8Encode(name), WORKSPACE_NAME_AAD)),
      lockbox: {
        to: founder.deviceId,
        epoch: keys.id,
        box: toBase64Url(await sealTo(boxPublicKey(founder.record), keys.secret, lockboxContext(keys.id, founder.deviceId))),
      },
    },
    founder.signing.privateKey,
  )
}

export async function createWorkspace(deps: WorkspaceDeps, options: CreateWorkspaceOptions): Promise<WorkspaceConfig> {
  const name = options.name.trim()
  if (name.length === 0 || name.length > 200) throw invalidArgument('name', '1–200 characters')
  const storage = withRetries(await deps.openStorage(options.storage, options.credentials), deps.retry)
  await checkRootMarker(storage, { createIfMissing: true })

  const secret = randomBytes(32)
  const keys = await deriveEpochKeys(secret)
  const genesis = await signNewGenesis(deps.identity, keys, name, deps.now())
  const genesisHash = await hashRecord(genesis)
  const id = workspaceIdOf(genesisHash)
  const bytes = encodeRecord(genesis)
  await storage.write(paths.workspace(id), bytes)

  await new Keyring(deps.keys, deps.local, id, keys.id).add(secret)
  const config: WorkspaceConfig = {
    id,
    name,
    storage: options.storage,
    relay: options.relay,
    genesisHash,
    ...(options.credentials ? { credentials: { [options.storage]: options.credentials } } : {}),
    joinedAt: deps.now(),
  }
  await saveWorkspaceConfig(deps.local, config, bytes)
  return config
}
