// Inviting: a fresh secret goes into the code only; the membership log gets the invite's
// public key, its role and limits, and the current epoch secret sealed under a key derived
// from the secret. The entry is uploaded before the code is handed out, since a code whose
// invite storage has never seen admits nobody.

import type { InviteOptions } from '../api/options.ts'
import { sealRandom } from '../crypto/aead.ts'
import { randomBytes } from '../crypto/primitives.ts'
import type { EpochKeys } from '../crypto/epoch-keys.ts'
import { signEntry, ROLES, type EntryBodies } from '../membership/entries.ts'
import type { Role } from '../api/role.ts'
import { deriveInviteKeys, encodeInviteCode, inviteLockboxAad } from '../membership/invite-code.ts'
import { toBase64Url, toHex } from '../util/bytes.ts'
import { ClientfulError, invalidArgument } from '../util/errors.ts'
import { publishInviteCard, type InviteCardSource } from '../invites/publish-invite-card.ts'
import { encodeShortInvite, inviteSecretOf, LINK_SECRET_BYTES } from '../invites/short-invite.ts'
import type { StorageCredentials } from '../storage/user-storage.ts'
import type { MembershipActionContext } from './membership-actions.ts'

/** What creating an invite uses of its workspace. */
export type InviteHost = MembershipActionContext &
  InviteCardSource & {
    readonly role: Role | undefined
    currentKeys(): EpochKeys
    storageCredentials(url: string): Promise<StorageCredentials | undefined>
  }

/** Expiry is stored as an integer timestamp: a lifetime past this would not fit one. */
export const MAX_INVITE_LIFETIME_MS = 36_500 * 86_400_000

/** The invite entry's body for `secret`: its public key, and `epoch`'s secret sealed under a key from it. */
export async function inviteEntryBody(
  secret: Uint8Array,
  role: Role,
  epoch: EpochKeys,
  limits: Pick<EntryBodies['invite'], 'expires' | 'uses' | 'user'>,
): Promise<EntryBodies['invite']> {
  const inviteKeys = await deriveInviteKeys(secret)
  return {
    key: toHex(inviteKeys.signing.publicKey),
    role,
    epoch: epoch.id,
    lockbox: toBase64Url(await sealRandom(inviteKeys.lockbox, epoch.secret, inviteLockboxAad(epoch.id))),
    ...limits,
  }
}

export async function createInvite(workspace: InviteHost, options: InviteOptions = {}): Promise<string> {
  const role = options.role ?? 'writer'
  if (!ROLES.includes(role)) throw invalidArgument('role', 'admin, writer or reader')
  if (options.uses !== undefined && !(Number.isSafeInteger(options.uses) && options.uses >= 1)) throw invalidArgument('uses', 'a positive integer')
  if (options.expiresInMs !== undefined && !(options.expiresInMs > 0 && options.expiresInMs <= MAX_INVITE_LIFETIME_MS)) {
    throw invalidArgument('expiresInMs', `a positive number of milliseconds, at most ${MAX_INVITE_LIFETIME_MS} (about a hundred years)`)
  }
  const ownDevice = options.forUser !== undefined && options.forUser === workspace.parts.identity.userId && workspace.role !== undefined
  if (workspace.role !== 'admin' && !ownDevice) throw new ClientfulError('forbidden', 'only an admin of this workspace can invite')

  const { now, identity, membership } = workspace.parts
  // The primary as this device follows it now: after a move, new invites name the new one.
  const { config } = workspace
  const linkSecret = options.short ? randomBytes(LINK_SECRET_BYTES) : undefined
  const secret = linkSecret ? await inviteSecretOf(linkSecret) : randomBytes(32)
  const body = await inviteEntryBody(secret, role, workspace.currentKeys(), {
    ...(options.expiresInMs !== undefined ? { expires: now() + Math.round(options.expiresInMs) } : {}),
    ...(options.uses !== undefined ? { uses: options.uses } : {}),
    ...(options.forUser !== undefined ? { user: options.forUser } : {}),
  })
  const entry = await signEntry(
    { ws: workspace.id, type: 'invite', parents: membership.state.heads, author: workspace.deviceId, body, at: now() },
    identity.signing.privateKey,
  )
  await membership.add(entry)
  workspace.membershipChanged()
  await membership.push(await workspace.storage())
  const credentials = await workspace.storageCredentials(config.storage)
  const code = encodeInviteCode({ storage: config.storage, relay: config.relay, ws: workspace.id, secret, credentials })
  // The card goes up for people's invites, short or not: it names the inviter on the join screen.
  if (options.forUser === undefined) await publishInviteCard(workspace, secret, { role, expires: body.expires, credentials: options.storageAccess ?? credentials })
  return linkSecret ? encodeShortInvite(linkSecret, workspace.id, config.storage) : code
}
