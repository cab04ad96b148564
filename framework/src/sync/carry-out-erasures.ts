// What a device does with each erasure the membership log holds (docs/ERASURE.md), once: it
// forgets the erased documents (their history leaves its disk, their changes are dropped from
// then on), deletes the attachments and rewrites its own log files in every location without
// their changes, and replaces its snapshot. An erasure counts as done on this device only when
// every location took the rewrite; until then each sync tries again.

import { workspacePrefix } from '../local/workspace-prefix.ts'
import { erasedDocs } from '../membership/state.ts'
import type { ErasedBlob } from '../membership/entries.ts'
import type { EngineContext } from './engine-parts.ts'
import { redactOwnLog, type RedactionTarget } from './redact-own-log.ts'

export type ErasureContext = EngineContext<'membership' | 'docs' | 'outbox' | 'crypto' | 'local'> & {
  readonly currentEpoch: () => string
}

/** What carrying out erasures asks of the workspace: the layers above sync own these. */
export interface ErasureHooks {
  /** Deletes these attachments on this device, and from storage where this device uploaded them. */
  readonly forgetAttachments: (blobs: readonly ErasedBlob[]) => Promise<void>
  /** Replaces this device's snapshot in storage (one without the erased documents, or none). */
  readonly replaceSnapshot: () => Promise<void>
}

/** Carries out the erasures this device owes; returns those still owed (their entry hashes). */
export async function carryOutErasures(ctx: ErasureContext, hooks: ErasureHooks, targets: readonly RedactionTarget[], everyLocation: boolean): Promise<string[]> {
  const state = ctx.parts.membership.state
  const key = [...workspacePrefix(ctx.id), 'erasures-done']
  const done = new Set((await ctx.parts.local.getJson<string[]>(key)) ?? [])
  const owed = [...state.erasures.keys()].filter((hash) => !done.has(hash))
  if (owed.length === 0) return []
  const erased = erasedDocs(state)
  await ctx.parts.docs.forget([...erased])
  await hooks.forgetAttachments(owed.flatMap((hash) => state.erasures.get(hash)!.blobs))
  // Redactions are sealed under the current key: peers refuse them under an older one.
  if (!everyLocation || !ctx.parts.crypto.hasEpoch(state.currentEpoch)) return owed
  const { unreadable } = await redactOwnLog(ctx, owed.at(-1)!, erased, targets)
  if (unreadable.length > 0) return owed
  await hooks.replaceSnapshot()
  await ctx.parts.local.putJson(key, [...done, ...owed])
  return []
}
