// What several rules share: the context they run in, cached signature checks, who is an
// admin, whose device is whose, and whether a device record's keys are fit to be admitted.

import { ed25519PrimeOrderProblem } from '../crypto/ed25519-public-key.ts'
import type { DeviceRecord } from '../identity/device-identity.ts'
import { unauthorized, type Refusal } from './refusal.ts'
import { isCurrentDevice, roleOfDevice, type MembershipState } from './state.ts'

/** Results of signature checks that do not depend on state, cached across folds. */
export type SignatureCache = Map<string, boolean>

export interface RuleContext {
  readonly hash: string
  /** Place in the fold order: seniority and epoch order compare these. */
  readonly position: number
  readonly cache: SignatureCache
}

/** A signature check that depends only on the entry, run once per entry and kind. */
export async function cachedCheck(ctx: RuleContext, key: string, check: () => Promise<boolean>): Promise<boolean> {
  const id = `${ctx.hash}/${key}`
  let ok = ctx.cache.get(id)
  if (ok === undefined) {
    ok = await check()
    ctx.cache.set(id, ok)
  }
  return ok
}

export function requireAdmin(state: MembershipState, author: string, action: string): Refusal | undefined {
  return roleOfDevice(state, author) === 'admin' ? undefined : unauthorized(`only an admin may ${action}`)
}

/** Whether `author` is a current device of `user`. */
export function isCurrentDeviceOf(state: MembershipState, author: string, user: string): boolean {
  return isCurrentDevice(state, author) && state.devices.get(author)!.record.user === user
}

/** Why a device record's keys cannot be admitted (small-order, non-canonical, torsion). */
export function deviceKeysProblem(record: DeviceRecord): string | undefined {
  const device = ed25519PrimeOrderProblem(record.id)
  if (device) return `the device key is ${device}`
  const user = ed25519PrimeOrderProblem(record.user)
  return user ? `the user key is ${user}` : undefined
}
