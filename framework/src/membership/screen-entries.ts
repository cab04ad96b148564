// Verify before store: what a membership file from storage must pass before this device keeps
// it, uploads it elsewhere or folds it. Anyone who can write to the storage — the provider, a
// member holding shared credentials — can plant files there; none of these checks needs more
// than the file, the workspace id and the log's admissions, and each costs at most one
// signature check:
//
// - the file parses within the size bound and its content hashes to its name (else it is a
//   bad copy at that location: `copy` scope);
// - it is signed for this workspace, with a valid signature by its author;
// - its author is a device the log admitted — or the entry is the author's own join, with a
//   valid proof for an invite the log holds. Otherwise it waits (`deferred`) until that
//   device or invite is admitted: honest entries only ever arrive before their author's
//   admission when a pull fetched part of the log, so they come back; a stranger's never do.
//
// Whether the author had the *right* to do what the entry does is the fold's question.

import { verifyEntrySignature, verifyJoinProof, hashRecord, type MemberEntry } from './entries.ts'
import type { Admissions } from './admissions.ts'
import { parseMemberEntry } from './parse-entry.ts'
import type { SignatureCache } from './rules.ts'

export type ScreenRefusalReason = 'malformed' | 'unsupported-version' | 'wrong-workspace' | 'bad-signature'

export type Screened =
  | { readonly kind: 'accepted'; readonly hash: string; readonly entry: MemberEntry }
  | {
      readonly kind: 'refused'
      readonly hash: string
      readonly reason: ScreenRefusalReason
      readonly detail: string
      /** 'copy': only these bytes at this location are bad; 'entry': the entry itself is. */
      readonly scope: 'copy' | 'entry'
      readonly device?: string
    }
  | { readonly kind: 'deferred'; readonly hash: string; readonly waitsOn: string; readonly detail: string; readonly device: string }

type Refused = Extract<Screened, { kind: 'refused' }>

/** The bytes stored under `members/<hash>.json`: a parsed entry, or why not. */
export async function screenFile(hash: string, bytes: Uint8Array): Promise<{ entry: MemberEntry } | Refused> {
  const parsed = parseMemberEntry(bytes)
  if (!parsed.ok) return { kind: 'refused', hash, reason: parsed.reason, detail: parsed.detail, scope: 'copy' }
  if ((await hashRecord(parsed.value)) !== hash) return { kind: 'refused', hash, reason: 'malformed', detail: 'content does not match its hash name', scope: 'copy' }
  return { entry: parsed.value }
}

async function screenSelf(hash: string, entry: MemberEntry, ws: string, cache: SignatureCache): Promise<Refused | undefined> {
  const refuse = (reason: ScreenRefusalReason, detail: string): Refused => ({ kind: 'refused', hash, reason, detail: `${entry.type} entry: ${detail}`, scope: 'entry', device: entry.author })
  if (entry.ws !== ws) return refuse('wrong-workspace', `signed for workspace ${entry.ws}`)
  let ok = cache.get(`${hash}/sig`)
  if (ok === undefined) cache.set(`${hash}/sig`, (ok = await verifyEntrySignature(entry)))
  return ok ? undefined : refuse('bad-signature', 'signature does not verify')
}

/**
 * Screens parsed entries against the workspace and the log's admissions, in any order: an
 * entry admitted here may admit the author of another (a join, then that device's grant).
 * Accepted entries are noted in `admissions`.
 */
export async function screenEntries(
  items: readonly { hash: string; entry: MemberEntry }[],
  ws: string,
  admissions: Admissions,
  cache: SignatureCache,
): Promise<Screened[]> {
  const out: Screened[] = []
  const waiting = new Map<string, { hash: string; entry: MemberEntry }[]>()
  const queue: { hash: string; entry: MemberEntry }[] = []
  for (const item of items) {
    const refused = await screenSelf(item.hash, item.entry, ws, cache)
    if (refused) out.push(refused)
    else queue.push(item)
  }
  for (let item = queue.pop(); item; item = queue.pop()) {
    const verdict = await screenAuthor(item.hash, item.entry, admissions, cache)
    if (verdict.kind === 'waits') {
      const list = waiting.get(verdict.on)
      if (list) list.push(item)
      else waiting.set(verdict.on, [item])
      continue
    }
    out.push(verdict)
    if (verdict.kind !== 'accepted') continue
    // What this entry admits releases the entries that were waiting for it.
    for (const id of admissions.note(item.hash, item.entry)) {
      queue.push(...(waiting.get(id) ?? []))
      waiting.delete(id)
    }
  }
  for (const [on, list] of waiting) {
    for (const { hash, entry } of list) {
      const what = entry.type === 'join' && on === entry.body.invite ? `invite ${on.slice(0, 12)}…` : `device ${on.slice(0, 12)}…`
      out.push({ kind: 'deferred', hash, waitsOn: on, device: entry.author, detail: `${entry.type} entry: signed by a stranger (this log has no ${what})` })
    }
  }
  return out
}

async function screenAuthor(
  hash: string,
  entry: MemberEntry,
  admissions: Admissions,
  cache: SignatureCache,
): Promise<Extract<Screened, { kind: 'accepted' | 'refused' }> | { kind: 'waits'; on: string }> {
  if (admissions.hasDevice(entry.author)) return { kind: 'accepted', hash, entry }
  if (entry.type !== 'join' || entry.body.device.id !== entry.author) return { kind: 'waits', on: entry.author }
  const key = admissions.inviteKey(entry.body.invite)
  if (key === undefined) return { kind: 'waits', on: entry.body.invite }
  let ok = cache.get(`${hash}/proof`)
  if (ok === undefined) cache.set(`${hash}/proof`, (ok = await verifyJoinProof(entry.ws, entry.body.invite, entry.author, entry.body.proof, key)))
  if (ok) return { kind: 'accepted', hash, entry }
  return { kind: 'refused', hash, reason: 'bad-signature', detail: 'join entry: the invite proof does not verify', scope: 'entry', device: entry.author }
}
