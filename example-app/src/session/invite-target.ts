// What an invite link or code says before anything is fetched: whether it parses, and where its
// workspace is stored (the link's own storage part, else the deployment's default storage, else
// a Drive folder to pick). Pure: no React, no network.

import { isShortInvite, parseInviteCode, parseShortInvite } from 'clientful'

export type InviteTarget =
  | { readonly ok: true; readonly storage: string | undefined; readonly short: boolean }
  | { readonly ok: false; readonly detail: string }

export function inviteTarget(text: string, defaultStorage: string | undefined): InviteTarget {
  const code = text.trim()
  if (code === '') return { ok: false, detail: 'Paste an invite link or code first' }
  if (isShortInvite(code) || code.includes('#/j/')) {
    const short = parseShortInvite(code)
    return short.ok ? { ok: true, storage: short.value.storage ?? defaultStorage, short: true } : { ok: false, detail: `invalid invite link: ${short.detail}` }
  }
  const full = parseInviteCode(code)
  return full.ok ? { ok: true, storage: full.value.storage, short: false } : { ok: false, detail: full.detail }
}

/** "gdrive://FOLDER?api=…" → FOLDER. */
export function driveFolderOf(storage: string): string | undefined {
  try {
    const url = new URL(storage)
    return url.protocol === 'gdrive:' ? url.host : undefined
  } catch {
    return undefined
  }
}
