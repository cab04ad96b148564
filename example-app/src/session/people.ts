// How the app shows a person: their display name (clientful's profiles), an avatar colour and
// initials, and their member id only as a detail. Pure: no React.

import { profileInitials, type Profile } from 'clientful'

/** Avatar colours to pick from; a member without one gets one derived from their id. */
export const AVATAR_COLORS = ['#2f6fdb', '#16a34a', '#d97706', '#b42318', '#7c3aed', '#0e7490', '#be185d', '#4b5563'] as const

export interface PersonView {
  readonly memberId: string
  readonly name: string
  /** Whether the name is the member's own (else the start of their id). */
  readonly named: boolean
  readonly initials: string
  readonly color: string
}

export function personView(memberId: string, profile: Profile | undefined): PersonView {
  if (profile) return { memberId, name: profile.name, named: true, initials: profileInitials(profile), color: profile.color ?? colorOf(memberId) }
  return { memberId, name: `Member ${memberId.slice(0, 6)}`, named: false, initials: memberId.slice(0, 2).toUpperCase(), color: colorOf(memberId) }
}

function colorOf(memberId: string): string {
  const index = Number.parseInt(memberId.slice(0, 2), 16)
  return AVATAR_COLORS[(Number.isNaN(index) ? 0 : index) % AVATAR_COLORS.length]!
}
