// Bringing a workspace this user already belongs to onto a device restored from a recovery
// kit: the recovery key — a current device of the user that never writes — opens its
// lockboxes and signs the entry that adds the new device.

import { adoptEpochKeys, type LockboxOpener } from '../membership/key-access.ts'
import { MembershipLog } from '../membership/membership-log.ts'
import { RejectionLog, recordStorageRejections } from '../sync/rejection-log.ts'
import { withRetries } from '../storage/retrying-storage.ts'
import { fromBase64Url } from '../util/bytes.ts'
import { ClientfulError } from '../util/errors.ts'
import { openRandom } from '../crypto/aead.ts'
import { WORKSPACE_NAME_AAD } from '../membership/entries.ts'
import { fetchGenesis } from '../membership/fetch-genesis.ts'
import { Keyring } from '../membership/keyring.ts'
import { workspacePrefix } from '../local/workspace-prefix.ts'
import { loadWorkspaceConfigs, saveWorkspaceConfig } from './workspace-config.ts'
import type { WorkspaceConfig } from '../api/workspace-config.ts'
import type { WorkspaceDeps } from './workspace-deps.ts'
import { signEntry, type MemberEntry } from '../membership/entries.ts'
import { isCurrentDevice } from '../membership/state.ts'
import type { KeyPair } from '../crypto/keys.ts'

export interface WorkspaceLocator {
  readonly id: string
  readonly storage: string
  readonly relay: string | undefined
}

export async function adoptWorkspace(deps: WorkspaceDeps, locator: WorkspaceLocator, recovery: LockboxOpener & { readonly signing: KeyPair }): Promise<WorkspaceConfig> {
  const existing = (await loadWorkspaceConfigs(deps.local)).find((c) => c.id === locator.id)
  if (existing) return existing
  const storage = withRetries(await deps.openStorage(locator.storage), deps.retry)
  const { genesis, hash, bytes } = await fetchGenesis(storage, locator.id)
  const membership = new MembershipLog(deps.local, workspacePrefix(locator.id), hash, genesis)
  await membership.load()
  await membership.pullAll(storage, recordStorageRejections(new RejectionLog(deps.local, workspacePrefix(locator.id)), deps.now))
  const { identity } = deps
  const member = membership.state.members.get(identity.userId)
  if (!member || member.removed) throw new ClientfulError('not-member', `your user is not a member of workspace ${locator.id}`)

  const keyring = new Keyring(deps.keys, deps.local, locator.id, genesis.lockbox.epoch)
  if (!isCurrentDevice(membership.state, recovery.deviceId)) {
    throw new ClientfulError('forbidden', `this recovery kit was retired or never registered in workspace ${locator.id}`)
  }
  await adoptEpochKeys(membership.state, keyring, [recovery])
  if (keyring.held().length === 0) throw new ClientfulError('forbidden', `no key of workspace ${locator.id} could be opened`)

  if (!membership.state.devices.has(identity.deviceId)) {
    const entry = await signEntry(
      { ws: locator.id, type: 'add-device', parents: membership.state.heads, author: recovery.deviceId, body: { device: identity.record }, at: deps.now() },
      recovery.signing.privateKey,
    )
    const entryHash = await membership.add(entry as MemberEntry)
    const refused = membership.state.refused.get(entryHash)
    if (refused) throw new ClientfulError('forbidden', `workspace ${locator.id} refused this device: ${refused}`)
    await membership.push(storage)
  }

  const genesisKeys = keyring.get(genesis.lockbox.epoch)
  const name = genesisKeys && (await openRandom(genesisKeys.content, fromBase64Url(genesis.name), WORKSPACE_NAME_AAD))
  const config: WorkspaceConfig = {
    id: locator.id,
    name: name ? new TextDecoder().decode(name) : '(unnamed workspace)',
    storage: locator.storage,
    relay: locator.relay,
    genesisHash: hash,
    joinedAt: deps.now(),
  }
  await saveWorkspaceConfig(deps.local, config, bytes)
  return config
}
