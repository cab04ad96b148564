// Verify a device's progress marker found at devices/<device>.json: its shape, that it was
// signed for this position and workspace, that the device belongs to the workspace, and
// its signature. Used by the pull and by `clientful verify`.

import { parseMarker, verifyMarker, type MarkerFile } from '../format/marker.ts'
import type { MembershipState } from '../membership/state.ts'
import { refuse, type Check } from './rejection.ts'

export async function verifyMarkerFile(bytes: Uint8Array, device: string, membership: MembershipState): Promise<Check<MarkerFile>> {
  const parsed = parseMarker(bytes)
  if (!parsed.ok) return refuse(parsed.reason, parsed.detail)
  const marker = parsed.value
  if (marker.device !== device || marker.ws !== membership.ws) return refuse('replay', 'marker signed for another device or workspace')
  if (!membership.devices.has(device)) return refuse('unknown-device', `device ${device.slice(0, 12)}… is not a device of this workspace`)
  if (!(await verifyMarker(marker))) return refuse('bad-signature', 'marker signature does not verify')
  return { ok: true, value: marker }
}
