// A member's profile: the display name (and optional avatar colour and initials) the people of
// a workspace know each other by. Profiles live in one reserved document, encrypted like any
// other, keyed by member id; each member writes only its own entry (profile-screen.ts makes
// every peer refuse anything else).

/** The reserved document of profiles. Document names starting with "clientful/" belong to the framework. */
export const PROFILES_DOC = 'clientful/profiles'

export interface Profile {
  /** 1–60 characters, shown wherever the member's id would be. */
  readonly name: string
  /** An avatar colour, `#rrggbb`. */
  readonly color?: string
  /** Up to 3 characters for the avatar; the name's initials when absent. */
  readonly initials?: string
}

export const MAX_PROFILE_NAME = 60
const COLOR = /^#[0-9a-f]{6}$/
const MEMBER_ID = /^[0-9a-f]{64}$/

export type ProfileCheck = { readonly ok: true; readonly value: Profile } | { readonly ok: false; readonly detail: string }

/**
 * Checks an entry of the profiles document (or what a user typed) and returns it trimmed. Every
 * peer runs this in the profile rule: what it accepts must not change between versions, or
 * peers of two releases would disagree on the same change. What a name shows is readProfiles'.
 */
export function checkProfile(value: unknown): ProfileCheck {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, detail: 'a profile is an object' }
  const record = value as Record<string, unknown>
  for (const key of Object.keys(record)) if (key !== 'name' && key !== 'color' && key !== 'initials') return { ok: false, detail: `unknown field ${key}` }
  const name = typeof record.name === 'string' ? record.name.trim() : ''
  if (name.length === 0 || name.length > MAX_PROFILE_NAME) return { ok: false, detail: `name must be 1–${MAX_PROFILE_NAME} characters` }
  if (record.color !== undefined && (typeof record.color !== 'string' || !COLOR.test(record.color))) return { ok: false, detail: 'color must be #rrggbb' }
  if (record.initials !== undefined && (typeof record.initials !== 'string' || [...record.initials.trim()].length === 0 || [...record.initials.trim()].length > 3)) {
    return { ok: false, detail: 'initials must be 1–3 characters' }
  }
  return {
    ok: true,
    value: {
      name,
      ...(record.color !== undefined ? { color: record.color } : {}),
      ...(typeof record.initials === 'string' ? { initials: record.initials.trim() } : {}),
    },
  }
}

/**
 * What a name shows: controls, invisible and direction-changing characters (bidi overrides,
 * zero-width joiners) are dropped and spaces collapsed, so a member cannot hide characters in
 * a name or reorder how it reads to pass for someone else. For display only (see checkProfile).
 */
function visibleText(text: string): string {
  return text
    .normalize('NFC')
    .replace(/\s+/g, ' ')
    .replace(/[\p{Cc}\p{Cf}]/gu, '')
    .replace(/ {2,}/g, ' ')
    .trim()
}

export function isMemberId(key: string): boolean {
  return MEMBER_ID.test(key)
}

/** Every well-formed profile in the document, by member id, as shown; anything else is left out. */
export function readProfiles(doc: unknown): Map<string, Profile> {
  const profiles = new Map<string, Profile>()
  if (typeof doc !== 'object' || doc === null) return profiles
  for (const [key, value] of Object.entries(doc as Record<string, unknown>)) {
    if (!isMemberId(key)) continue
    const checked = checkProfile(plainCopy(value))
    const shown = checked.ok ? visibleProfile(checked.value) : undefined
    if (shown) profiles.set(key, shown)
  }
  return profiles
}

/** A profile as shown: its name and initials visible text only; none when no name is left. */
function visibleProfile(profile: Profile): Profile | undefined {
  const name = visibleText(profile.name)
  if (name.length === 0) return undefined
  const initials = profile.initials === undefined ? '' : visibleText(profile.initials)
  return { name, ...(profile.color !== undefined ? { color: profile.color } : {}), ...(initials ? { initials } : {}) }
}

/** Initials for an avatar: the profile's own, else the first letters of the name's first two words. */
export function profileInitials(profile: Profile): string {
  if (profile.initials) return profile.initials
  const words = profile.name.split(/\s+/).filter(Boolean)
  return words
    .slice(0, 2)
    .map((w) => [...w][0]!.toUpperCase())
    .join('')
}

/** Automerge proxies have getters; a plain copy reads them once. */
function plainCopy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(value)) out[k] = typeof v === 'object' && v !== null ? String(v) : v
  return out
}
