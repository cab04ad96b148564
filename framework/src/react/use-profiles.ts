// Who the people of the open workspace are: their profiles (display name, avatar colour and
// initials), live, and setting this member's own.

import { useCallback, useMemo } from 'react'
import { PROFILES_DOC, readProfiles, type Profile } from '../profiles/profile.ts'
import { memberIdOf, setProfile, type ProfilesDoc } from '../profiles/profiles.ts'
import { useDocument } from './use-document.ts'
import { useMembership } from './use-membership.ts'
import { useWorkspace } from './workspace-provider.tsx'

export interface ProfilesView {
  /** Every member's profile that is well-formed, by member id. */
  readonly profiles: ReadonlyMap<string, Profile>
  /** This device's member id here (undefined once it is no longer a member). */
  readonly me: string | undefined
  /** Sets this member's own profile; throws ClientfulError on an invalid one. */
  readonly setMine: (profile: Profile) => Promise<Profile>
  /** A member's display name, or the start of its id when it has no profile. */
  readonly nameOf: (memberId: string | undefined) => string
}

export function useProfiles(): ProfilesView {
  const workspace = useWorkspace()
  const { version } = useMembership()
  const [doc] = useDocument<ProfilesDoc>(PROFILES_DOC)
  const profiles = useMemo(() => readProfiles(doc), [doc])
  // The membership changes in place: its version says when to look again.
  const me = useMemo(() => memberIdOf(workspace), [workspace, version])
  const setMine = useCallback((profile: Profile) => setProfile(workspace, profile), [workspace])
  const nameOf = useCallback((memberId: string | undefined) => displayName(profiles, memberId), [profiles])
  return { profiles, me, setMine, nameOf }
}

export function displayName(profiles: ReadonlyMap<string, Profile>, memberId: string | undefined): string {
  if (memberId === undefined) return 'unknown'
  return profiles.get(memberId)?.name ?? `${memberId.slice(0, 8)}…`
}
