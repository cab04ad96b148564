// An envelope that arrived through the relay: verified exactly like one from storage, and
// applied at once only when it is the next one of its device's chain (seq = high-water + 1,
// naming the envelope this device applied last as its prev). One further ahead is left for
// storage to bring in order: a device cannot get ahead of what its peers can check (a writer
// sending #10^9 just before its removal gains nothing), and a fork shows at once.

import { utf8Decode } from '../util/bytes.ts'
import type { EngineContext } from './engine-parts.ts'
import { applyEnvelopes } from './apply.ts'
import { verifyEnvelope } from './verify-envelope.ts'
import { erasedDocs } from '../membership/state.ts'

/** 'ahead': verified but not next in its chain; 'held': applied, waiting for changes it builds on. */
export type RelayEnvelopeOutcome = 'applied' | 'ahead' | 'held' | 'duplicate' | 'unknown-device' | 'refused'

/** What applying a relayed envelope uses of its workspace. */
export type RelayEnvelopeContext = EngineContext<'membership' | 'crypto' | 'docs' | 'progress' | 'rejections' | 'now' | 'applyLock' | 'screen'>

export async function receiveRelayEnvelope(workspace: RelayEnvelopeContext, bytes: Uint8Array): Promise<RelayEnvelopeOutcome> {
  const { membership, crypto, docs, progress, rejections, now, applyLock } = workspace.parts
  return applyLock.run(async () => {
    const claimed = claimedPosition(bytes)
    const seen = claimed.device ? await progress.get(claimed.device) : undefined
    const tip = claimed.device ? await progress.tip(claimed.device) : undefined
    // The envelope the chain says comes before this one, when this is the next one.
    const prev = claimed.seq === 1 ? '' : tip && tip.seq + 1 === claimed.seq ? tip.hash : undefined
    const check = await verifyEnvelope(bytes, { membership: membership.state, crypto, ...(prev !== undefined && { prev }) })
    if (!check.ok) {
      // A device that joined moments ago is unknown until the next membership pull.
      if (check.reason === 'unknown-device') return 'unknown-device'
      await rejections.record({ kind: 'envelope', source: 'relay', reason: check.reason, detail: check.detail, ...claimed, at: now() })
      return 'refused'
    }
    const { device, seq } = check.value.file
    if (device === workspace.deviceId || seen?.has(seq)) {
      const applied = device === workspace.deviceId ? undefined : await progress.hashOf(device, seq)
      if (applied !== undefined && applied !== check.value.hash) {
        const detail = `${device.slice(0, 12)}…#${seq} differs from the #${seq} this device applied: the device signed two different envelopes for one number`
        await rejections.record({ kind: 'envelope', source: 'relay', reason: 'equivocation', detail, device, seq, at: now() })
        return 'refused'
      }
      return 'duplicate'
    }
    if (seq !== (seen?.highWater ?? 0) + 1) return 'ahead'
    const result = await applyEnvelopes(docs, [check.value], workspace.parts.screen, erasedDocs(membership.state))
    if (result.failed.length > 0) {
      await rejections.record({ kind: 'envelope', source: 'relay', reason: 'apply-failed', detail: result.failed[0]!.detail, device, seq, at: now() })
      return 'refused'
    }
    const broken = result.refused[0]
    if (broken) {
      const detail = `rule ${broken.refusal.rule} (document ${broken.docId.slice(0, 8)}…): ${broken.refusal.detail}`
      await rejections.record({ kind: 'envelope', source: 'relay', reason: 'rule-broken', detail, device, seq, at: now() })
      // Final for this app version: processed, like an applied one.
      await progress.applied(device, seq, check.value.hash)
      await progress.save(device)
      return 'refused'
    }
    if (result.held.length > 0) return 'held'
    await progress.applied(device, seq, check.value.hash)
    progress.relayed(device, seq, check.value.hash, now())
    await progress.save(device)
    return 'applied'
  })
}

/** What the envelope claims, unverified: for the lookup of its chain and the rejection list. */
function claimedPosition(bytes: Uint8Array): { device?: string; seq?: number } {
  try {
    const json = JSON.parse(utf8Decode(bytes)) as { device?: unknown; seq?: unknown }
    return {
      ...(typeof json.device === 'string' && /^[0-9a-f]{64}$/.test(json.device) ? { device: json.device } : {}),
      ...(typeof json.seq === 'number' && Number.isSafeInteger(json.seq) ? { seq: json.seq } : {}),
    }
  } catch {
    return {}
  }
}
