// The membership log (FORMAT.md, "members/<entryHash>.json" and "Folding the log"): which
// entries from storage are kept, the fold that orders them and applies each one's rule
// (rules.mjs), and what the rest of the reader asks of the result: may this device's envelope
// #n be applied, and which epoch secrets does the recovery key open.

import { fromBase64Url, fromUtf8, hkdf, openRandom, openSealedBox, toHex, utf8, verifyRecord } from './primitives.mjs'
import { applyEntry, initialState } from './rules.mjs'
import { lastWritable, windowAt } from './windows.mjs'

/**
 * Verify before store: of the entries that parse and are signed by their author, keep those
 * whose author a kept entry admitted (the founder, the device of a join or add-device), and
 * joins signed by the joining device with a valid proof for a kept invite. The rest is never
 * folded, so an entry naming one as a parent waits for ever — as on every member's device,
 * where they are never stored.
 */
export function screenEntries(genesis, entries, ws, skip) {
  const admitted = new Set([genesis.founder.id])
  const inviteKeys = new Map()
  const kept = new Map()
  const authorized = (entry) =>
    admitted.has(entry.author) ||
    (entry.type === 'join' && entry.body.device.id === entry.author && inviteKeys.has(entry.body.invite) && joinProofHolds(ws, entry, inviteKeys.get(entry.body.invite)))
  // An entry kept may admit the author of another: repeat until nothing more is kept.
  for (let grew = true; grew; ) {
    grew = false
    for (const [hash, entry] of entries) {
      if (kept.has(hash) || !authorized(entry)) continue
      kept.set(hash, entry)
      grew = true
      if (entry.type === 'invite') inviteKeys.set(hash, entry.body.key)
      if (entry.type === 'join' || entry.type === 'add-device') admitted.add(entry.body.device.id)
    }
  }
  for (const [hash, entry] of entries) {
    if (kept.has(hash)) continue
    const badProof = entry.type === 'join' && inviteKeys.has(entry.body.invite)
    skip(`${ws}/members/${hash}.json`, badProof ? 'bad-signature: the invite proof does not verify' : 'unknown-device: signed by a device no entry admitted')
  }
  return kept
}

const joinProofHolds = (ws, entry, inviteKey) => verifyRecord('join-proof', { ws, invite: entry.body.invite, device: entry.author, sig: entry.body.proof }, inviteKey)

// When a device or member loses authority, what its devices wrote that the loss does not
// descend from is void: everything after a removal, only admin actions after a demotion. An
// erasure is not among them: a demotion does not bring erased content back.
const ADMIN_ACTIONS = new Set(['invite', 'revoke-invite', 'role', 'rotate', 'remove-member', 'remove-device'])
const voids = (loss, entry) => loss.lost === 'removed' || ADMIN_ACTIONS.has(entry.type)
const voidReason = (loss) => `unauthorized: concurrent with or after the ${loss.lost === 'admin' ? 'demotion' : 'removal'} of its author (entry ${loss.entry.slice(0, 12)}…)`

/**
 * Folds the kept entries into the state every member computes. A pass that finds a loss
 * voiding an entry folded before it ("removal wins") runs again without that entry, until
 * nothing more is voided; voided entries stay voided.
 */
export function foldMembership(genesisHash, genesis, entries) {
  const children = new Map()
  for (const [hash, entry] of entries) for (const parent of new Set(entry.parents)) children.set(parent, [...(children.get(parent) ?? []), hash])
  const voided = new Map()
  for (;;) {
    const { state, late } = foldPass(genesisHash, genesis, entries, children, voided)
    const before = voided.size
    for (const [hash, why] of late) if (!voided.has(hash)) voided.set(hash, why)
    if (voided.size === before) return state
  }
}

function foldPass(genesisHash, genesis, entries, children, voided) {
  const state = { ...initialState(genesisHash, genesis), refused: new Map(), waiting: [] }
  const folded = new Set()
  const ready = new Set()
  const missing = new Map([...entries].map(([hash, entry]) => [hash, new Set(entry.parents).size]))
  const release = (hash) => {
    for (const child of children.get(hash) ?? []) if (missing.set(child, missing.get(child) - 1).get(child) === 0) ready.add(child)
  }
  const appliedBy = new Map() // device → entries it wrote that applied, in fold order
  const lossesOf = new Map() // device → losses of authority so far
  const earlier = [] // losses that may void entries folded before them
  let position = 0 // counts entries whose rule ran: a member's seniority is its join's position

  release(genesisHash)
  while (ready.size > 0) {
    const hash = nextReady(state, ready, entries)
    const entry = entries.get(hash)
    ready.delete(hash)
    folded.add(hash)
    const loss = (lossesOf.get(entry.author) ?? []).find((l) => voids(l, entry))
    const lossesBefore = state.losses.length
    const refusal = voided.get(hash) ?? (loss ? voidReason(loss) : applyEntry(state, entry, { hash, position: position++ }))
    if (refusal) state.refused.set(hash, refusal)
    else {
      for (const lost of state.losses.slice(lossesBefore)) {
        const candidates = lost.devices.flatMap((d) => appliedBy.get(d) ?? []).filter((h) => voids(lost, entries.get(h)))
        if (candidates.length > 0) earlier.push({ loss: lost, candidates })
        for (const d of lost.devices) lossesOf.set(d, [...(lossesOf.get(d) ?? []), lost])
      }
      appliedBy.set(entry.author, [...(appliedBy.get(entry.author) ?? []), hash])
    }
    // A refused entry still releases its children: they are checked on their own.
    release(hash)
  }

  const late = new Map()
  for (const { loss, candidates } of earlier) {
    const ancestors = ancestorsOf(loss.entry, entries)
    for (const hash of candidates) if (!ancestors.has(hash) && !late.has(hash)) late.set(hash, voidReason(loss))
  }
  state.waiting = [...entries.keys()].filter((hash) => !folded.has(hash))
  return { state, late }
}

