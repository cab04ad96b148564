// How the board names people: by their display name (clientful/react's useProfiles), the start
// of their member id when they set none, and "you" for this member.

import type { MembershipView } from 'clientful'

export interface People {
  /** A display name, or the start of the member id without a profile. */
  readonly nameOf: (memberId: string | undefined) => string
  /** This device's member id. */
  readonly me: string | undefined
  readonly membership: MembershipView
}

export function personLabel(people: People, memberId: string | undefined): string {
  if (memberId === undefined) return 'someone'
  return memberId === people.me ? 'you' : people.nameOf(memberId)
}

/** "you and Bob": the people behind some devices, each once. */
export function devicesLabel(people: People, deviceIds: readonly string[]): string {
  const labels = [...new Set(deviceIds.map((device) => personLabel(people, people.membership.devices.get(device)?.record.user)))]
  if (labels.length <= 1) return labels[0] ?? 'someone'
  return `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`
}
