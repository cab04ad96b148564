// What a person sees before joining: the workspace's name, who invited them, the role and how
// long the invite works — read from storage with the link alone, checked against the signed
// membership log (the invite must be there and still usable; the card's author must be an
// admin device of the workspace), and nothing written anywhere.

import type { StorageAdapterInterface } from '@automerge/automerge-repo/slim'
import { openRandom } from '../crypto/aead.ts'
import { deriveEpochKeys, epochIdOf } from '../crypto/epoch-keys.ts'
import { deriveInviteKeys } from '../membership/invite-code.ts'
import type { Role } from '../api/role.ts'
import { MembershipLog } from '../membership/membership-log.ts'
import { isCurrentDevice, roleOfDevice } from '../membership/state.ts'
import { LocalStore } from '../local/local-store.ts'
import { isStorageError } from '../storage/storage-error.ts'
import type { StorageOpener } from '../storage/user-storage.ts'
import { fromBase64Url, toHex, utf8Decode } from '../util/bytes.ts'
import { ClientfulError } from '../util/errors.ts'
import { WORKSPACE_NAME_AAD } from '../membership/entries.ts'
import { fetchGenesis } from '../membership/fetch-genesis.ts'
import { inviteLockboxAad } from '../membership/invite-code.ts'
import { workspacePrefix } from '../local/workspace-prefix.ts'
import { resolveInvite } from './resolve-invite.ts'

export interface InvitePreview {
  /** The full invite code to join with: client.join(preview.code). */
  readonly code: string
  readonly workspace: { readonly id: string; readonly name: string }
  /** Who made the invite, when its card says and an admin device of the workspace signed it. */
  readonly inviter: { readonly userId: string; readonly name: string | undefined } | undefined
  readonly role: Role
  readonly expires: number | undefined
  readonly storage: string
  readonly relay: string | undefined
  /** The invite brings storage access (the person types no keys). */
  readonly storageAccess: boolean
}

export type InviteProblem = 'invalid' | 'revoked' | 'used-up' | 'expired' | 'storage'

export type InvitePreviewResult =
  | { readonly ok: true; readonly value: InvitePreview }
  | { readonly ok: false; readonly reason: InviteProblem; readonly detail: string; readonly error?: unknown }

export interface PreviewOptions {
  readonly openStorage: StorageOpener
  /** Where to look when a short link does not say (e.g. the deployment's default storage). */
  readonly storage?: string
  readonly now?: () => number
}

export async function previewInvite(text: string, options: PreviewOptions): Promise<InvitePreviewResult> {
  try {
    return await preview(text, options)
  } catch (error) {
    if (isStorageError(error)) return { ok: false, reason: 'storage', detail: error.message, error }
    if (error instanceof ClientfulError) return { ok: false, reason: 'invalid', detail: error.message.replace(/^invalid invite code: /, ''), error }
    throw error
  }
}

async function preview(text: string, options: PreviewOptions): Promise<InvitePreviewResult> {
  const now = options.now ?? Date.now
  const { code, invite, card } = await resolveInvite(text, options.openStorage, options.storage)
  const storage = await options.openStorage(invite.storage, invite.credentials)
  const { genesis, hash } = await fetchGenesis(storage, invite.ws)
  // A throwaway copy of the log, in memory: previewing writes nothing on this device.
  const membership = new MembershipLog(new LocalStore(memoryAdapter()), workspacePrefix(invite.ws), hash, genesis)
  await membership.load()
  await membership.pullAll(storage, async () => {})
  const state = membership.state
  const keys = await deriveInviteKeys(invite.secret)
  const found = [...state.invites.values()].find((i) => i.key === toHex(keys.signing.publicKey))
  if (!found) return { ok: false, reason: 'revoked', detail: 'this invite is not in the workspace: it was revoked, or never uploaded' }
  if (found.revoked) return { ok: false, reason: 'revoked', detail: 'this invite was revoked' }
  if (found.uses !== undefined && found.used >= found.uses) return { ok: false, reason: 'used-up', detail: 'this invite has been used up' }
  if (found.expires !== undefined && now() > found.expires) return { ok: false, reason: 'expired', detail: 'this invite has expired' }

  let name = card?.name
  const secret = await openRandom(keys.lockbox, fromBase64Url(found.lockbox), inviteLockboxAad(found.epoch))
  if (secret && (await epochIdOf(secret)) === genesis.lockbox.epoch) {
    const plain = await openRandom((await deriveEpochKeys(secret)).content, fromBase64Url(genesis.name), WORKSPACE_NAME_AAD)
    if (plain) name = utf8Decode(plain) // the genesis, signed by the founder, has the last word
  }
  const by = card?.by
  const vouched = by !== undefined && isCurrentDevice(state, by.device) && state.devices.get(by.device)?.record.user === by.user && roleOfDevice(state, by.device) === 'admin'
  return {
    ok: true,
    value: {
      code,
      workspace: { id: invite.ws, name: name ?? '(unnamed workspace)' },
      inviter: vouched ? { userId: by.user, name: by.name } : undefined,
      role: found.role,
      expires: found.expires,
      storage: invite.storage,
      relay: invite.relay,
      storageAccess: invite.credentials !== undefined,
    },
  }
}

function memoryAdapter(): StorageAdapterInterface {
  const data = new Map<string, { key: string[]; value: Uint8Array }>()
  const id = (key: readonly string[]): string => key.join('\u0000')
  const under = (prefix: readonly string[]) => [...data.values()].filter((e) => prefix.every((p, i) => e.key[i] === p))
  return {
    load: async (key) => data.get(id(key))?.value,
    save: async (key, value) => void data.set(id(key), { key: [...key], value }),
    remove: async (key) => void data.delete(id(key)),
    loadRange: async (prefix) => under(prefix).map((e) => ({ key: e.key, data: e.value })),
    removeRange: async (prefix) => {
      for (const e of under(prefix)) data.delete(id(e.key))
    },
  }
}