/**
 * Among entries whose parents are all folded: the one whose author's member arrived earliest
 * (the founder first, authors not yet admitted last), then the lower entry hash.
 */
function nextReady(state, ready, entries) {
  const seniority = (hash) => {
    const device = state.devices.get(entries.get(hash).author)
    return state.members.get(device?.record.user)?.seniority ?? Infinity
  }
  let best
  for (const hash of ready) {
    const [a, b] = [seniority(hash), best === undefined ? undefined : seniority(best)]
    if (best === undefined || a < b || (a === b && hash < best)) best = hash
  }
  return best
}

function ancestorsOf(hash, entries) {
  const seen = new Set()
  const stack = [...entries.get(hash).parents]
  while (stack.length > 0) {
    const next = stack.pop()
    if (seen.has(next) || !entries.has(next)) continue
    seen.add(next)
    stack.push(...entries.get(next).parents)
  }
  return seen
}

/** Every document a folded erasure names: its changes are dropped wherever they are found. */
export function erasedDocs(state) {
  return new Set([...state.erasures.values()].flatMap((erasure) => erasure.docs))
}

/** Why envelope #seq of device `id` may not be applied ("reason: sentence"), or undefined. */
export function writeProblem(state, id, seq) {
  const device = state.devices.get(id)
  if (!device) return `unknown-device: ${id.slice(0, 12)}… is not a device of this workspace`
  if (windowAt(device.windows, seq)?.write) return undefined
  const why = device.removed || state.members.get(device.record.user)?.removed ? 'written after the device was removed' : device.record.kind === 'recovery' ? 'a recovery key never writes' : 'written while its member is a reader'
  return `unauthorized: #${seq} ${why}`
}

/** Whether `id` may write from now on: its last window is open (a snapshot's author must). */
export const mayWriteNow = (state, id) => state.devices.has(id) && lastWritable(state.devices.get(id).windows) === Infinity

/**
 * The epoch secrets the recovery key reaches: each epoch's lockbox copies sealed to it (tried
 * in order; a copy counts only if it opens to that epoch's id), then the key chains (`prev`)
 * of the epochs it holds, until nothing new opens.
 */
export async function openEpochs(state, recovery) {
  const secrets = new Map()
  const matches = async (id, secret) => secret?.length === 32 && toHex(await hkdf(secret, 'clientful/v1/epoch-id', 8)) === id
  for (const [id, epoch] of state.epochs) {
    for (const { box } of epoch.copies.get(recovery.deviceId) ?? []) {
      const secret = await openSealedBox(recovery.boxSeed, fromBase64Url(box), `lockbox/${id}/${recovery.deviceId}`)
      if (await matches(id, secret)) {
        secrets.set(id, secret)
        break
      }
    }
  }
  const opened = new Set()
  for (let grew = true; grew; ) {
    grew = false
    for (const [id, epoch] of state.epochs) {
      if (!secrets.has(id) || !epoch.prev || opened.has(id)) continue
      opened.add(id)
      const key = await hkdf(secrets.get(id), 'clientful/v1/content')
      const plain = await openRandom(key, fromBase64Url(epoch.prev), utf8(`clientful/v1/key-chain/${id}`))
      for (const [old, value] of Object.entries(keyChain(plain))) {
        const secret = typeof value === 'string' && /^[A-Za-z0-9_-]{43}$/.test(value) ? fromBase64Url(value) : undefined
        if (!secrets.has(old) && (await matches(old, secret))) {
          secrets.set(old, secret)
          grew = true
        }
      }
    }
  }
  return secrets
}

/** A key chain's JSON { epoch id: base64url secret }; nothing when it does not open or parse. */
function keyChain(plain) {
  try {
    const chain = plain && JSON.parse(fromUtf8(plain))
    return typeof chain === 'object' && chain !== null ? chain : {}
  } catch {
    return {}
  }
}
