// An envelope that arrived through the relay: verified exactly like one from storage (minus
// the position check, since it was not found at a path), applied at once, and recorded in
// progress. Storage remains the source of truth; a gap before it is filled from storage.

import { utf8Decode } from '../util/bytes.ts'
import type { Workspace } from '../workspace/workspace.ts'
import { applyEnvelopes } from './apply.ts'
import { verifyEnvelope } from './verify-envelope.ts'

/** 'held': verified, but waiting for changes it depends on (storage will bring them and it). */
export type RelayEnvelopeOutcome = 'applied' | 'applied-after-gap' | 'held' | 'duplicate' | 'unknown-device' | 'refused'

export async function receiveRelayEnvelope(workspace: Workspace, bytes: Uint8Array): Promise<RelayEnvelopeOutcome> {
  const { membership, crypto, docs, progress, rejections, deps, applyLock } = workspace.parts
  const check = await verifyEnvelope(bytes, { membership: membership.state, crypto })
  if (!check.ok) {
    // A device that joined moments ago is unknown until the next membership pull.
    if (check.reason === 'unknown-device') return 'unknown-device'
    const claimed = claimedPosition(bytes)
    await rejections.record({ kind: 'envelope', source: 'relay', reason: check.reason, detail: check.detail, ...claimed, at: deps.now() })
    return 'refused'
  }
  const { device, seq } = check.value.file
  if (device === workspace.deviceId) return 'duplicate'
  return applyLock.run(async () => {
    const seen = await progress.get(device)
    if (seen.has(seq)) return 'duplicate'
    const result = await applyEnvelopes(docs, [check.value])
    if (result.failed.length > 0) {
      await rejections.record({ kind: 'envelope', source: 'relay', reason: 'apply-failed', detail: result.failed[0]!.detail, device, seq, at: deps.now() })
      return 'refused'
    }
    if (result.held.length > 0) return 'held'
    const gap = seq > seen.highWater + 1
    seen.add(seq)
    await progress.save(device)
    return gap ? 'applied-after-gap' : 'applied'
  })
}

/** For the rejection list only: what the envelope claims, unverified. */
function claimedPosition(bytes: Uint8Array): { device?: string; seq?: number } {
  try {
    const json = JSON.parse(utf8Decode(bytes)) as { device?: unknown; seq?: unknown }
    return {
      ...(typeof json.device === 'string' ? { device: json.device.slice(0, 64) } : {}),
      ...(typeof json.seq === 'number' ? { seq: json.seq } : {}),
    }
  } catch {
    return {}
  }
}
