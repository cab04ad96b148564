// From a short link to a full invite code: find the card in storage with the link's secret,
// open it, and rebuild the cf1 code (membership/invite-code.ts) that joining reads. A full
// cf1 code passes through unchanged (its card, when it has one, only adds the inviter's name).

import { encodeInviteCode, parseInviteCode, type InviteCode } from '../membership/invite-code.ts'
import type { StorageOpener } from '../storage/user-storage.ts'
import { ClientfulError } from '../util/errors.ts'
import { readInviteCard, type InviteCard } from './invite-card.ts'
import { inviteSecretOf, isShortInvite, parseShortInvite } from './short-invite.ts'

export interface ResolvedInvite {
  /** The full code to join with (client.join). */
  readonly code: string
  readonly invite: InviteCode
  /** The card, when storage holds one for this invite. */
  readonly card: InviteCard | undefined
}

/**
 * `storage`: where to look for the card when a short link does not say (the deployment's
 * default storage, or the Drive folder the person picked). Throws ClientfulError
 * 'invalid-invite' for what no retry can fix; storage failures are StorageErrors.
 */
export async function resolveInvite(text: string, openStorage: StorageOpener, storage?: string): Promise<ResolvedInvite> {
  if (!isShortInvite(text)) {
    const parsed = parseInviteCode(text)
    if (!parsed.ok) throw new ClientfulError('invalid-invite', parsed.detail)
    const opened = await openStorage(parsed.value.storage, parsed.value.credentials)
    const card = await readInviteCard(opened, parsed.value.secret)
    return { code: text.trim(), invite: parsed.value, card: card.ok && card.card.ws === parsed.value.ws ? card.card : undefined }
  }
  const short = parseShortInvite(text)
  if (!short.ok) throw new ClientfulError('invalid-invite', `invalid invite link: ${short.detail}`)
  const where = short.value.storage ?? storage
  if (where === undefined) throw new ClientfulError('invalid-invite', 'invalid invite link: it does not say where its workspace is stored (choose the storage, or ask for a full invite code)')
  const secret = await inviteSecretOf(short.value.linkSecret)
  const read = await readInviteCard(await openStorage(where, undefined), secret)
  if (!read.ok) {
    throw new ClientfulError('invalid-invite', read.reason === 'not-found' ? `this invite link is not in ${where.split('?')[0]}: it was mistyped, or storage is not the one it was made for` : 'this invite link’s details in storage are damaged')
  }
  const { card } = read
  // Anyone holding the link can write a card under its key: only one naming the workspace the
  // link names, and the storage it names, is the inviter's.
  if (!card.ws.startsWith(short.value.workspacePrefix) || (short.value.storage !== undefined && card.storage !== short.value.storage)) {
    throw new ClientfulError('invalid-invite', 'this invite link’s details in storage name another workspace: they were replaced, so the link cannot be trusted (ask for a new one)')
  }
  const invite: InviteCode = { storage: card.storage, relay: card.relay, ws: card.ws, secret, credentials: card.credentials }
  return { code: encodeInviteCode(invite), invite, card }
}
