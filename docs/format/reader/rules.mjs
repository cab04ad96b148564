// What each membership entry may do (FORMAT.md, "members/<entryHash>.json" and "Folding the
// log"): its shape, then who may write it given the state its predecessors in the fold
// produced, then what it changes. A rule either refuses the entry (a reason and a sentence) or
// applies it whole, so every rule checks everything before it changes anything.

import { ed25519KeyProblem, fromHex, verifyRecord } from './primitives.mjs'
import { acknowledge, closeFrom, initialWindows, openFrom } from './windows.mjs'

// ---- Shapes: a body with a missing, mistyped or unknown field is malformed. ----

const isObject = (v) => typeof v === 'object' && v !== null && !Array.isArray(v)
const hex = (chars) => (v) => typeof v === 'string' && v.length === chars && /^[0-9a-f]*$/.test(v)
const key = hex(64)
const entryHash = hex(64)
const epochId = hex(16)
const b64 = (v) => typeof v === 'string' && /^[A-Za-z0-9_-]*$/.test(v)
const uint = (v) => Number.isSafeInteger(v) && v >= 0
const role = (v) => v === 'admin' || v === 'writer' || v === 'reader'
const optional = (check) => (v) => v === undefined || check(v)
const list = (item, max) => (v) => Array.isArray(v) && v.length <= max && v.every(item)
const fields = (checks) => (v) => isObject(v) && Object.entries(checks).every(([k, check]) => check(v[k]))

const device = fields({ id: key, box: (v) => b64(v) && v.length === 43, user: key, cert: b64, kind: optional((v) => v === 'recovery') })
const lockbox = fields({ to: key, epoch: epochId, box: b64 })
const cutoffs = (v) => isObject(v) && Object.keys(v).length <= 256 && Object.entries(v).every(([k, n]) => key(k) && uint(n))
const rotation = fields({ epoch: epochId, lockboxes: list(lockbox, 512), prev: b64 })
const docId = hex(32)
const erasedBlob = fields({ blob: hex(32), device: key })

const BODIES = {
  invite: { key, role, epoch: epochId, lockbox: b64, expires: optional(uint), uses: optional((v) => uint(v) && v >= 1), user: optional(key) },
  'revoke-invite': { invite: entryHash },
  join: { invite: entryHash, device, proof: b64 },
  'add-device': { device, lockboxes: optional(list(lockbox, 64)) },
  role: { member: key, role, cutoffs },
  'remove-member': { member: key, cutoffs, rotation: optional(rotation) },
  'remove-device': { device: key, cutoff: uint, rotation: optional(rotation) },
  rotate: { rotation },
  grant: { lockboxes: list(lockbox, 512) },
  ack: { device: key, seq: uint },
  erase: { docs: list(docId, 64), blobs: list(erasedBlob, 64) },
}

/** Why an entry's fields are malformed, or undefined. */
export function shapeProblem(entry) {
  if (!hex(32)(entry.ws)) return 'ws must be a workspace id'
  if (!list(entryHash, 64)(entry.parents) || entry.parents.length === 0) return 'parents must be 1–64 entry hashes'
  if (!key(entry.author) || !uint(entry.at) || !b64(entry.sig)) return 'author, at or sig is malformed'
  const checks = Object.hasOwn(BODIES, entry.type) ? BODIES[entry.type] : undefined
  if (!checks) return `unknown entry type ${JSON.stringify(entry.type)}`
  if (!isObject(entry.body)) return 'body must be an object'
  const unknown = Object.keys(entry.body).find((k) => !Object.hasOwn(checks, k))
  if (unknown) return `${entry.type} body has an unknown field ${JSON.stringify(unknown)}`
  const bad = Object.keys(checks).find((k) => !checks[k](entry.body[k]))
  return bad ? `${entry.type} body.${bad} is malformed` : undefined
}

// ---- The state the rules read and change. ----

/** The state the genesis alone produces: its founder, an admin, holds its epoch. */
export function initialState(genesisHash, genesis) {
  const { founder, lockbox } = genesis
  return {
    ws: genesisHash.slice(0, 32),
    currentEpoch: lockbox.epoch,
    members: new Map([[founder.user, { role: 'admin', devices: new Set([founder.id]), seniority: -1, removed: false }]]),
    devices: new Map([[founder.id, { record: founder, windows: initialWindows(true), removed: false }]]),
    invites: new Map(),
    epochs: new Map([[lockbox.epoch, { creator: founder.id, copies: new Map([[lockbox.to, [{ box: lockbox.box, granter: founder.id }]]]), prev: undefined }]]),
    /** Removals and demotions, for "removal wins": { entry, devices, lost: 'removed' | 'admin' }. */
    losses: [],
    /** Folded erasures by entry hash: { docs, blobs }. Their documents' changes are never applied. */
    erasures: new Map(),
  }
}

