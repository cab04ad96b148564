// Joining with an invite code: find the invite in the signed membership log, open its
// lockbox with the code's secret, and append a join entry proving possession of the invite
// key. Every member then checks the join against the invite's role, expiry and use count.

import { fromBase64Url, toHex } from '../util/bytes.ts'
import { ClientfulError } from '../util/errors.ts'
import { openRandom } from '../crypto/aead.ts'
import { deriveEpochKeys, epochIdOf } from '../crypto/epoch-keys.ts'
import { hashRecord, signEntry, signJoinProof } from '../membership/entries.ts'
import { deriveInviteKeys, inviteLockboxAad, parseInviteCode } from '../membership/invite-code.ts'
import { adoptEpochKeys } from '../membership/key-access.ts'
import { MembershipLog } from '../membership/membership-log.ts'
import { RejectionLog, recordStorageRejections } from '../sync/rejection-log.ts'
import { withRetries } from '../storage/retrying-storage.ts'
import { WORKSPACE_NAME_AAD } from '../membership/entries.ts'
import { fetchGenesis } from '../membership/fetch-genesis.ts'
import { resolveInvite } from '../invites/resolve-invite.ts'
import { isShortInvite } from '../invites/short-invite.ts'
import { Keyring } from '../membership/keyring.ts'
import { workspacePrefix } from '../local/workspace-prefix.ts'
import { loadWorkspaceConfigs, saveWorkspaceConfig } from './workspace-config.ts'
import type { WorkspaceConfig } from '../api/workspace-config.ts'
import type { WorkspaceDeps } from './workspace-deps.ts'


export async function joinWorkspace(deps: WorkspaceDeps, text: string): Promise<WorkspaceConfig> {
  // A short link names its storage (or it cannot be joined without the app's help): its card there holds the rest.
  const code = isShortInvite(text) ? (await resolveInvite(text, deps.openStorage)).code : text
  const parsed = parseInviteCode(code)
  if (!parsed.ok) throw new ClientfulError('invalid-invite', parsed.detail)
  const invite = parsed.value
  const existing = (await loadWorkspaceConfigs(deps.local)).find((c) => c.id === invite.ws)
  if (existing) return existing

  const storage = withRetries(await deps.openStorage(invite.storage, invite.credentials), deps.retry)
  const { genesis, hash: genesisHash, bytes: genesisBytes } = await fetchGenesis(storage, invite.ws)

  const prefix = workspacePrefix(invite.ws)
  const membership = new MembershipLog(deps.local, prefix, genesisHash, genesis)
  await membership.load()
  await membership.pullAll(storage, recordStorageRejections(new RejectionLog(deps.local, prefix), deps.now))

  const inviteKeys = await deriveInviteKeys(invite.secret)
  const inviteKeyHex = toHex(inviteKeys.signing.publicKey)
  const found = [...membership.state.invites.values()].find((i) => i.key === inviteKeyHex)
  if (!found) throw new ClientfulError('invalid-invite', 'this invite is not in the workspace: it was revoked, or never uploaded')
  if (found.revoked) throw new ClientfulError('invalid-invite', 'this invite was revoked')
  if (found.uses !== undefined && found.used >= found.uses) throw new ClientfulError('invalid-invite', 'this invite has been used up')
  if (found.expires !== undefined && deps.now() > found.expires) throw new ClientfulError('invalid-invite', 'this invite has expired')
  const secret = await openRandom(inviteKeys.lockbox, fromBase64Url(found.lockbox), inviteLockboxAad(found.epoch))
  if (!secret || secret.length !== 32 || (await epochIdOf(secret)) !== found.epoch) {
    throw new ClientfulError('invalid-invite', 'the invite lockbox does not open with this code')
  }

  const { identity } = deps
  const body = {
    invite: found.hash,
    device: identity.record,
    proof: await signJoinProof(invite.ws, found.hash, identity.deviceId, inviteKeys.signing.privateKey),
  }
  const entry = await signEntry(
    { ws: invite.ws, type: 'join', parents: membership.state.heads, author: identity.deviceId, body, at: deps.now() },
    identity.signing.privateKey,
  )
  await membership.add(entry)
  if (!membership.state.devices.has(identity.deviceId)) {
    throw new ClientfulError('invalid-invite', `the workspace refused this join: ${membership.state.refused.get(await hashRecord(entry)) ?? 'unknown reason'}`)
  }
  await membership.push(storage)

  const keyring = new Keyring(deps.keys, deps.local, invite.ws, genesis.lockbox.epoch)
  await keyring.add(secret)
  // The invite's epoch may be newer than the genesis: its key chain holds the older secrets.
  await adoptEpochKeys(membership.state, keyring, [])
  const genesisKeys = keyring.get(genesis.lockbox.epoch) ?? (await deriveEpochKeys(secret))
  const name = await openRandom(genesisKeys.content, fromBase64Url(genesis.name), WORKSPACE_NAME_AAD)
  const config: WorkspaceConfig = {
    id: invite.ws,
    name: name ? new TextDecoder().decode(name) : '(unnamed workspace)',
    storage: invite.storage,
    relay: invite.relay,
    genesisHash,
    ...(invite.credentials ? { credentials: { [invite.storage]: invite.credentials } } : {}),
    joinedAt: deps.now(),
  }
  await saveWorkspaceConfig(deps.local, config, genesisBytes)
  return config
}
