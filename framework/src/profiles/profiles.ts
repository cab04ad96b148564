// Reading and writing profiles through the app-facing API, so it works the same in Node, in
// the tab that runs the engine and in every other tab.

import type * as A from '@automerge/automerge'
import type { WorkspaceApi } from '../api/workspace-api.ts'
import type { DocHandle } from '../docs/doc-handle.ts'
import { ClientfulError, invalidArgument } from '../util/errors.ts'
import { checkProfile, PROFILES_DOC, readProfiles, type Profile } from './profile.ts'

export type ProfilesDoc = Record<string, unknown>

/** The member (user) id of this device in the workspace; undefined once it is no longer a member. */
export function memberIdOf(ws: Pick<WorkspaceApi, 'membership' | 'deviceId'>): string | undefined {
  return ws.membership.devices.get(ws.deviceId)?.record.user
}

export function openProfiles(ws: WorkspaceApi): Promise<DocHandle<ProfilesDoc>> {
  return ws.doc<ProfilesDoc>(PROFILES_DOC)
}

/** Every member's profile this device holds (reading creates nothing). */
export async function profilesOf(ws: Pick<WorkspaceApi, 'findDoc'>): Promise<Map<string, Profile>> {
  return readProfiles((await ws.findDoc<ProfilesDoc>(PROFILES_DOC))?.doc())
}

/** The change that sets `member`'s profile: fields in place, so concurrent edits of different fields both stay. */
export function profileChange(member: string, profile: Profile): A.ChangeFn<ProfilesDoc> {
  return (d) => {
    const current = d[member]
    if (typeof current !== 'object' || current === null || Array.isArray(current)) {
      d[member] = { ...profile }
      return
    }
    const entry = current as Record<string, unknown>
    for (const key of ['name', 'color', 'initials'] as const) {
      const value = profile[key]
      if (value === undefined) {
        if (key in entry) delete entry[key]
      } else if (entry[key] !== value) entry[key] = value
    }
  }
}

/** Sets this member's own profile (every member may; readers' edits are undone like any other). */
export async function setProfile(ws: WorkspaceApi, profile: Profile): Promise<Profile> {
  const checked = checkProfile(profile)
  if (!checked.ok) throw invalidArgument('profile', checked.detail)
  const member = memberIdOf(ws)
  if (member === undefined) throw new ClientfulError('not-member', 'this device is no longer a member of the workspace')
  ;(await openProfiles(ws)).change(profileChange(member, checked.value), 'profile')
  return checked.value
}