/** A device neither removed itself nor of a removed member. */
export function isCurrent(state, id) {
  const device = state.devices.get(id)
  const member = device && state.members.get(device.record.user)
  return !!member && !device.removed && !member.removed && member.devices.has(id)
}

const roleOf = (state, id) => (isCurrent(state, id) ? state.members.get(state.devices.get(id).record.user).role : undefined)
const isCurrentDeviceOf = (state, id, user) => isCurrent(state, id) && state.devices.get(id).record.user === user
const adminCount = (state) => [...state.members.values()].filter((m) => !m.removed && m.role === 'admin').length
const currentDevices = (state) => [...state.devices.keys()].filter((id) => isCurrent(state, id))

const refuse = (reason, detail) => `${reason}: ${detail}`
const requireAdmin = (state, author, action) => (roleOf(state, author) === 'admin' ? undefined : refuse('unauthorized', `only an admin may ${action}`))

/** A device's keys must be of prime order to be admitted (FORMAT.md, "Ed25519 keys from outside"). */
function deviceProblem(record) {
  for (const field of ['id', 'user']) {
    const weak = ed25519KeyProblem(fromHex(record[field]), { primeOrder: true })
    if (weak) return refuse('invalid-entry', `the device's ${field} key is ${weak}`)
  }
  const { cert, ...certified } = record
  return verifyRecord('device-cert', { ...certified, sig: cert }, record.user) ? undefined : refuse('bad-signature', 'the device certificate does not verify')
}

/**
 * Lockbox copies per epoch and recipient, in fold order: the first from each granting user, at
 * most 16 in all, so one user's garbage never hides another's good copy. (Who counts as
 * *holding* the epoch only decides who seals more copies: a reader does not need it.)
 */
function addCopies(state, lockboxes, granter) {
  const userOf = (id) => state.devices.get(id)?.record.user
  for (const { to, epoch, box } of lockboxes) {
    const copies = state.epochs.get(epoch).copies
    const list = copies.get(to) ?? []
    if (list.length < 16 && !list.some((c) => userOf(c.granter) === userOf(granter))) copies.set(to, [...list, { box, granter }])
  }
}

/** A new epoch: sealed only to devices that remain, including its author, under a new id. */
function rotationProblem(state, rotation, author, leaving) {
  if (state.epochs.has(rotation.epoch)) return refuse('invalid-entry', `epoch ${rotation.epoch} already exists`)
  if (leaving.includes(author)) return refuse('unauthorized', 'a device that leaves cannot choose the next key')
  const remaining = new Set(currentDevices(state).filter((id) => !leaving.includes(id)))
  const to = rotation.lockboxes.map((l) => l.to)
  if (rotation.lockboxes.some((l) => l.epoch !== rotation.epoch)) return refuse('invalid-entry', 'a rotation lockbox names another epoch')
  if (!to.every((id) => remaining.has(id))) return refuse('invalid-entry', 'a rotation lockbox is sealed to a device that does not remain')
  if (new Set(to).size !== to.length) return refuse('invalid-entry', 'two rotation lockboxes for one device')
  return to.includes(author) ? undefined : refuse('invalid-entry', 'the rotation must include its author')
}

function applyRotation(state, rotation, author) {
  state.epochs.set(rotation.epoch, { creator: author, copies: new Map(), prev: rotation.prev })
  addCopies(state, rotation.lockboxes, author)
  state.currentEpoch = rotation.epoch
}

// ---- The rules, one per entry type. Each returns a refusal or undefined (applied). ----

