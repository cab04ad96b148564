// The rule each membership entry must satisfy against the state its predecessors produced,
// and what it changes. A rule either refuses the entry with a typed reason or applies it whole.
// The rules themselves live by subject: admission (invites, joins, devices), authority (roles,
// removals), keys (rotations, grants) and writes (acks).

import { verifyEntrySignature, type MemberEntry } from './entries.ts'
import { badSignature, unauthorized, wrongWorkspace, type Refusal } from './refusal.ts'
import { addDevice, invite, join, revokeInvite } from './rules-admission.ts'
import { changeRole, removeDevice, removeMember } from './rules-authority.ts'
import { grant, rotateByAdmin } from './rules-keys.ts'
import { ack, erase } from './rules-writes.ts'
import { cachedCheck, type RuleContext } from './rules-common.ts'
import type { MembershipState } from './state.ts'

export type { RuleContext, SignatureCache } from './rules-common.ts'

export async function applyEntry(state: MembershipState, entry: MemberEntry, ctx: RuleContext): Promise<Refusal | undefined> {
  if (!(await cachedCheck(ctx, 'sig', () => verifyEntrySignature(entry)))) return badSignature('signature does not verify')
  if (entry.ws !== state.ws) return wrongWorkspace('entry belongs to another workspace')
  // A recovery key only ever admits a new device of its user (restoring from the kit).
  if (state.devices.get(entry.author)?.record.kind === 'recovery' && entry.type !== 'add-device') return unauthorized('a recovery key may only add a device')
  switch (entry.type) {
    case 'invite':
      return invite(state, entry, ctx)
    case 'revoke-invite':
      return revokeInvite(state, entry)
    case 'join':
      return join(state, entry, ctx)
    case 'add-device':
      return addDevice(state, entry, ctx)
    case 'role':
      return changeRole(state, entry, ctx)
    case 'remove-member':
      return removeMember(state, entry, ctx)
    case 'remove-device':
      return removeDevice(state, entry, ctx)
    case 'rotate':
      return rotateByAdmin(state, entry, ctx)
    case 'grant':
      return grant(state, entry)
    case 'ack':
      return ack(state, entry)
    case 'erase':
      return erase(state, entry, ctx)
  }
}