const RULES = {
  invite(state, { author, body }, { hash }) {
    // A device invite (`user` set) may also come from a current device of that user.
    if (body.user === undefined || !isCurrentDeviceOf(state, author, body.user)) {
      const problem = requireAdmin(state, author, 'invite')
      if (problem) return body.user === undefined ? problem : refuse('unauthorized', 'only a device of that user (or an admin) may invite a device of theirs')
    }
    if (!state.epochs.has(body.epoch)) return refuse('invalid-entry', `the invite carries unknown epoch ${body.epoch}`)
    const weak = ed25519KeyProblem(fromHex(body.key), { primeOrder: true })
    if (weak) return refuse('invalid-entry', `the invite key is ${weak}`)
    state.invites.set(hash, { ...body, used: 0, revoked: false })
  },

  'revoke-invite'(state, { author, body }) {
    const invite = state.invites.get(body.invite)
    const problem = requireAdmin(state, author, 'revoke an invite') ?? (!invite ? refuse('invalid-entry', 'no such invite') : invite.revoked ? refuse('invalid-entry', 'the invite is already revoked') : undefined)
    if (problem) return problem
    invite.revoked = true
  },

  join(state, { author, at, body }, { position }) {
    const { device } = body
    const invite = state.invites.get(body.invite)
    if (device.id !== author) return refuse('unauthorized', 'a join must be signed by the joining device')
    if (device.kind === 'recovery') return refuse('invalid-entry', 'a recovery key cannot join')
    if (!invite) return refuse('invalid-entry', 'the invite does not exist or is not valid')
    if (invite.revoked) return refuse('invalid-entry', 'the invite was revoked')
    if (invite.uses !== undefined && invite.used >= invite.uses) return refuse('invalid-entry', 'the invite has been used up')
    if (invite.expires !== undefined && at > invite.expires) return refuse('invalid-entry', 'the invite had expired')
    if (state.devices.has(device.id)) return refuse('invalid-entry', 'the device is already in the workspace')
    if (invite.user !== undefined) {
      const owner = state.members.get(invite.user)
      if (device.user !== invite.user || !owner || owner.removed) return refuse('unauthorized', 'a device invite admits only a device of its user, while they are a member')
    }
    const problem = deviceProblem(device)
    if (problem) return problem
    if (!verifyRecord('join-proof', { ws: state.ws, invite: body.invite, device: device.id, sig: body.proof }, invite.key)) return refuse('bad-signature', 'the invite proof does not verify')
    invite.used++
    // A member who joins again after a removal arrives anew: new seniority, the invite's role.
    const member = state.members.get(device.user)
    if (member && !member.removed) member.devices.add(device.id)
    else state.members.set(device.user, { role: invite.role, devices: new Set([device.id, ...(member?.devices ?? [])]), seniority: position, removed: false })
    state.devices.set(device.id, { record: device, windows: initialWindows(state.members.get(device.user).role !== 'reader'), removed: false })
  },

  'add-device'(state, { author, body }) {
    const { device, lockboxes = [] } = body
    const member = state.members.get(device.user)
    if (state.devices.has(device.id)) return refuse('invalid-entry', 'the device is already in the workspace')
    if (!member || member.removed) return refuse('invalid-entry', 'the device belongs to a user who is not a member')
    if (!isCurrentDeviceOf(state, author, device.user)) return refuse('unauthorized', 'only a current device of the same user may add a device')
    const problem = deviceProblem(device)
    if (problem) return problem
    if (lockboxes.some((l) => l.to !== device.id || !state.epochs.has(l.epoch))) return refuse('invalid-entry', 'lockboxes must be for the added device and known epochs')
    member.devices.add(device.id)
    // A recovery key never writes: its window is closed from the start.
    state.devices.set(device.id, { record: device, windows: initialWindows(member.role !== 'reader' && device.kind !== 'recovery'), removed: false })
    addCopies(state, lockboxes, author)
  },

  role(state, { author, body }, { hash }) {
    const member = state.members.get(body.member)
    const problem =
      requireAdmin(state, author, 'change roles') ??
      (!member || member.removed ? refuse('invalid-entry', 'no such member') : undefined) ??
      (member.role === body.role ? refuse('invalid-entry', `the member is already ${body.role}`) : undefined) ??
      (member.role === 'admin' && adminCount(state) === 1 ? refuse('invalid-entry', 'the last admin cannot be demoted') : undefined)
    if (problem) return problem
    const wasAdmin = member.role === 'admin'
    member.role = body.role
    // Each device's window changes after what the author had applied of it; a removed device
    // may be narrowed, never re-opened.
    for (const id of member.devices) {
      const device = state.devices.get(id)
      const from = (body.cutoffs[id] ?? 0) + 1
      const write = body.role !== 'reader' && device.record.kind !== 'recovery'
      if (write && !device.removed) device.windows = openFrom(device.windows, from)
      else if (!write) device.windows = closeFrom(device.windows, from)
    }
    if (wasAdmin) state.losses.push({ entry: hash, devices: [...member.devices], lost: 'admin' })
  },

  'remove-member'(state, { author, body }, { hash }) {
    const member = state.members.get(body.member)
    if (!member || member.removed) return refuse('invalid-entry', 'no such member')
    // A member may leave by itself; removing anyone else takes an admin.
    const problem =
      (isCurrentDeviceOf(state, author, body.member) ? undefined : requireAdmin(state, author, 'remove a member')) ??
      (member.role === 'admin' && adminCount(state) === 1 ? refuse('invalid-entry', 'the last admin cannot be removed') : undefined)
    if (problem) return problem
    const targets = [...member.devices].filter((id) => !state.devices.get(id).removed)
    const bad = body.rotation && rotationProblem(state, body.rotation, author, targets)
    if (bad) return bad
    member.removed = true
    for (const id of targets) closeDevice(state, id, body.cutoffs[id] ?? 0)
    state.losses.push({ entry: hash, devices: [...member.devices], lost: 'removed' })
    if (body.rotation) applyRotation(state, body.rotation, author)
  },

  'remove-device'(state, { author, body }, { hash }) {
    const target = state.devices.get(body.device)
    if (!target || !isCurrent(state, body.device)) return refuse('invalid-entry', 'no such current device')
    const problem =
      (isCurrentDeviceOf(state, author, target.record.user) ? undefined : requireAdmin(state, author, "remove another member's device")) ??
      (body.rotation && rotationProblem(state, body.rotation, author, [body.device]))
    if (problem) return problem
    closeDevice(state, body.device, body.cutoff)
    state.losses.push({ entry: hash, devices: [body.device], lost: 'removed' })
    if (body.rotation) applyRotation(state, body.rotation, author)
  },

  rotate(state, { author, body }) {
    const problem = requireAdmin(state, author, 'rotate keys') ?? rotationProblem(state, body.rotation, author, [])
    if (problem) return problem
    applyRotation(state, body.rotation, author)
  },

  grant(state, { author, body }) {
    if (!isCurrent(state, author)) return refuse('unauthorized', 'only a current device may grant keys')
    for (const { to, epoch } of body.lockboxes) {
      if (!isCurrent(state, to)) return refuse('invalid-entry', `a lockbox is sealed to ${to.slice(0, 12)}…, which is not a current device`)
      if (!state.epochs.has(epoch)) return refuse('invalid-entry', `unknown epoch ${epoch}`)
    }
    addCopies(state, body.lockboxes, author)
  },

  ack(state, { author, body }) {
    const role = roleOf(state, author)
    if (role === undefined) return refuse('unauthorized', 'only a current device may acknowledge')
    if (role === 'reader') return refuse('unauthorized', 'only a device that may write may acknowledge writes')
    if (author === body.device) return refuse('unauthorized', 'a device cannot acknowledge its own writes')
    const device = state.devices.get(body.device)
    if (!device) return refuse('invalid-entry', 'nothing to acknowledge: no such device')
    const windows = acknowledge(device.windows, body.seq)
    if (!windows) return refuse('unauthorized', `nothing to acknowledge: none of ${body.device.slice(0, 12)}…'s writes up to #${body.seq} were cut off`)
    device.windows = windows
  },

  // Documents and attachments erased for good. Not an admin action that a later demotion
  // voids: once folded, devices have deleted what it names (a removal still voids it).
  erase(state, { author, body }, { hash }) {
    const problem = requireAdmin(state, author, 'erase')
    if (problem) return problem
    if (body.docs.length === 0 && body.blobs.length === 0) return refuse('invalid-entry', 'an erasure names at least one document or attachment')
    // The epoch current at this point: its redactions are sealed under it or a later one.
    state.erasures.set(hash, { docs: [...body.docs], blobs: body.blobs.map(({ blob, device }) => ({ blob, device })), epoch: state.currentEpoch })
  },
}

/** A removal closes the device's window after its cutoff, for good. */
function closeDevice(state, id, cutoff) {
  const device = state.devices.get(id)
  device.removed = true
  device.windows = closeFrom(device.windows, cutoff + 1)
}

/** Checks `entry` against `state` and applies it: a refusal ("reason: sentence") or undefined. */
export function applyEntry(state, entry, context) {
  // A recovery key only ever admits a new device of its user (restoring from the kit).
  if (state.devices.get(entry.author)?.record.kind === 'recovery' && entry.type !== 'add-device') return refuse('unauthorized', 'a recovery key may only add a device')
  return RULES[entry.type](state, entry, context)
}
